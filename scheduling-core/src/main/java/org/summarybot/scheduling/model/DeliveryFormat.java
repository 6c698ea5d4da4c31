package org.summarybot.scheduling.model;

/** How a summary is rendered for a destination. */
public enum DeliveryFormat {
  EMBED,
  MARKDOWN,
  JSON
}

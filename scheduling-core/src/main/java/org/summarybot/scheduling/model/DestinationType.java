package org.summarybot.scheduling.model;

/** Where a summary can be delivered. Each type is served by one {@code DeliveryChannel}. */
public enum DestinationType {
  DISCORD_CHANNEL,
  WEBHOOK,
  FILE,
  CONSOLE
}

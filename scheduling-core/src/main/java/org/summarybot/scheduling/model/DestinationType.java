package org.summarybot.scheduling.model;

/** Where a summary can be delivered. Each type is served by one {@code DeliveryChannel}. */
public enum DestinationType {
  DISCORD_CHANNEL,
  WEBHOOK,
  FILE,
  CONSOLE;

  private final String key = name().toLowerCase(java.util.Locale.ROOT);

  /** The type's name in lower case, as destination keys spell it ({@code discord_channel}, {@code webhook}, ...). */
  public String key() {
    return key;
  }
}

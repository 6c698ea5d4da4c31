package org.summarybot.scheduling.model;

import org.summarybot.scheduling.model.ValidationException;

/** A Discord channel id (a snowflake: a positive 64-bit number, written in decimal). */
public record ChannelId(long value) implements Comparable<ChannelId> {
  public ChannelId {
    if (value <= 0) {
      throw new ValidationException("channel", value + " is not a Discord channel id (a positive snowflake)");
    }
  }

  public static ChannelId of(long value) {
    return new ChannelId(value);
  }

  /** Parses the decimal form; a bad value is a {@link ValidationException} naming the field {@code channel}. */
  public static ChannelId parse(String text) {
    String t = text == null ? "" : text.strip();
    try {
      return new ChannelId(Long.parseLong(t));
    } catch (NumberFormatException e) {
      throw new ValidationException("channel", "'" + t + "' is not a Discord channel id (a positive snowflake)");
    }
  }

  @Override
  public int compareTo(ChannelId o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}

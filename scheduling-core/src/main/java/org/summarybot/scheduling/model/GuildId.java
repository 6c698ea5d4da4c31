package org.summarybot.scheduling.model;

import org.summarybot.scheduling.model.ValidationException;

/** A Discord guild id (a snowflake: a positive 64-bit number, written in decimal). */
public record GuildId(long value) implements Comparable<GuildId> {
  public GuildId {
    if (value <= 0) {
      throw new ValidationException("guild", value + " is not a Discord guild id (a positive snowflake)");
    }
  }

  public static GuildId of(long value) {
    return new GuildId(value);
  }

  /** Parses the decimal form; a bad value is a {@link ValidationException} naming the field {@code guild}. */
  public static GuildId parse(String text) {
    String t = text == null ? "" : text.strip();
    try {
      return new GuildId(Long.parseLong(t));
    } catch (NumberFormatException e) {
      throw new ValidationException("guild", "'" + t + "' is not a Discord guild id (a positive snowflake)");
    }
  }

  @Override
  public int compareTo(GuildId o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}

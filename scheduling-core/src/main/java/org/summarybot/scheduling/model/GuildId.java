package org.summarybot.scheduling.model;

import org.summarybot.scheduling.model.ValidationException;

/**
 * A Discord guild id (a snowflake: a positive 64-bit number, written in decimal), or {@link #OPERATOR}: the
 * place of an operator task, one that spans every guild (a cleanup of the whole store), which no guild's view
 * sees. {@link #parse} (what people type) never gives {@code OPERATOR}; stores keep it as 0.
 */
public record GuildId(long value) implements Comparable<GuildId> {
  /** The guild of an operator task, which spans every guild: only {@code CLEANUP} tasks may have it. */
  public static final GuildId OPERATOR = new GuildId(0);

  public GuildId {
    if (value < 0) {
      throw new ValidationException("guild", value + " is not a Discord guild id (a positive snowflake)");
    }
  }

  /** Whether this is {@link #OPERATOR}, the place of a task spanning every guild. */
  public boolean isOperator() {
    return value == 0;
  }

  public static GuildId of(long value) {
    return new GuildId(value);
  }

  /** Parses the decimal form; a bad value is a {@link ValidationException} naming the field {@code guild}. */
  public static GuildId parse(String text) {
    String t = text == null ? "" : text.strip();
    try {
      long v = Long.parseLong(t);
      if (v <= 0) {
        throw new ValidationException("guild", v + " is not a Discord guild id (a positive snowflake)");
      }
      return new GuildId(v);
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

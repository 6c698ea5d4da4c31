package org.summarybot.scheduling.port;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * What paid summarizers spent on one UTC day, kept in the task store so that every node sharing it sees the same
 * figure, across restarts.
 *
 * @param micros the spend in millionths of the configured currency
 * @param closed a request was refused for the budget that day: nothing more is charged (sent) until the next day
 */
public record DaySpend(LocalDate day, long micros, boolean closed) {
  /**
   * The limit of a settlement: spend already incurred (a model counted more tokens than planned), charged whatever
   * the day's state.
   */
  public static final long NO_LIMIT = Long.MAX_VALUE;

  public DaySpend {
    requireNonNull(day, "day");
    if (micros < 0) {
      throw new IllegalArgumentException("a day's spend is never negative");
    }
  }

  /** The spend of a day nothing was charged to yet. */
  public static DaySpend none(LocalDate day) {
    return new DaySpend(day, 0, false);
  }

  /**
   * The day's spend after charging {@code amount} within {@code limit}: the amount added when the day is open and
   * the total stays within the limit; else the day closed with its spend unchanged. A refund (a negative amount)
   * always applies, never taking the spend below 0, and so does a settlement ({@link #NO_LIMIT}). Every store
   * applies a charge through this one rule.
   */
  public DaySpend charge(long amount, long limit) {
    if (amount <= 0) {
      return new DaySpend(day, Math.max(0, micros + amount), closed);
    }
    if (limit == NO_LIMIT) {
      return new DaySpend(day, micros + amount, closed);
    }
    if (closed || micros + amount > limit) {
      return new DaySpend(day, micros, true);
    }
    return new DaySpend(day, micros + amount, false);
  }
}

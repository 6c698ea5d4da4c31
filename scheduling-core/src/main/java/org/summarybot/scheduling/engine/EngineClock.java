package org.summarybot.scheduling.engine;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.summarybot.scheduling.port.Clock;

/**
 * The engine's clock: the source clock's readings in whole milliseconds. Every instant the engine stores is in
 * whole milliseconds, so it survives any store (SQL keeps microseconds) unchanged and execution ids derived from
 * it agree on every node.
 *
 * <p>A speed trick, kept here: readings in the same millisecond share one {@link Instant}, so a burst of
 * schedules or completions keeps one object per millisecond, not one per task. The last reading is kept without
 * synchronisation on purpose: a stale or lost one only costs an allocation.
 */
final class EngineClock implements Clock {
  private record Tick(long ms, Instant at) {}

  private final Clock source;
  private Tick last;

  EngineClock(Clock source) {
    this.source = source;
  }

  @Override
  public Instant now() {
    Instant reading = source.now();
    long ms;
    try {
      ms = reading.toEpochMilli();
    } catch (ArithmeticException beyondMillis) {
      // Only a test clock reads hundreds of millions of years away; truncate it as it is.
      return reading.truncatedTo(ChronoUnit.MILLIS);
    }
    Tick seen = last;
    if (seen != null && seen.ms == ms) {
      return seen.at;
    }
    Tick now = new Tick(ms, Instant.ofEpochMilli(ms));
    last = now;
    return now.at;
  }
}

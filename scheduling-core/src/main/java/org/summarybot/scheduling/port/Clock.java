package org.summarybot.scheduling.port;

import java.time.Instant;

/**
 * The one source of "now" for the library. Core code never reads the system time itself: it asks a
 * {@code Clock}, so tests drive time with {@link org.summarybot.scheduling.testing.FakeClock}.
 */
@FunctionalInterface
public interface Clock {
  /** The current instant. */
  Instant now();

  /**
   * Runs {@code listener} after each jump of this clock: a change of time other than its steady passage, as
   * when a test clock is set or advanced. The engine listens so that it wakes when time jumps instead of
   * waiting out a sleep measured against the old time. The system clock never jumps, so by default this does
   * nothing.
   */
  default void addListener(Runnable listener) {}

  /** Stops running a listener added with {@link #addListener}. */
  default void removeListener(Runnable listener) {}

  /** The system clock. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}

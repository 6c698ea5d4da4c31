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

  /** The system clock. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}

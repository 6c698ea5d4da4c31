package org.summarybot.scheduling.port;

import java.time.Instant;

/** The system clock: the only class in core allowed to read the system time. */
enum SystemClock implements Clock {
  INSTANCE;

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public String toString() {
    return "Clock.system()";
  }
}

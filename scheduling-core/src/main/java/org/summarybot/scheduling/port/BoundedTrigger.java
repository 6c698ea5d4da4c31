package org.summarybot.scheduling.port;

import java.time.Instant;
import java.util.Optional;

/**
 * A trigger cut to a task's bounds: no fire before {@code starts} or after {@code ends}, a fire exactly at either
 * counting. An elapsed-time trigger (anchored at {@code starts} by its maker) fires at {@code starts} itself too,
 * so {@code every 1h} starting at 09:00 fires at 09:00, 10:00, ... Made by {@link Trigger#bounded}; a value.
 */
record BoundedTrigger(Trigger inner, Instant starts, Instant ends, boolean firesAtStart) implements Trigger {
  /** {@code starts} and {@code ends} may be null (unbounded); {@code firesAtStart} needs {@code starts}. */
  BoundedTrigger {
    firesAtStart = firesAtStart && starts != null;
  }

  @Override
  public Optional<Instant> nextFireAfter(Instant after) {
    Optional<Instant> next;
    if (starts != null && after.isBefore(starts)) {
      next = firesAtStart ? Optional.of(starts) : inner.nextFireAfter(starts.minusNanos(1));
    } else {
      next = inner.nextFireAfter(after);
    }
    return ends != null && next.isPresent() && next.get().isAfter(ends) ? Optional.empty() : next;
  }

  @Override
  public boolean followsWallClock() {
    return inner.followsWallClock();
  }

  @Override
  public String describe() {
    return inner.describe(); // the bounds are the task's, shown with its other time options
  }

  @Override
  public String toString() {
    return "Bounded" + inner + "[" + starts + ", " + ends + "]";
  }
}

package org.summarybot.scheduling.port;

import java.time.Instant;
import java.util.Optional;

/**
 * A schedule bound to a zone (and, for elapsed-time schedules, an anchor): it answers "when is the next fire
 * strictly after this instant". Implementations are immutable and thread-safe.
 */
public interface Trigger {
  /**
   * The first fire strictly after {@code after}, or empty when the schedule never fires again (a past
   * {@code once}, a Quartz year that has passed).
   */
  Optional<Instant> nextFireAfter(Instant after);

  /**
   * Whether fires follow the wall clock of the zone (calendar and cron schedules) rather than elapsed time
   * ({@code every}). Stored next runs of wall-clock triggers are recomputed on start, so tzdata updates reach them.
   */
  boolean followsWallClock();

  /** A short human sentence, such as "at 09:00 on Monday through Friday, Europe/Berlin". */
  String describe();

  /**
   * This trigger cut to {@code [starts, ends]}, both included; empty bounds leave that side open. An elapsed-time
   * trigger should be anchored at {@code starts}: its grid then fires at {@code starts} and every period after.
   */
  default Trigger bounded(Optional<Instant> starts, Optional<Instant> ends) {
    if (starts.isEmpty() && ends.isEmpty()) {
      return this;
    }
    return new BoundedTrigger(this, starts.orElse(null), ends.orElse(null), !followsWallClock());
  }
}

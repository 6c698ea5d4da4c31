package org.summarybot.scheduling.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.summarybot.scheduling.model.TimeWindow;

/**
 * One past fire of a task in a backfill range ({@link TaskOperations#planBackfill}): its own message window, and,
 * when it needs no run, why.
 *
 * @param fire the fire time; the execution id of its run derives from it, as a regular fire's does
 * @param window the fire's own window: from the schedule's previous fire (or one period, or the task's lookback,
 *     before it when there is none within max lookback) to the fire, never longer than max lookback
 * @param done why the fire needs no run: a successful execution of it, or one whose window reached over it (a
 *     catch-up or a run asked for that coalesced it, or a run after a failure); empty when it is to run
 */
public record BackfillFire(Instant fire, TimeWindow window, Optional<String> done) {
  public BackfillFire {
    requireNonNull(fire, "fire");
    requireNonNull(window, "window");
    requireNonNull(done, "done");
  }

  /** Whether backfill runs this fire. */
  public boolean toRun() {
    return done.isEmpty();
  }
}

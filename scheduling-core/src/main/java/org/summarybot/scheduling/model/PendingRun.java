package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.summarybot.scheduling.Problems;

/**
 * An execution that is not finished: a transient failure is waiting for its next attempt, or a person asked
 * for a run now. Persisted with the task, so a retry survives restarts and is taken over by any node; it is
 * never a sleeping thread.
 *
 * @param scheduledFor the fire time the execution belongs to (its id derives from it)
 * @param nextAttempt the number of the attempt to make (1 for a run-now, 2 or more for a retry)
 * @param dueAt when that attempt may start
 * @param window the message window fixed by the first attempt, so retries summarise exactly the same span
 */
public record PendingRun(Instant scheduledFor, int nextAttempt, Instant dueAt, TimeWindow window, String reason) {
  public PendingRun {
    requireNonNull(scheduledFor, "scheduledFor");
    requireNonNull(dueAt, "dueAt");
    requireNonNull(window, "window");
    requireNonNull(reason, "reason");
    Problems p = new Problems();
    p.check(nextAttempt >= 1, "nextAttempt", nextAttempt + " is not an attempt number");
    p.throwIfAny();
  }
}

package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.summarybot.scheduling.model.Problems;

/**
 * An execution that is not finished: a transient failure is waiting for its next attempt, or a person asked
 * for a run now. Persisted with the task, so a retry survives restarts and is taken over by any node; it is
 * never a sleeping thread.
 *
 * @param scheduledFor the fire time the execution belongs to (its id derives from it)
 * @param nextAttempt the number of the attempt to make (1 for a run-now, 2 or more for a retry)
 * @param dueAt when that attempt may start
 * @param window the message window fixed by the first attempt, so retries summarise exactly the same span
 * @param summary the summary made by the first attempt of this execution that produced one, for later attempts
 *     to deliver unchanged (on any node, after restarts): one execution sends one body under its idempotency keys,
 *     whatever the channel's messages do meanwhile, and a paid summarizer is paid once. Its window is
 *     {@code window}. Empty when no attempt got that far (the messages could not be read, say).
 * @param backfill whether this is a past fire run by {@code backfill}: its window is fixed ({@code window}, the
 *     fire's own) from its first attempt on, and its history record replaces an unsuccessful one of the same fire
 */
public record PendingRun(Instant scheduledFor, int nextAttempt, Instant dueAt, TimeWindow window, String reason,
    Optional<Summary> summary, boolean backfill) {
  public PendingRun {
    requireNonNull(scheduledFor, "scheduledFor");
    requireNonNull(dueAt, "dueAt");
    requireNonNull(window, "window");
    requireNonNull(reason, "reason");
    requireNonNull(summary, "summary");
    Problems p = new Problems();
    p.check(nextAttempt >= 1, "nextAttempt", nextAttempt + " is not an attempt number");
    p.check(summary.isEmpty() || summary.get().window().equals(window), "summary",
        "covers " + summary.map(Summary::window).orElse(window) + ", not the execution's window " + window);
    p.throwIfAny();
  }

  /** A pending run that is not a backfill. */
  public PendingRun(Instant scheduledFor, int nextAttempt, Instant dueAt, TimeWindow window, String reason,
      Optional<Summary> summary) {
    this(scheduledFor, nextAttempt, dueAt, window, reason, summary, false);
  }

  /** The first attempt of the backfill of the past fire {@code fire}, whose own window is {@code window}. */
  public static PendingRun backfill(Instant fire, Instant dueAt, TimeWindow window) {
    return new PendingRun(fire, 1, dueAt, window, "backfill", Optional.empty(), true);
  }

  /** A pending run no attempt has summarised yet. */
  public PendingRun(Instant scheduledFor, int nextAttempt, Instant dueAt, TimeWindow window, String reason) {
    this(scheduledFor, nextAttempt, dueAt, window, reason, Optional.empty());
  }
}

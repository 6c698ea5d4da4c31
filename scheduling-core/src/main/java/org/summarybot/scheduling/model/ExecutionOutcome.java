package org.summarybot.scheduling.model;

/** How one execution ended. */
public enum ExecutionOutcome {
  /** Every enabled destination got the summary (or, for CLEANUP, pruning finished). */
  SUCCEEDED,
  /** It failed permanently, or transiently with no attempts left. */
  FAILED,
  /** The window held fewer messages than the task's {@code minMessages}; nothing was delivered. */
  SKIPPED_NO_CONTENT,
  /** One or more fires did not run (downtime under {@code SKIP}, or beyond a catch-up cap); see the record's range and count. */
  MISSED,
  /**
   * The fire fell on one of the task's skip dates and did not run; its messages roll into the next window.
   */
  SKIPPED_DATE;

  /**
   * Whether an execution with this outcome ran, as the task's run limit ({@code maxRuns}) counts: it succeeded,
   * or failed after its retries. Any execution of a fire counts (a regular fire, a catch-up, a run asked for, a
   * backfill of a past fire); a skip (no content, a skip date) and a missed fire do not.
   */
  public boolean ran() {
    return this == SUCCEEDED || this == FAILED;
  }
}

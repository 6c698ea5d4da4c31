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
  MISSED
}

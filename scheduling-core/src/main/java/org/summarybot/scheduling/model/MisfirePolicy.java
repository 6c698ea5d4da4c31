package org.summarybot.scheduling.model;

/**
 * What to do with fires that start later than the task's misfire grace (the scheduler was down or overloaded).
 * Every missed or coalesced fire is recorded in the history either way.
 */
public enum MisfirePolicy {
  /** One run now, whose window reaches back to the end of the last successful window (capped by max lookback). */
  CATCH_UP_ONCE,
  /** Record the missed fires and wait for the next regular one. */
  SKIP,
  /** Run each missed fire in turn, up to a cap; fires beyond the cap are recorded as missed. */
  CATCH_UP_ALL
}

package org.summarybot.scheduling.engine;

/** How a paused or disabled task picks up again. */
public enum ResumeMode {
  /**
   * Skip what was missed: the next run is the first fire after now, and its window starts now, so the paused
   * span is not summarised.
   */
  FROM_NOW,
  /** Catch up: fires missed while stopped are handled by the task's misfire policy, as after downtime. */
  CATCH_UP
}

package org.summarybot.scheduling.model;

/** The lifecycle state of a task. Only {@link #ACTIVE} tasks fire. */
public enum TaskStatus {
  /** Fires on schedule. */
  ACTIVE,
  /** Stopped by a person; {@code resume} starts it again. Durable across restarts. */
  PAUSED,
  /** Stopped by the scheduler after too many consecutive failures; the reason says why. {@code resume} re-enables it. */
  DISABLED,
  /** A {@code once} task that has run. */
  COMPLETED
}

package org.summarybot.scheduling;

import static java.util.Objects.requireNonNull;

import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.TaskId;

/**
 * An update was based on a version of a task that is no longer current: someone else changed it first.
 * Re-read the task, re-apply the change, and try again.
 */
public class VersionConflictException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  private final TaskId taskId;
  private final long expectedVersion;
  private final long actualVersion;

  public VersionConflictException(TaskId taskId, long expectedVersion, long actualVersion) {
    super("task " + requireNonNull(taskId, "taskId") + " was changed by someone else: the update was based on version "
        + expectedVersion + " but the stored version is " + actualVersion + "; re-read the task and try again");
    this.taskId = taskId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }

  public TaskId taskId() {
    return taskId;
  }

  public long expectedVersion() {
    return expectedVersion;
  }

  public long actualVersion() {
    return actualVersion;
  }
}

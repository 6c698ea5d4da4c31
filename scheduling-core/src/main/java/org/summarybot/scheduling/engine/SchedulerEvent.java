package org.summarybot.scheduling.engine;

import java.time.Instant;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;

/** What a {@link SchedulerListener} hears. Each event names its task. */
public sealed interface SchedulerEvent {
  TaskId taskId();

  /** A task was created. */
  record Scheduled(ScheduledTask task) implements SchedulerEvent {
    @Override
    public TaskId taskId() {
      return task.id();
    }
  }

  /** An attempt of an execution started on this node. */
  record Started(TaskId taskId, ExecutionId executionId, Instant scheduledFor, int attempt) implements SchedulerEvent {}

  /** An execution succeeded (or was skipped for lack of content: see the record's outcome). */
  record Succeeded(TaskId taskId, ExecutionRecord record) implements SchedulerEvent {}

  /** An execution failed for good. */
  record Failed(TaskId taskId, ExecutionRecord record) implements SchedulerEvent {}

  /** An attempt failed transiently; the next attempt is due at {@code retryAt}. */
  record Retrying(TaskId taskId, ExecutionId executionId, int nextAttempt, Instant retryAt, String reason)
      implements SchedulerEvent {}

  /** Fires did not run; the record names the range and the count. */
  record Missed(TaskId taskId, ExecutionRecord record) implements SchedulerEvent {}

  /** The task was disabled after too many consecutive failures. */
  record Disabled(TaskId taskId, String reason) implements SchedulerEvent {}
}

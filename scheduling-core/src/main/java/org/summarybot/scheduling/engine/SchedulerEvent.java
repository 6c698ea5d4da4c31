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

  /**
   * An attempt of an execution started on this node. {@code scheduledFor} is the nominal fire (the execution's
   * identity); {@code dueAt} is when the attempt was due to run (the fire delayed by the task's jitter, or the
   * retry's time), from which lateness is measured.
   */
  record Started(TaskId taskId, ExecutionId executionId, Instant scheduledFor, int attempt, Instant dueAt)
      implements SchedulerEvent {
    /** An attempt due at its fire time (no jitter). */
    public Started(TaskId taskId, ExecutionId executionId, Instant scheduledFor, int attempt) {
      this(taskId, executionId, scheduledFor, attempt, scheduledFor);
    }
  }

  /** An execution succeeded (or was skipped for lack of content: see the record's outcome). */
  record Succeeded(TaskId taskId, ExecutionRecord record) implements SchedulerEvent {}

  /** An execution failed for good. */
  record Failed(TaskId taskId, ExecutionRecord record) implements SchedulerEvent {}

  /** An attempt failed transiently; the next attempt is due at {@code retryAt}. */
  record Retrying(TaskId taskId, ExecutionId executionId, int nextAttempt, Instant retryAt, String reason)
      implements SchedulerEvent {}

  /** A fire fell on one of the task's skip dates and did not run; the record's outcome is {@code SKIPPED_DATE}. */
  record SkippedDate(TaskId taskId, ExecutionRecord record) implements SchedulerEvent {}

  /** Fires did not run; the record names the range and the count. */
  record Missed(TaskId taskId, ExecutionRecord record) implements SchedulerEvent {}

  /** The task was disabled after too many consecutive failures. */
  record Disabled(TaskId taskId, String reason) implements SchedulerEvent {}
}

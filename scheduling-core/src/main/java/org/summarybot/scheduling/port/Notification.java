package org.summarybot.scheduling.port;

import static java.util.Objects.requireNonNull;

import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;

/** Something a human should hear about. */
public sealed interface Notification {
  ScheduledTask task();

  /** An execution failed for good (no attempts left, or a permanent failure). */
  record ExecutionFailed(ScheduledTask task, ExecutionRecord record) implements Notification {
    public ExecutionFailed {
      requireNonNull(task, "task");
      requireNonNull(record, "record");
    }
  }

  /** The task was disabled after too many consecutive failures; {@code resume} re-enables it. */
  record TaskDisabled(ScheduledTask task, String reason) implements Notification {
    public TaskDisabled {
      requireNonNull(task, "task");
      requireNonNull(reason, "reason");
    }
  }

  /** One destination failed permanently and was disabled; the others go on. */
  record DestinationDisabled(ScheduledTask task, Destination destination, String reason) implements Notification {
    public DestinationDisabled {
      requireNonNull(task, "task");
      requireNonNull(destination, "destination");
      requireNonNull(reason, "reason");
    }
  }
}

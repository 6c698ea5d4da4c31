package org.summarybot.scheduling.port;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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

  /**
   * The task has delivered nothing for {@code silentFor} or longer (failures, empty windows, or no scheduler
   * running): its last delivery was at {@code lastDelivered} (empty: never, since {@code since}, its creation).
   * Told once per silence, whichever node notices first.
   */
  record TaskSilent(ScheduledTask task, Optional<Instant> lastDelivered, Instant since, Duration silentFor)
      implements Notification {
    public TaskSilent {
      requireNonNull(task, "task");
      requireNonNull(lastDelivered, "lastDelivered");
      requireNonNull(since, "since");
      requireNonNull(silentFor, "silentFor");
    }
  }

  /**
   * A task reported silent (at {@code alertedAt}) delivered again, at {@code deliveredAt}. Told once per silence.
   */
  record TaskRecovered(ScheduledTask task, Instant alertedAt, Instant deliveredAt) implements Notification {
    public TaskRecovered {
      requireNonNull(task, "task");
      requireNonNull(alertedAt, "alertedAt");
      requireNonNull(deliveredAt, "deliveredAt");
    }
  }
}

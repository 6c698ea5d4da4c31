package org.summarybot.scheduling.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.Notification;

/**
 * The state of one attempt of an execution as it runs: filled in by {@link WindowSummarizer} and
 * {@link Deliverer}, turned into a completion by {@link Recorder}.
 */
final class Attempt {
  final ScheduledTask task;
  final ExecutionId id;
  final Instant scheduledFor;
  final int number;
  final TimeWindow window;
  final Instant startedAt;
  /**
   * Nothing of this execution can be in the delivery log: the store says no node held this fire before, and this
   * is its first attempt. Reading the log is then skipped.
   */
  final boolean logKnownEmpty;
  /** The last delivery of this attempt, logged with the completion rather than by a write of its own. */
  List<String> deferredKeys = List.of();
  ExecutionOutcome outcome;
  boolean retryable;
  /** The failure is not the task's fault and does not count towards auto-disable (a spent budget). */
  boolean excused;
  Optional<Duration> retryAfter = Optional.empty();
  String errorClass;
  String errorMessage;
  int messageCount;
  /** The summary this attempt delivers: an earlier attempt's, or its own once made; null before. */
  Summary summary;
  final List<DeliveryResult> deliveries;
  /** Destinations found gone, by key, with the reason; immutable and empty until one is. */
  Map<String, String> disabled = Map.of();
  /** For the run of a cleanup task, what it removed; null for every other run. */
  org.summarybot.scheduling.model.CleanupCounts removed;
  /** For the run of a backfill, the stored records its record replaces; null for every other run. */
  Backfills.Replacement backfill;
  /** Notifications of this attempt; immutable and empty until there is one. */
  List<Notification> notifications = List.of();

  Attempt(ScheduledTask task, ExecutionId id, Instant scheduledFor, int number, TimeWindow window, Instant startedAt,
      boolean logKnownEmpty) {
    this.task = task;
    this.id = id;
    this.scheduledFor = scheduledFor;
    this.number = number;
    this.window = window;
    this.startedAt = startedAt;
    this.logKnownEmpty = logKnownEmpty;
    this.deliveries = new ArrayList<>(task.destinations().size());
  }

  void destinationGone(Destination d, String reason) {
    if (disabled.isEmpty()) {
      disabled = new HashMap<>();
    }
    disabled.put(d.key(), reason);
    notify(new Notification.DestinationDisabled(task, d, reason));
  }

  void notify(Notification n) {
    if (notifications.isEmpty()) {
      notifications = new ArrayList<>();
    }
    notifications.add(n);
  }

  /** The attempt failed; a retry-after that is longer than one noted before wins. */
  void fail(boolean permanent, String errorClass, String message, Optional<Duration> retryAfter) {
    this.outcome = ExecutionOutcome.FAILED;
    this.retryable = !permanent;
    this.errorClass = errorClass;
    this.errorMessage = message;
    if (retryAfter.isPresent()
        && (this.retryAfter.isEmpty() || retryAfter.get().compareTo(this.retryAfter.get()) > 0)) {
      this.retryAfter = retryAfter;
    }
  }
}

package org.summarybot.scheduling.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.VersionConflictException;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.Notification;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;

/**
 * Silence alerts ({@code alertIfSilent}): an active task that has delivered nothing for that long (measured from
 * its last delivery, or its creation) is reported silent to the notifier, and reported again when it delivers.
 * Silence is noticed whatever its cause (failures, empty windows, a scheduler that was not running), since it is
 * judged from the stored last delivery, not from executions.
 *
 * <p>Each change is told once, across nodes and restarts: it is first written with the task
 * ({@code silenceAlertedAt}) under the task's version, and only the node whose write wins tells it; a node that
 * loses sees the change on its next look and tells nothing.
 */
final class SilenceWatch {
  private static final System.Logger LOG = System.getLogger(TaskScheduler.class.getName());

  private final TaskStore store;
  private final Clock clock;
  private final Reporter reporter;
  private final Duration interval;
  private volatile Instant nextLook = Instant.MIN;

  SilenceWatch(TaskStore store, Clock clock, Reporter reporter, Duration interval) {
    this.store = store;
    this.clock = clock;
    this.reporter = reporter;
    this.interval = interval;
  }

  /** {@link #check} when the last look is {@code interval} ago or more; a failure is logged, never thrown. */
  void checkIfDue() {
    Instant now = clock.now();
    if (now.isBefore(nextLook)) {
      return;
    }
    nextLook = now.plus(interval);
    try {
      check();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not check tasks for silence", e);
    }
  }

  /**
   * Looks at every active task with a silence alert now; returns how many changes this node told. Only those
   * tasks are read: this runs on the timer thread each minute, and reading every task of a large store there would
   * hold up the fires due meanwhile.
   */
  int check() {
    Instant now = clock.now();
    int told = 0;
    for (ScheduledTask t : store.list(TaskQuery.all().withStatus(TaskStatus.ACTIVE).withSilenceAlerts())) {
      Optional<Instant> delivered = t.stats().lastDelivered();
      if (t.silenceAlertedAt().isEmpty()) {
        Instant since = delivered.orElse(t.createdAt());
        if (!now.isBefore(since.plus(t.alertIfSilent().get()))
            && write(t.toBuilder().silenceAlertedAt(Optional.of(now)).build())) {
          reporter.notify(new Notification.TaskSilent(t, delivered, since, Duration.between(since, now)));
          LOG.log(Level.WARNING, "task {0} ({1}) has delivered nothing since {2}", t.id(), t.name(), since);
          told++;
        }
      } else if (t.alertIfSilent().isEmpty()) {
        write(t.toBuilder().silenceAlertedAt(Optional.empty()).build()); // alert switched off: nothing to tell
      } else if (delivered.isPresent() && delivered.get().isAfter(t.silenceAlertedAt().get())
          && write(t.toBuilder().silenceAlertedAt(Optional.empty()).build())) {
        reporter.notify(new Notification.TaskRecovered(t, t.silenceAlertedAt().get(), delivered.get()));
        LOG.log(Level.INFO, "task {0} ({1}) delivers again (at {2})", t.id(), t.name(), delivered.get());
        told++;
      }
    }
    return told;
  }

  /** Writes the change under the task's version; false when another node or a person changed it first. */
  private boolean write(ScheduledTask changed) {
    try {
      store.update(changed);
      return true;
    } catch (VersionConflictException | TaskNotFoundException e) {
      return false;
    }
  }
}

package org.summarybot.scheduling.engine;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import org.summarybot.scheduling.LeaseLostException;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Notification;
import org.summarybot.scheduling.port.Notifier;
import org.summarybot.scheduling.port.TaskStore;

/**
 * Tells what happened: listeners hear the events, the notifier the notifications, the log gets a line per
 * execution, and the node's counters count it. A listener or notifier that throws is logged and skipped. Before
 * telling that a task started, it has the task's earlier outcome told ({@link CompletionOrder}), so listeners
 * hear one task's events in order.
 */
final class Reporter implements Executor.Starts {
  private static final System.Logger LOG = System.getLogger(TaskScheduler.class.getName());

  private final List<SchedulerListener> listeners;
  private final Notifier notifier;
  private final TaskStore store;
  private final StoreTrouble storeTrouble;
  private final CompletionOrder order;
  private final NodeCounters counters;

  Reporter(List<SchedulerListener> listeners, Notifier notifier, TaskStore store, StoreTrouble storeTrouble,
      CompletionOrder order, NodeCounters counters) {
    this.listeners = listeners;
    this.notifier = notifier;
    this.store = store;
    this.storeTrouble = storeTrouble;
    this.order = order;
    this.counters = counters;
  }

  /** An attempt of a claim really starts: its lateness counts, and it is told after the task's earlier outcome. */
  @Override
  public void started(Claim claim, SchedulerEvent.Started event, Instant at) {
    counters.late(at.toEpochMilli() - claim.dueAt().toEpochMilli());
    order.tellEarlierOutcome(claim.task().id());
    publish(event);
  }

  /** A task that cannot run at all was disabled with {@code reason}. */
  void disabled(Claim claim, String reason) {
    order.tellEarlierOutcome(claim.task().id());
    publish(new SchedulerEvent.Disabled(claim.task().id(), reason));
    notify(new Notification.TaskDisabled(claim.task(), reason));
  }

  /** What follows a completion's write: counters, log lines, events and notifications, or the failure handled. */
  void completed(Claim claim, Executor.Result result, ScheduledTask stored, RuntimeException failure) {
    if (failure instanceof TaskNotFoundException) {
      LOG.log(Level.INFO, "task {0} was removed while it ran; its result is dropped", claim.task().id());
      return;
    }
    if (failure instanceof LeaseLostException) {
      LOG.log(Level.WARNING, "task {0}: lease was taken over before completion; result dropped (the new holder "
          + "runs the same execution)", claim.task().id());
      return;
    }
    if (failure != null) {
      storeTrouble.failed("storing a completion", failure);
      String lease;
      try {
        lease = store.releaseLease(claim) ? "its lease handed back" : "its lease is no longer held";
      } catch (RuntimeException e) {
        lease = "its lease expires by itself";
      }
      // One line per execution, without the stack trace the store trouble has logged once already.
      LOG.log(Level.WARNING, "task {0}: could not store the completion of execution for {1} ({2}); {3}, and the "
          + "execution runs again", claim.task().id(), claim.dueAt(), failure.getMessage(), lease);
      return;
    }
    List<ExecutionRecord> records = result.completion().records();
    for (int i = 0; i < records.size(); i++) {
      log(stored, records.get(i));
    }
    List<SchedulerEvent> events = result.events();
    for (int i = 0; i < events.size(); i++) {
      SchedulerEvent e = events.get(i);
      if (!(e instanceof SchedulerEvent.Started)) {
        publish(e);
      }
    }
    List<Notification> notifications = result.notifications();
    for (int i = 0; i < notifications.size(); i++) {
      notify(notifications.get(i));
    }
  }

  private void log(ScheduledTask stored, ExecutionRecord r) {
    if (r.outcome() == ExecutionOutcome.MISSED) {
      LOG.log(Level.WARNING, "task {0}: {1} fire(s) from {2} through {3} missed: {4}", stored.id(),
          r.missedCount(), r.scheduledFor(), r.missedThrough().orElseThrow(), r.errorMessage().orElse(""));
      return;
    }
    if (r.outcome() == ExecutionOutcome.SKIPPED_DATE) {
      LOG.log(Level.INFO, "task {0} ({1}): the fire for {2} did not run: {3}", stored.id(), stored.name(),
          r.scheduledFor(), r.errorMessage().orElse("a skip date"));
      return; // nothing ran
    }
    counters.executed(r.outcome() == ExecutionOutcome.FAILED);
    if (LOG.isLoggable(Level.INFO)) {
      LOG.log(Level.INFO, "task {0} ({1}) execution {2} for {3}: {4} after {5} attempt(s), {6} messages{7}",
          stored.id(), stored.name(), r.id(), r.scheduledFor(), r.outcome(), r.attempts(), r.messageCount(),
          r.errorMessage().map(m -> ": " + m).orElse(""));
    }
  }

  void publish(SchedulerEvent event) {
    for (int i = 0; i < listeners.size(); i++) {
      SchedulerListener l = listeners.get(i);
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "listener " + l + " threw on " + event.getClass().getSimpleName(), e);
      }
    }
  }

  /** Tells the notifier; one that throws is logged. */
  void notify(Notification n) {
    try {
      notifier.notify(n);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "notifier failed for task " + n.task().id(), e);
    }
  }
}

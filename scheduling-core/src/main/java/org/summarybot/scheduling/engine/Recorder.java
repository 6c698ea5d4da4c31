package org.summarybot.scheduling.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.DeliveryStatus;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.PendingRun;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.port.Notification;

/**
 * Turns a finished attempt into the {@link Completion} to store and what to tell after it. A transient failure
 * with attempts left becomes a retry (a {@link PendingRun} with its backoff, carrying the attempt's summary);
 * anything else becomes the execution's history record: a failure counts towards auto-disable and does not
 * advance the window, and a schedule with no more fires completes the task, as does the execution that reaches
 * the task's run limit ({@code maxRuns}: executions that {@linkplain ExecutionOutcome#ran() ran}, counted by the
 * task's stats as successes and failures, so every execution of a fire counts, whatever started it).
 */
final class Recorder {
  /** The status and reason of a task whose schedule has no more fires: every one-shot task ends with them. */
  private static final Optional<TaskStatus> COMPLETED = Optional.of(TaskStatus.COMPLETED);
  private static final Optional<String> NO_MORE_FIRES = Optional.of("the schedule has no more fires");

  private final Clock clock;
  private final RandomGenerator random;

  Recorder(Clock clock, RandomGenerator random) {
    this.clock = clock;
    this.random = random;
  }

  /** {@code earlier}: records to store before this attempt's (missed fires). */
  Executor.Result record(Claim claim, Attempt a, Optional<Instant> nextRun, List<ExecutionRecord> earlier) {
    ScheduledTask task = claim.task();
    Instant now = clock.now();
    if (a.outcome == ExecutionOutcome.FAILED && a.retryable && task.retryPolicy().allowsAttemptAfter(a.number)) {
      return retry(claim, a, nextRun, earlier, now);
    }
    // The record shows the failures of this final attempt as failures, not as retrying.
    ExecutionRecord record = new ExecutionRecord(a.id, task.id(), task.guildId(), a.scheduledFor, a.startedAt, now,
        a.number, a.outcome, Optional.of(a.window), a.messageCount, finalDeliveries(a),
        Optional.ofNullable(a.errorClass), Optional.ofNullable(a.errorMessage), 0, Optional.empty(),
        a.summary == null ? Optional.empty() : a.summary.usage(),
        a.excused && a.outcome == ExecutionOutcome.FAILED,
        Optional.ofNullable(a.removed));
    List<ExecutionRecord> records;
    List<ExecutionRecord> replaced = List.of();
    if (a.backfill != null) {
      // A backfill's record goes in the place of what stood for its fire; a missed range keeps its other fires.
      replaced = a.backfill.replaced();
      records = new ArrayList<>(earlier);
      records.addAll(a.backfill.remainders());
      records.add(record);
    } else if (earlier.isEmpty()) {
      records = List.of(record);
    } else {
      records = new ArrayList<>(earlier);
      records.add(record);
    }
    List<SchedulerEvent> events;
    Optional<TaskStatus> status = Optional.empty();
    Optional<String> reason = Optional.empty();
    boolean advanced = a.outcome != ExecutionOutcome.FAILED;
    if (a.outcome == ExecutionOutcome.FAILED) {
      events = new ArrayList<>(2);
      events.add(new SchedulerEvent.Failed(task.id(), record));
      a.notify(new Notification.ExecutionFailed(task, record));
      int consecutive = task.stats().consecutiveFailures() + (record.excused() ? 0 : 1);
      if (!record.excused() && consecutive >= task.maxConsecutiveFailures()) {
        status = Optional.of(TaskStatus.DISABLED);
        reason = Optional.of("disabled after " + consecutive + " consecutive failed executions; last error: "
            + a.errorMessage);
        events.add(new SchedulerEvent.Disabled(task.id(), reason.get()));
        a.notify(new Notification.TaskDisabled(task, reason.get()));
      }
    } else {
      events = List.of(new SchedulerEvent.Succeeded(task.id(), record));
    }
    if (status.isEmpty() && a.outcome.ran() && task.timeOptions().reachedMaxRuns(task.stats().ran() + 1)) {
      status = COMPLETED;
      int max = task.timeOptions().maxRuns().get();
      reason = Optional.of("reached its max runs: " + max + (max == 1 ? " execution" : " executions") + " ran");
      nextRun = Optional.empty();
    }
    if (status.isEmpty() && nextRun.isEmpty()) {
      status = COMPLETED;
      reason = NO_MORE_FIRES;
    }
    // A failed window is not advanced past, so its messages are summarised by the next run; on a first run,
    // its start is kept so the next window reaches back to it.
    Optional<Instant> windowEnd = advanced ? Optional.of(a.window.to())
        : task.lastWindowEnd().isEmpty() ? Optional.of(a.window.from()) : Optional.empty();
    Completion c = new Completion(claim, records, nextRun, Optional.empty(), windowEnd, status, reason, a.disabled,
        now, a.deferredKeys, replaced);
    return new Executor.Result(c, events, a.notifications);
  }

  private Executor.Result retry(Claim claim, Attempt a, Optional<Instant> nextRun, List<ExecutionRecord> earlier,
      Instant now) {
    ScheduledTask task = claim.task();
    Duration delay = task.retryPolicy().delayBeforeAttempt(a.number + 1, a.retryAfter, random);
    Instant retryAt = now.plus(delay);
    // The summary goes with the retry, unless a summarizer answered for another window than it was asked for.
    PendingRun pending = new PendingRun(a.scheduledFor, a.number + 1, retryAt, a.window, a.errorMessage,
        Optional.ofNullable(a.summary).filter(s -> s.window().equals(a.window)), a.backfill != null);
    List<SchedulerEvent> events =
        List.of(new SchedulerEvent.Retrying(task.id(), a.id, a.number + 1, retryAt, a.errorMessage));
    Completion c = new Completion(claim, earlier, nextRun, Optional.of(pending), Optional.empty(), Optional.empty(),
        Optional.empty(), a.disabled, now, a.deferredKeys);
    return new Executor.Result(c, events, a.notifications);
  }

  /** The attempt's deliveries, those still retrying marked failed: this attempt is the last. */
  private static List<DeliveryResult> finalDeliveries(Attempt a) {
    boolean retrying = false;
    for (int i = 0; i < a.deliveries.size(); i++) {
      retrying |= a.deliveries.get(i).status() == DeliveryStatus.RETRYING;
    }
    if (!retrying) {
      return a.deliveries;
    }
    List<DeliveryResult> out = new ArrayList<>(a.deliveries.size());
    for (DeliveryResult r : a.deliveries) {
      out.add(r.status() == DeliveryStatus.RETRYING
          ? new DeliveryResult(r.destination(), DeliveryStatus.FAILED, r.error()) : r);
    }
    return out;
  }
}

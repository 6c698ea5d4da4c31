package org.summarybot.scheduling.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskStats;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.PendingRun;

/**
 * The result of running a claimed task, written by {@link TaskStore#complete} in one atomic step: history
 * records appended, stats counted, next run and pending run set, window advanced, status and destinations
 * changed, lease released.
 *
 * <p>{@link #applyTo(ScheduledTask)} is the one definition of how a completion changes a task; every store
 * uses it, so stores differ only in how they persist. Changes a person made while the task ran win: if the
 * schedule or zone changed since the claim, the stored next run is kept; a task paused meanwhile stays paused;
 * a run asked for meanwhile (a pending run set since the claim, such as {@code runNow}) is kept and keeps a
 * one-shot task from completing, unless this execution leaves a retry of its own, which runs instead.
 *
 * @param claim the claim being completed
 * @param records history entries to append (the execution, and any record of missed fires)
 * @param nextRun the next regular fire, computed from the claimed schedule
 * @param pending an unfinished execution to keep (a retry), or empty
 * @param windowEnd the end of the window just summarised successfully, when the window advanced
 * @param newStatus a status the scheduler sets ({@code DISABLED}, {@code COMPLETED}), with its reason
 * @param disabledDestinations destination keys to disable, each with its reason
 * @param completedAt when the attempt finished
 * @param deliveryKeys deliveries this attempt made that are not in the delivery log yet (the scheduler hands the
 *     last delivery of an attempt over with the completion instead of logging it on its own, saving a write);
 *     the store logs them at {@code completedAt} together with the completion, and logs them even when it
 *     refuses the completion, so a node that took the work over does not send them again
 * @param replaced stored history records this completion replaces (a backfill's: the unsuccessful record of the
 *     fire it ran, a {@code MISSED} range it split): each has a record of the same fire in {@code records}, which the
 *     store writes in its place in the same step; the stats no longer count what they counted
 */
public record Completion(
    Claim claim,
    List<ExecutionRecord> records,
    Optional<Instant> nextRun,
    Optional<PendingRun> pending,
    Optional<Instant> windowEnd,
    Optional<TaskStatus> newStatus,
    Optional<String> statusReason,
    Map<String, String> disabledDestinations,
    Instant completedAt,
    List<String> deliveryKeys,
    List<ExecutionRecord> replaced) {

  public Completion {
    requireNonNull(claim, "claim");
    requireNonNull(nextRun, "nextRun");
    requireNonNull(pending, "pending");
    requireNonNull(windowEnd, "windowEnd");
    requireNonNull(newStatus, "newStatus");
    requireNonNull(statusReason, "statusReason");
    requireNonNull(completedAt, "completedAt");
    records = List.copyOf(records);
    disabledDestinations = Map.copyOf(disabledDestinations);
    deliveryKeys = List.copyOf(deliveryKeys);
    replaced = List.copyOf(replaced);
    for (ExecutionRecord r : replaced) {
      if (records.stream().noneMatch(n -> n.scheduledFor().equals(r.scheduledFor()))) {
        throw new IllegalArgumentException("replaced record for " + r.scheduledFor() + " has no record in its place");
      }
    }
  }

  /** A completion that replaces no stored record. */
  public Completion(Claim claim, List<ExecutionRecord> records, Optional<Instant> nextRun,
      Optional<PendingRun> pending, Optional<Instant> windowEnd, Optional<TaskStatus> newStatus,
      Optional<String> statusReason, Map<String, String> disabledDestinations, Instant completedAt,
      List<String> deliveryKeys) {
    this(claim, records, nextRun, pending, windowEnd, newStatus, statusReason, disabledDestinations, completedAt,
        deliveryKeys, List.of());
  }

  /** Whether the store replaces the stored record of {@code fire} with this completion's. */
  public boolean replaces(Instant fire) {
    for (int i = 0; i < replaced.size(); i++) {
      if (replaced.get(i).scheduledFor().equals(fire)) {
        return true;
      }
    }
    return false;
  }

  /** A completion that brings no delivery keys to log. */
  public Completion(Claim claim, List<ExecutionRecord> records, Optional<Instant> nextRun,
      Optional<PendingRun> pending, Optional<Instant> windowEnd, Optional<TaskStatus> newStatus,
      Optional<String> statusReason, Map<String, String> disabledDestinations, Instant completedAt) {
    this(claim, records, nextRun, pending, windowEnd, newStatus, statusReason, disabledDestinations, completedAt,
        List.of());
  }

  /** This completion with {@code keys} to log in the delivery log as it is stored. */
  public Completion withDeliveryKeys(List<String> keys) {
    return new Completion(claim, records, nextRun, pending, windowEnd, newStatus, statusReason, disabledDestinations,
        completedAt, keys, replaced);
  }

  /** The task as it is after this completion, given the task as currently stored (same version on return). */
  public ScheduledTask applyTo(ScheduledTask current) {
    return applyTo(current, current.version());
  }

  /**
   * The task as it is after this completion, given the task as currently stored, numbered {@code version}:
   * a store that numbers what it keeps builds the stored task in one step.
   */
  public ScheduledTask applyTo(ScheduledTask current, long version) {
    ScheduledTask claimed = claim.task();
    TaskStats stats = current.stats();
    for (int i = 0; i < replaced.size(); i++) {
      stats = stats.forget(replaced.get(i));
    }
    for (int i = 0; i < records.size(); i++) {
      stats = stats.record(records.get(i));
    }
    // The usual case is the very objects the claim holds: compared by identity first, as the options' record
    // equality is a method-handle call that is slow until compiled.
    boolean scheduleChanged = current != claimed
        && (!current.schedule().equals(claimed.schedule()) || !current.zone().equals(claimed.zone())
            || current.timeOptions() != claimed.timeOptions() && !current.timeOptions().equals(claimed.timeOptions()));
    Optional<Instant> lastWindowEnd = current.lastWindowEnd();
    if (windowEnd.isPresent() && (lastWindowEnd.isEmpty() || lastWindowEnd.get().isBefore(windowEnd.get()))) {
      lastWindowEnd = windowEnd;
    }
    Optional<PendingRun> keptPending = pending;
    boolean askedMeanwhile = pending.isEmpty() && current.pending().isPresent()
        && !current.pending().equals(claimed.pending());
    if (askedMeanwhile) {
      keptPending = current.pending();
    }
    TaskStatus status = current.status();
    Optional<String> reason = current.statusReason();
    if (newStatus.isPresent() && status == TaskStatus.ACTIVE
        && !(askedMeanwhile && newStatus.get() == TaskStatus.COMPLETED)) {
      status = newStatus.get();
      reason = statusReason;
    }
    List<Destination> destinations = current.destinations();
    if (!disabledDestinations.isEmpty()) {
      destinations = destinations.stream()
          .map(d -> disabledDestinations.containsKey(d.key()) && d.enabled()
              ? d.disable(disabledDestinations.get(d.key())) : d)
          .toList();
    }
    // Built directly, not through a builder: a completion is the engine's most frequent write.
    return new ScheduledTask(current.id(), current.name(), current.guildId(), current.channelIds(), current.kind(),
        current.schedule(), current.zone(), destinations, current.options(), current.retryPolicy(),
        current.maxConsecutiveFailures(), current.misfirePolicy(), current.misfireGrace(), current.catchUpLimit(),
        current.timeOptions(), current.retention(), status, reason, current.createdBy(), current.createdAt(), completedAt,
        scheduleChanged ? current.nextRun() : nextRun, lastWindowEnd, keptPending, stats, current.alertIfSilent(),
        current.silenceAlertedAt(), version);
  }
}

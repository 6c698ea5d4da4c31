package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.Problems;

/**
 * One entry of a task's history: a finished execution, or a record of fires that did not run.
 *
 * <p>A {@code MISSED} record covers {@code missedCount} fires from {@code scheduledFor} through
 * {@code missedThrough}: a long outage is one record, not one per fire. Other outcomes have a count of 0.
 *
 * @param attempts how many attempts the execution took (0 for {@code MISSED})
 * @param window the message window summarised, when there was one
 * @param usage what the summary delivered by the execution cost to make (tokens, estimated cost), when a model made it
 * @param excused a failure that is not the task's fault (a day's summarizer budget spent): it does not count
 *     towards auto-disable
 * @param removed for the run of a {@code CLEANUP} task, what it removed; empty for every other record
 */
public record ExecutionRecord(
    ExecutionId id,
    TaskId taskId,
    GuildId guildId,
    Instant scheduledFor,
    Instant startedAt,
    Instant finishedAt,
    int attempts,
    ExecutionOutcome outcome,
    Optional<TimeWindow> window,
    int messageCount,
    List<DeliveryResult> deliveries,
    Optional<String> errorClass,
    Optional<String> errorMessage,
    int missedCount,
    Optional<Instant> missedThrough,
    Optional<SummaryUsage> usage,
    boolean excused,
    Optional<CleanupCounts> removed) {

  public ExecutionRecord {
    requireNonNull(id, "id");
    requireNonNull(taskId, "taskId");
    requireNonNull(guildId, "guildId");
    requireNonNull(scheduledFor, "scheduledFor");
    requireNonNull(startedAt, "startedAt");
    requireNonNull(finishedAt, "finishedAt");
    requireNonNull(outcome, "outcome");
    requireNonNull(window, "window");
    requireNonNull(errorClass, "errorClass");
    requireNonNull(errorMessage, "errorMessage");
    requireNonNull(missedThrough, "missedThrough");
    requireNonNull(usage, "usage");
    requireNonNull(removed, "removed");
    deliveries = List.copyOf(deliveries);
    boolean missed = outcome == ExecutionOutcome.MISSED;
    // One record per execution: check the valid case without building messages; collect every problem only
    // when something is wrong.
    boolean valid = !finishedAt.isBefore(startedAt) && attempts >= 0 && messageCount >= 0
        && missed == (missedCount > 0) && missed == missedThrough.isPresent()
        && (missedThrough.isEmpty() || !missedThrough.get().isBefore(scheduledFor))
        && (!excused || outcome == ExecutionOutcome.FAILED);
    if (!valid) {
      Problems p = new Problems();
      p.check(!finishedAt.isBefore(startedAt), "finishedAt", "is before startedAt");
      p.check(attempts >= 0, "attempts", "is negative");
      p.check(messageCount >= 0, "messageCount", "is negative");
      p.check(missed == (missedCount > 0), "missedCount",
          missed ? "a MISSED record needs a count" : "only MISSED records have a count");
      p.check(missed == missedThrough.isPresent(), "missedThrough", "present exactly on MISSED records");
      Instant from = scheduledFor;
      missedThrough.ifPresent(t -> p.check(!t.isBefore(from), "missedThrough", "is before scheduledFor"));
      p.check(!excused || outcome == ExecutionOutcome.FAILED, "excused", "only a FAILED record is excused");
      p.throwIfAny();
    }
  }

  /** A record without usage, not excused and not a cleanup's: what every execution was before these. */
  public ExecutionRecord(ExecutionId id, TaskId taskId, GuildId guildId, Instant scheduledFor, Instant startedAt,
      Instant finishedAt, int attempts, ExecutionOutcome outcome, Optional<TimeWindow> window, int messageCount,
      List<DeliveryResult> deliveries, Optional<String> errorClass, Optional<String> errorMessage, int missedCount,
      Optional<Instant> missedThrough) {
    this(id, taskId, guildId, scheduledFor, startedAt, finishedAt, attempts, outcome, window, messageCount, deliveries,
        errorClass, errorMessage, missedCount, missedThrough, Optional.empty(), false, Optional.empty());
  }

  /** This record with what its cleanup removed. */
  public ExecutionRecord withRemoved(CleanupCounts counts) {
    return new ExecutionRecord(id, taskId, guildId, scheduledFor, startedAt, finishedAt, attempts, outcome, window,
        messageCount, deliveries, errorClass, errorMessage, missedCount, missedThrough, usage, excused,
        Optional.of(counts));
  }

  /** A record of {@code count} fires from {@code first} through {@code last} that did not run. */
  public static ExecutionRecord missed(TaskId task, GuildId guild, Instant first, Instant last, int count, Instant recordedAt, String reason) {
    return new ExecutionRecord(ExecutionId.of(task, first), task, guild, first, recordedAt, recordedAt, 0,
        ExecutionOutcome.MISSED, Optional.empty(), 0, List.of(), Optional.empty(), Optional.of(reason), count,
        Optional.of(last));
  }

  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }

  /** {@link #duration()} in whole milliseconds, as {@link Duration#toMillis()} gives it, without making one. */
  public long durationMillis() {
    long seconds = finishedAt.getEpochSecond() - startedAt.getEpochSecond();
    int nanos = finishedAt.getNano() - startedAt.getNano();
    if (nanos < 0) {
      seconds--;
      nanos += 1_000_000_000;
    }
    return Math.addExact(Math.multiplyExact(seconds, 1000), nanos / 1_000_000);
  }
}

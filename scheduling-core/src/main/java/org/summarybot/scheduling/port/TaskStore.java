package org.summarybot.scheduling.port;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;

/**
 * Where tasks, their leases, their history and the delivery log live. Implementations are safe for concurrent
 * use by many threads, and, where they say so, by many processes or nodes sharing one store.
 *
 * <h2>Versions</h2>
 * Every stored task has a version, 1 on create and one more on every change. {@link #update} succeeds only
 * when the task passed in carries the stored version; otherwise it throws
 * {@link org.summarybot.scheduling.VersionConflictException} and changes nothing.
 *
 * <h2>Leases</h2>
 * {@link #claimDue} hands each due task to at most one node at a time: an {@code ACTIVE} task whose
 * {@link ScheduledTask#dueAt()} is not after {@code now} and that no live lease holds is leased to the caller
 * until {@code now + lease}. A lease that expires (its holder died or stalled) makes the task claimable again,
 * with the same due time, so the same execution is finished by the next holder. The holder extends its lease by
 * {@link #extendLease}, ends it by {@link #complete} or hands the work back untouched by {@link #releaseLease}.
 * A holder whose lease was taken over gets {@link org.summarybot.scheduling.LeaseLostException} and its result
 * is dropped. Updates by people (pause, edit) never wait for or break a lease.
 *
 * <h2>Fencing</h2>
 * A lease is identified by its claim's {@linkplain Claim#fencingToken fencing token}, which grows with every claim
 * of a task (and survives restarts of the store). Extend, release and complete act only for the claim holding the
 * task's current token; any other claim, of another node or of the same node, is refused and changes nothing.
 *
 * <h2>Exactly once</h2>
 * At most one history record exists per execution id (task, scheduled fire time); appending a second is
 * refused. The delivery log records each delivery key once.
 */
public interface TaskStore extends AutoCloseable {

  /**
   * Stores a new task, which must have version 0; returns it as stored, at version 1.
   *
   * @throws org.summarybot.scheduling.model.SchedulingException when a task with this id exists
   * @throws IllegalArgumentException when the task's version is not 0 (a programming error)
   */
  ScheduledTask create(ScheduledTask task);

  Optional<ScheduledTask> get(TaskId id);

  /**
   * Replaces a task; {@code task.version()} must be the stored version. Returns it as stored, one version up.
   *
   * @throws org.summarybot.scheduling.VersionConflictException when the stored version differs
   * @throws org.summarybot.scheduling.TaskNotFoundException when there is no such task
   */
  ScheduledTask update(ScheduledTask task);

  /** Removes a task and its lease; its history stays until pruned. Returns whether it existed. */
  boolean delete(TaskId id);

  /** The tasks matching {@code query}, ordered by id. */
  List<ScheduledTask> list(TaskQuery query);

  /**
   * How many tasks the store holds in each status; a status no task has may be absent. The default lists every
   * task; stores override it to count without building the list (the scheduler's stats ask at every scrape).
   */
  default Map<TaskStatus, Long> countByStatus() {
    Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
    for (ScheduledTask t : list(TaskQuery.all())) {
      counts.merge(t.status(), 1L, Long::sum);
    }
    return counts;
  }

  /**
   * Leases up to {@code limit} due tasks to {@code nodeId} until {@code now + lease}, earliest due first.
   * Never hands the same task to two live leases.
   */
  List<Claim> claimDue(Instant now, int limit, String nodeId, Duration lease);

  /**
   * The earliest instant at which this store may have work to hand out: the earliest due time of an active
   * task that no live lease holds at {@code now}, or the expiry of a live lease when that comes sooner (its task
   * becomes claimable then). A scheduler sleeps until then, or its poll interval, whichever is first.
   */
  Optional<Instant> nextDueAt(Instant now);

  /**
   * Who runs what now: every task held by a live lease at {@code now} (one that has not expired by then, judged as
   * {@link #claimDue} judges it), with the id of the node holding it, ordered by task id. An expired lease is not
   * listed, even while nobody has claimed its task again. Reads only; for people ({@code status}), not for
   * claiming.
   */
  Map<TaskId, String> leaseHolders(Instant now);

  /**
   * Extends the lease of {@code claim} to {@code until}; false, changing nothing, when the claim no longer holds
   * it (its token is not the task's current one, it was handed back or completed, or the task is gone). A lease
   * that expired but that nobody claimed again is still held and may be extended.
   */
  boolean extendLease(Claim claim, Instant until);

  /**
   * Ends the lease of {@code claim} without changing the task, so the work is claimed again; false, changing
   * nothing, when the claim no longer holds it (as for {@link #extendLease}).
   */
  boolean releaseLease(Claim claim);

  /**
   * Records the result of a claim atomically (see {@link Completion}) and ends its lease. Returns the task as
   * stored, one version up. The completion's {@linkplain Completion#deliveryKeys delivery keys} are logged as
   * {@link #recordDelivery} would, and stay logged even when this throws for a lost lease or a deleted task.
   *
   * @throws org.summarybot.scheduling.LeaseLostException when the claim no longer holds the lease (its token
   *     is not the task's current one: the task was claimed again, by any node, or the claim was handed back or
   *     completed); nothing is written then. A lease that expired but that nobody claimed again is still held:
   *     its holder may complete or extend it.
   * @throws org.summarybot.scheduling.TaskNotFoundException when the task was deleted meanwhile
   * @throws org.summarybot.scheduling.model.SchedulingException when a record's execution id is already in the
   *     history, or appears twice in the completion; nothing is written then
   * @throws IllegalArgumentException when a record belongs to another task (a programming error)
   */
  ScheduledTask complete(Completion completion);

  /**
   * {@link #complete} with its outcome handed to {@code done} rather than returned: {@code done} gets the task as
   * stored and null, or null and the exception {@code complete} would throw. It is called exactly once.
   *
   * <p>The default calls {@code complete} on the calling thread and then {@code done}, before returning. A store
   * that writes completions in shared transactions may instead queue the write and return at once, so the
   * caller goes on with other work while its completion waits for a batch; {@code done} is then called, after
   * that batch committed or failed, by whichever thread wrote the batch. The lease stays held until the write,
   * so nobody else runs the task meanwhile. {@code done} should neither block nor throw.
   */
  default void completeThen(Completion completion, BiConsumer<ScheduledTask, RuntimeException> done) {
    ScheduledTask stored;
    try {
      stored = complete(completion);
    } catch (RuntimeException e) {
      done.accept(null, e);
      return;
    }
    done.accept(stored, null);
  }

  /** The task's history, newest scheduled fire first, at most {@code limit} entries. */
  List<ExecutionRecord> history(TaskId id, int limit);

  /**
   * Deletes history records and delivery-log entries that finished before {@code olderThan}; returns how many
   * history records went. The same as {@link #prune} for every guild.
   */
  default int pruneHistory(Instant olderThan) {
    return prune(Optional.empty(), olderThan).history();
  }

  /**
   * Deletes the history records that finished before {@code olderThan} and the delivery-log entries recorded
   * before it; returns how many of each went. With a guild, only that guild's: the records of its tasks (a
   * record's guild, so a removed task's count too), and the delivery-log entries of those records' executions
   * (whose keys begin with the execution id); other guilds' records, entries and their prune state are untouched.
   * Without, every guild's.
   */
  Pruned prune(Optional<GuildId> guild, Instant olderThan);

  /** Records a delivery key; true when it was new, false when it was already recorded. */
  boolean recordDelivery(String deliveryKey, Instant at);

  /** Whether a delivery key was recorded. */
  boolean isDelivered(String deliveryKey);

  /** The settings of {@code guild} saved by {@link #saveGuildSettings}; empty when none were. */
  Optional<GuildSettings> guildSettings(GuildId guild);

  /** Saves a guild's settings, replacing those saved before. */
  void saveGuildSettings(GuildSettings settings);

  /** The settings of every guild that has any, ordered by guild id (what an export carries). */
  List<GuildSettings> allGuildSettings();

  /**
   * Removes a guild's settings, so the guild is as if none were ever saved; true when it had some. The guild's
   * tasks are untouched.
   */
  boolean removeGuildSettings(GuildId guild);

  /**
   * Claims a Discord interaction for {@code nodeId}, so that of several nodes receiving the same interaction
   * exactly one answers it: true for the first claim of {@code interactionId}, false when a claim of it made by
   * any node (or process) has not expired at {@code now}. A claim expires at {@code now + keep}; expired claims
   * are removed by later claims, so the store never grows with them.
   */
  boolean claimInteraction(String interactionId, String nodeId, Instant now, Duration keep);

  /**
   * Charges {@code micros} (millionths of the currency) to the paid summarizers' spend of the UTC day {@code day},
   * atomically for every node sharing the store, by the rule of {@link DaySpend#charge}: within {@code limitMicros}
   * on an open day it is added; otherwise the day closes and nothing more is charged to it. A negative amount is a
   * refund and always applies. Returns the day's spend after the call; the charge was made when it was not
   * refused, that is when {@code micros <= 0} or the result is open.
   */
  DaySpend chargeSpend(LocalDate day, long micros, long limitMicros);

  /** The paid summarizers' spend of the UTC day {@code day}; {@link DaySpend#none} when nothing was charged. */
  DaySpend spend(LocalDate day);

  /** What an operator should know about this store; healthy by default. */
  default StoreHealth health() {
    return StoreHealth.healthy();
  }

  /** Releases files, connections and threads. Idempotent. */
  @Override
  void close();
}

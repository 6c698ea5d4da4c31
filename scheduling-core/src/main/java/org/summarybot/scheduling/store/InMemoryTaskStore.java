package org.summarybot.scheduling.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.summarybot.scheduling.LeaseLostException;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.VersionConflictException;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.port.DaySpend;
import org.summarybot.scheduling.port.Pruned;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;

/**
 * A {@link TaskStore} in memory, for tests, demos and single-process embedding where losing state on exit is
 * acceptable. Safe for concurrent use by many threads: one lock guards tasks, leases and history (a task's
 * history lives in its entry); the delivery log is a concurrent map of its own.
 *
 * <p>Due tasks are indexed by due time and leases by expiry, so claiming k due tasks out of n costs
 * O(k log n) and never scans all tasks. Listing and pruning history do scan.
 */
public final class InMemoryTaskStore implements TaskStore {

  private final Object lock = new Object();
  /** Every task by id. */
  private final IdTable table = new IdTable();
  /** Due tasks that no lease holds, by due time; tasks due at the same instant in arrival order. */
  private final TreeMap<Instant, Bucket> due = new TreeMap<>();
  /** Leased tasks by lease expiry; the tasks of one claim share an expiry, so a claim adds to one bucket. */
  private final TreeMap<Instant, Bucket> leases = new TreeMap<>();
  /**
   * The fencing token of the last claim, of any task: one counter for the store, so a task deleted and created
   * again under its id never hands out a token that a claim of the old one holds.
   */
  private long lastToken;
  /** History of removed tasks, kept until pruned (a live task keeps its history in its entry). */
  private final Map<TaskId, Object> removedHistory = new HashMap<>();
  /** The delivery log, apart from the task state: recording a delivery never waits for the lock. */
  private final Map<String, Instant> deliveries = new ConcurrentHashMap<>();
  /** Guild settings and interaction claims. */
  private final GuildRecords guildRecords = new GuildRecords();
  /** The paid summarizers' spend by UTC day. */
  private final Map<LocalDate, DaySpend> spend = new ConcurrentHashMap<>();

  @Override
  public ScheduledTask create(ScheduledTask task) {
    requireNonNull(task, "task");
    if (task.version() != 0) {
      throw new IllegalArgumentException("a new task has version 0, not " + task.version());
    }
    synchronized (lock) {
      int hash = IdTable.hash(task.id());
      int slot = table.slotOf(task.id(), hash);
      if (slot >= 0) {
        throw new SchedulingException("task " + task.id() + " already exists");
      }
      ScheduledTask stored = task.withVersion(1);
      Entry e = new Entry(this, stored);
      table.insert(-slot - 1, hash, e);
      if (!removedHistory.isEmpty()) {
        e.history = removedHistory.remove(stored.id());
      }
      index(e);
      return stored;
    }
  }

  @Override
  public Optional<ScheduledTask> get(TaskId id) {
    synchronized (lock) {
      Entry e = table.find(id);
      return e == null ? Optional.empty() : Optional.of(e.task);
    }
  }

  @Override
  public ScheduledTask update(ScheduledTask task) {
    requireNonNull(task, "task");
    synchronized (lock) {
      Entry e = table.find(task.id());
      if (e == null) {
        throw new TaskNotFoundException(task.id());
      }
      if (e.task.version() != task.version()) {
        throw new VersionConflictException(task.id(), task.version(), e.task.version());
      }
      e.task = task.withVersion(task.version() + 1);
      index(e);
      return e.task;
    }
  }

  @Override
  public boolean delete(TaskId id) {
    synchronized (lock) {
      Entry e = table.remove(id);
      if (e == null) {
        return false;
      }
      e.removed = true;
      if (e.history != null) {
        removedHistory.put(id, e.history);
      }
      unindex(e);
      clearLease(e);
      return true;
    }
  }

  @Override
  public List<ScheduledTask> list(TaskQuery query) {
    requireNonNull(query, "query");
    synchronized (lock) {
      List<ScheduledTask> all = new ArrayList<>(table.size());
      table.forEach(e -> all.add(e.task));
      return query.select(all::iterator);
    }
  }

  @Override
  public Map<TaskStatus, Long> countByStatus() {
    long[] counts = new long[TaskStatus.values().length];
    synchronized (lock) {
      table.forEach(e -> counts[e.task.status().ordinal()]++);
    }
    Map<TaskStatus, Long> out = new java.util.EnumMap<>(TaskStatus.class);
    for (TaskStatus s : TaskStatus.values()) {
      if (counts[s.ordinal()] > 0) {
        out.put(s, counts[s.ordinal()]);
      }
    }
    return out;
  }

  @Override
  public List<Claim> claimDue(Instant now, int limit, String nodeId, Duration lease) {
    requireNonNull(now, "now");
    requireNonNull(nodeId, "nodeId");
    requireNonNull(lease, "lease");
    if (limit <= 0) {
      return List.of();
    }
    synchronized (lock) {
      expireLeases(now);
      List<Claim> out = new ArrayList<>(Math.min(limit, 64));
      Instant until = now.plus(lease);
      while (out.size() < limit && !due.isEmpty() && !due.firstKey().isAfter(now)) {
        Map.Entry<Instant, Bucket> bucket = due.firstEntry();
        Bucket b = bucket.getValue();
        while (out.size() < limit && !b.isEmpty()) {
          Entry e = b.head;
          b.remove(e);
          e.dueAt = null;
          lease(e, nodeId, until);
          e.heldToken = ++lastToken;
          boolean first = !bucket.getKey().equals(e.claimedDue);
          e.claimedDue = bucket.getKey();
          out.add(new Claim(e.task, bucket.getKey(), nodeId, e.heldToken, until, first, e));
        }
        if (b.isEmpty()) {
          due.remove(bucket.getKey());
        }
      }
      return out;
    }
  }

  @Override
  public Optional<Instant> nextDueAt(Instant now) {
    synchronized (lock) {
      expireLeases(now);
      Instant next = due.isEmpty() ? null : due.firstKey();
      if (!leases.isEmpty()) {
        Instant expiry = leases.firstKey();
        if (next == null || expiry.isBefore(next)) {
          next = expiry;
        }
      }
      return Optional.ofNullable(next);
    }
  }

  @Override
  public Map<TaskId, String> leaseHolders(Instant now) {
    requireNonNull(now, "now");
    Map<TaskId, String> out = new TreeMap<>();
    synchronized (lock) {
      for (Bucket b : leases.tailMap(now, false).values()) {
        for (Entry e = b.head; e != null; e = e.next) {
          out.put(e.id, e.leaseOwner);
        }
      }
    }
    return out;
  }

  @Override
  public boolean extendLease(Claim claim, Instant until) {
    requireNonNull(claim, "claim");
    requireNonNull(until, "until");
    synchronized (lock) {
      Entry e = held(claim);
      if (e == null) {
        return false;
      }
      clearLease(e);
      unindex(e);
      lease(e, claim.nodeId(), until);
      return true;
    }
  }

  @Override
  public boolean releaseLease(Claim claim) {
    requireNonNull(claim, "claim");
    synchronized (lock) {
      Entry e = held(claim);
      if (e == null) {
        return false;
      }
      clearLease(e);
      e.heldToken = 0;
      index(e);
      return true;
    }
  }

  /** The entry of the claim's task when the claim holds its lease (its token is the held one), else null. */
  private Entry held(Claim claim) {
    TaskId id = claim.task().id();
    Entry e = claim.storeHandle() instanceof Entry h && h.owner == this && !h.removed && h.id.equals(id)
        ? h : table.find(id);
    return e != null && e.heldToken != 0 && e.heldToken == claim.fencingToken() ? e : null;
  }

  @Override
  public ScheduledTask complete(Completion completion) {
    requireNonNull(completion, "completion");
    Claim claim = completion.claim();
    TaskId id = claim.task().id();
    // Logged first, and kept whatever happens to the completion (see TaskStore#complete).
    List<String> keys = completion.deliveryKeys();
    for (int i = 0; i < keys.size(); i++) {
      deliveries.putIfAbsent(keys.get(i), completion.completedAt());
    }
    List<ExecutionRecord> records = completion.records();
    for (int i = 0; i < records.size(); i++) {
      ExecutionRecord r = records.get(i);
      if (!r.taskId().equals(id)) {
        throw new IllegalArgumentException("record " + r.id() + " belongs to task " + r.taskId() + ", not " + id);
      }
    }
    if (records.size() > 1) {
      java.util.Set<Instant> fires = new java.util.HashSet<>();
      for (ExecutionRecord r : records) {
        if (!fires.add(r.scheduledFor())) {
          throw alreadyRecorded(r);
        }
      }
    }
    // Worked out before taking the lock, for the usual case that nobody changed the task while it ran; the
    // lock then only checks and swaps.
    ScheduledTask planned = completion.applyTo(claim.task(), claim.task().version() + 1);
    synchronized (lock) {
      // The claim's handle is this store's entry for the task, found without probing the id table; once the task
      // is deleted (or for a claim from elsewhere) the table says what the id stands for now.
      Entry e = claim.storeHandle() instanceof Entry h && h.owner == this && !h.removed && h.id.equals(id)
          ? h : table.find(id);
      if (e == null) {
        throw new TaskNotFoundException(id);
      }
      if (e.heldToken == 0 || e.heldToken != claim.fencingToken()) {
        throw new LeaseLostException(id, claim.nodeId(), claim.fencingToken());
      }
      if (e.history != null) {
        for (ExecutionRecord r : records) {
          if (TaskHistory.recorded(e.history, r.scheduledFor()) && !completion.replaces(r.scheduledFor())) {
            throw alreadyRecorded(r);
          }
        }
      }
      ScheduledTask next = e.task == claim.task() ? planned : completion.applyTo(e.task, e.task.version() + 1);
      for (int i = 0; i < records.size(); i++) {
        e.history = TaskHistory.withRecord(e.history, records.get(i));
      }
      e.task = next;
      clearLease(e);
      e.heldToken = 0;
      index(e);
      return e.task;
    }
  }

  private static SchedulingException alreadyRecorded(ExecutionRecord r) {
    return new SchedulingException("execution " + r.id() + " of task " + r.taskId() + " for " + r.scheduledFor()
        + " is already recorded");
  }

  @Override
  public List<ExecutionRecord> history(TaskId id, int limit) {
    synchronized (lock) {
      Entry e = table.find(id);
      Object stored = e != null ? e.history : removedHistory.get(id);
      if (stored == null || limit <= 0) {
        return List.of();
      }
      if (stored instanceof ExecutionRecord one) {
        return List.of(one);
      }
      NavigableMap<Instant, ExecutionRecord> h = TaskHistory.map(stored);
      List<ExecutionRecord> out = new ArrayList<>(Math.min(limit, h.size()));
      for (ExecutionRecord r : h.descendingMap().values()) {
        if (out.size() == limit) {
          break;
        }
        out.add(r);
      }
      return out;
    }
  }

  @Override
  public DaySpend chargeSpend(LocalDate day, long micros, long limitMicros) {
    return spend.compute(day, (d, s) -> (s == null ? DaySpend.none(d) : s).charge(micros, limitMicros));
  }

  @Override
  public DaySpend spend(LocalDate day) {
    return spend.getOrDefault(day, DaySpend.none(day));
  }

  @Override
  public Pruned prune(Optional<GuildId> guild, Instant olderThan) {
    requireNonNull(guild, "guild");
    requireNonNull(olderThan, "olderThan");
    synchronized (lock) {
      int[] removed = {0};
      java.util.Set<String> executions = new java.util.HashSet<>();
      java.util.function.Consumer<ExecutionRecord> gone = r -> {
        removed[0]++;
        if (guild.isPresent()) {
          executions.add(r.id().value());
        }
      };
      table.forEach(e -> {
        if (e.history != null) {
          e.history = TaskHistory.pruned(e.history, olderThan, guild, gone);
        }
      });
      for (Iterator<Map.Entry<TaskId, Object>> it = removedHistory.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<TaskId, Object> h = it.next();
        Object kept = TaskHistory.pruned(h.getValue(), olderThan, guild, gone);
        if (kept == null) {
          it.remove();
        } else {
          h.setValue(kept);
        }
      }
      int[] keys = {0};
      deliveries.entrySet().removeIf(d -> {
        boolean old = d.getValue().isBefore(olderThan) && (guild.isEmpty()
            || executions.contains(d.getKey().substring(0, Math.max(0, d.getKey().indexOf('/')))));
        keys[0] += old ? 1 : 0;
        return old;
      });
      return new Pruned(removed[0], keys[0]);
    }
  }

  @Override
  public boolean recordDelivery(String deliveryKey, Instant at) {
    return deliveries.putIfAbsent(requireNonNull(deliveryKey, "deliveryKey"), requireNonNull(at, "at")) == null;
  }

  @Override
  public boolean isDelivered(String deliveryKey) {
    return deliveries.containsKey(requireNonNull(deliveryKey, "deliveryKey"));
  }

  @Override
  public Optional<GuildSettings> guildSettings(GuildId guild) {
    return guildRecords.settings(guild);
  }

  @Override
  public void saveGuildSettings(GuildSettings settings) {
    guildRecords.save(settings);
  }

  @Override
  public List<GuildSettings> allGuildSettings() {
    return guildRecords.all();
  }

  @Override
  public boolean removeGuildSettings(GuildId guild) {
    return guildRecords.remove(guild);
  }

  @Override
  public boolean claimInteraction(String interactionId, String nodeId, Instant now, Duration keep) {
    requireNonNull(nodeId, "nodeId");
    return guildRecords.claim(interactionId, now, keep);
  }

  @Override
  public void close() {}

  /** Number of tasks stored. */
  public int size() {
    synchronized (lock) {
      return table.size();
    }
  }

  private void expireLeases(Instant now) {
    while (!leases.isEmpty() && !leases.firstKey().isAfter(now)) {
      Entry e = leases.firstEntry().getValue().head;
      clearLease(e);
      index(e);
    }
  }

  private void lease(Entry e, String nodeId, Instant until) {
    e.leaseOwner = nodeId;
    e.leaseUntil = until;
    bucket(leases, until).add(e);
  }

  private void clearLease(Entry e) {
    if (e.leaseOwner != null) {
      Bucket bucket = leases.get(e.leaseUntil);
      bucket.remove(e);
      if (bucket.isEmpty()) {
        leases.remove(e.leaseUntil);
      }
      e.leaseOwner = null;
      e.leaseUntil = null;
    }
  }

  /** Puts the entry in the due index if it is active, due some time, and not leased. */
  private void index(Entry e) {
    unindex(e);
    if (e.leaseOwner == null && e.task.isActive()) {
      Optional<Instant> at = e.task.dueAt();
      if (at.isPresent()) {
        e.dueAt = at.get();
        bucket(due, e.dueAt).add(e);
      }
    }
  }

  /** The bucket of {@code at} in {@code index}, added when missing (no lambda: this runs for every claim). */
  private static Bucket bucket(TreeMap<Instant, Bucket> index, Instant at) {
    Bucket b = index.get(at);
    if (b == null) {
      b = new Bucket();
      index.put(at, b);
    }
    return b;
  }

  private void unindex(Entry e) {
    if (e.dueAt != null) {
      Bucket bucket = due.get(e.dueAt);
      bucket.remove(e);
      if (bucket.isEmpty()) {
        due.remove(e.dueAt);
      }
      e.dueAt = null;
    }
  }
}

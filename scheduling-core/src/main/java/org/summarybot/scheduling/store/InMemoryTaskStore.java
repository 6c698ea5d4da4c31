package org.summarybot.scheduling.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.summarybot.scheduling.LeaseLostException;
import org.summarybot.scheduling.SchedulingException;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.VersionConflictException;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Completion;
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

  /** An index key: an instant, with the task id to break ties. */
  private record Key(Instant at, TaskId id) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : id.compareTo(o.id);
    }
  }

  private static final class Entry {
    ScheduledTask task;
    String leaseOwner;
    Instant leaseUntil;
    Instant dueAt;
    /** Neighbours in the bucket of {@link #dueAt}: tasks due at one instant form a list in arrival order. */
    Entry prev;
    Entry next;
    /** The due time this task was last claimed for: a claim of the same due time is not a first holder. */
    Instant claimedDue;
    /** The task's history by scheduled fire, or null while it has none. */
    NavigableMap<Instant, ExecutionRecord> history;

    Entry(ScheduledTask task) {
      this.task = task;
    }
  }

  /**
   * The tasks due at one instant, as a doubly linked list through their entries: adding and removing cost
   * O(1) with no hashing and no table to grow, however many tasks share the instant.
   */
  private static final class Bucket {
    Entry head;
    Entry tail;

    void add(Entry e) {
      e.prev = tail;
      e.next = null;
      if (tail == null) {
        head = e;
      } else {
        tail.next = e;
      }
      tail = e;
    }

    void remove(Entry e) {
      if (e.prev == null) {
        head = e.next;
      } else {
        e.prev.next = e.next;
      }
      if (e.next == null) {
        tail = e.prev;
      } else {
        e.next.prev = e.prev;
      }
      e.prev = null;
      e.next = null;
    }

    boolean isEmpty() {
      return head == null;
    }
  }

  private final Object lock = new Object();
  private final Map<TaskId, Entry> tasks = new HashMap<>();
  /** Due tasks that no lease holds, by due time; tasks due at the same instant in arrival order. */
  private final TreeMap<Instant, Bucket> due = new TreeMap<>();
  private final TreeSet<Key> leases = new TreeSet<>();
  /** History of removed tasks, kept until pruned (a live task keeps its history in its entry). */
  private final Map<TaskId, NavigableMap<Instant, ExecutionRecord>> removedHistory = new HashMap<>();
  /** The delivery log, apart from the task state: recording a delivery never waits for the lock. */
  private final Map<String, Instant> deliveries = new ConcurrentHashMap<>();

  @Override
  public ScheduledTask create(ScheduledTask task) {
    requireNonNull(task, "task");
    if (task.version() != 0) {
      throw new IllegalArgumentException("a new task has version 0, not " + task.version());
    }
    synchronized (lock) {
      ScheduledTask stored = task.withVersion(1);
      Entry e = new Entry(stored);
      if (tasks.putIfAbsent(stored.id(), e) != null) {
        throw new SchedulingException("task " + task.id() + " already exists");
      }
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
      Entry e = tasks.get(id);
      return e == null ? Optional.empty() : Optional.of(e.task);
    }
  }

  @Override
  public ScheduledTask update(ScheduledTask task) {
    requireNonNull(task, "task");
    synchronized (lock) {
      Entry e = tasks.get(task.id());
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
      Entry e = tasks.remove(id);
      if (e == null) {
        return false;
      }
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
      return query.select(() -> tasks.values().stream().map(e -> e.task).iterator());
    }
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
          e.leaseOwner = nodeId;
          e.leaseUntil = until;
          leases.add(new Key(until, e.task.id()));
          boolean first = !bucket.getKey().equals(e.claimedDue);
          e.claimedDue = bucket.getKey();
          out.add(new Claim(e.task, bucket.getKey(), nodeId, until, first));
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
        Instant expiry = leases.first().at();
        if (next == null || expiry.isBefore(next)) {
          next = expiry;
        }
      }
      return Optional.ofNullable(next);
    }
  }

  @Override
  public boolean extendLease(TaskId id, String nodeId, Instant until) {
    synchronized (lock) {
      Entry e = tasks.get(id);
      if (e == null || !nodeId.equals(e.leaseOwner)) {
        return false;
      }
      leases.remove(new Key(e.leaseUntil, id));
      e.leaseUntil = until;
      leases.add(new Key(until, id));
      return true;
    }
  }

  @Override
  public void releaseLease(TaskId id, String nodeId) {
    synchronized (lock) {
      Entry e = tasks.get(id);
      if (e != null && nodeId.equals(e.leaseOwner)) {
        clearLease(e);
        index(e);
      }
    }
  }

  @Override
  public ScheduledTask complete(Completion completion) {
    requireNonNull(completion, "completion");
    Claim claim = completion.claim();
    TaskId id = claim.task().id();
    // Logged first, and kept whatever happens to the completion (see TaskStore#complete).
    for (String key : completion.deliveryKeys()) {
      deliveries.putIfAbsent(key, completion.completedAt());
    }
    List<ExecutionRecord> records = completion.records();
    for (ExecutionRecord r : records) {
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
    ScheduledTask planned = completion.applyTo(claim.task());
    synchronized (lock) {
      Entry e = tasks.get(id);
      if (e == null) {
        throw new TaskNotFoundException(id);
      }
      if (!claim.nodeId().equals(e.leaseOwner)) {
        throw new LeaseLostException(id, claim.nodeId());
      }
      if (e.history != null) {
        for (ExecutionRecord r : records) {
          if (e.history.containsKey(r.scheduledFor())) {
            throw alreadyRecorded(r);
          }
        }
      }
      ScheduledTask next = e.task == claim.task() ? planned : completion.applyTo(e.task);
      if (!records.isEmpty()) {
        if (e.history == null) {
          e.history = new TreeMap<>();
        }
        for (ExecutionRecord r : records) {
          e.history.put(r.scheduledFor(), r);
        }
      }
      e.task = next.withVersion(e.task.version() + 1);
      clearLease(e);
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
      Entry e = tasks.get(id);
      NavigableMap<Instant, ExecutionRecord> h = e != null ? e.history : removedHistory.get(id);
      if (h == null || limit <= 0) {
        return List.of();
      }
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
  public int pruneHistory(Instant olderThan) {
    synchronized (lock) {
      int removed = 0;
      for (Entry e : tasks.values()) {
        if (e.history != null) {
          removed += prune(e.history, olderThan);
          if (e.history.isEmpty()) {
            e.history = null;
          }
        }
      }
      for (NavigableMap<Instant, ExecutionRecord> h : removedHistory.values()) {
        removed += prune(h, olderThan);
      }
      removedHistory.values().removeIf(Map::isEmpty);
      deliveries.values().removeIf(at -> at.isBefore(olderThan));
      return removed;
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
  public void close() {}

  private static int prune(NavigableMap<Instant, ExecutionRecord> h, Instant olderThan) {
    int removed = 0;
    for (Iterator<ExecutionRecord> it = h.values().iterator(); it.hasNext(); ) {
      if (it.next().finishedAt().isBefore(olderThan)) {
        it.remove();
        removed++;
      }
    }
    return removed;
  }

  /** Number of tasks stored. */
  public int size() {
    synchronized (lock) {
      return tasks.size();
    }
  }

  private void expireLeases(Instant now) {
    while (!leases.isEmpty() && !leases.first().at().isAfter(now)) {
      Entry e = tasks.get(leases.first().id());
      clearLease(e);
      index(e);
    }
  }

  private void clearLease(Entry e) {
    if (e.leaseOwner != null) {
      leases.remove(new Key(e.leaseUntil, e.task.id()));
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
        due.computeIfAbsent(e.dueAt, t -> new Bucket()).add(e);
      }
    }
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

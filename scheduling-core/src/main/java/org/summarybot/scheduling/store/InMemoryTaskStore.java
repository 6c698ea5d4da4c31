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
import org.summarybot.scheduling.LeaseLostException;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.VersionConflictException;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
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

  /**
   * One stored task with its lease, its place in the index and its history. An entry is a node in at most one
   * bucket ({@link #prev}/{@link #next}): the due bucket of {@link #dueAt} while it waits, the lease bucket of
   * {@link #leaseUntil} while a node holds it; never both.
   */
  private static final class Entry {
    /** The store holding this entry: a claim's handle is trusted only by its own store. */
    final InMemoryTaskStore owner;
    /** The task's id, here so that probing the id table compares ids without loading the task. */
    final TaskId id;
    /** Set when the task is deleted: a claim's handle to it no longer stands for the task's id. */
    boolean removed;
    ScheduledTask task;
    /** The node of a live lease, null when no live lease holds the task (none, or it expired). */
    String leaseOwner;
    Instant leaseUntil;
    /**
     * The token of the claim that holds the task, 0 when none does (handed back or completed). An expired lease
     * stays held until the task is claimed again (see TaskStore#complete).
     */
    long heldToken;
    Instant dueAt;
    Entry prev;
    Entry next;
    /** The due time this task was last claimed for: a claim of the same due time is not a first holder. */
    Instant claimedDue;
    /**
     * The task's history: null while it has none, the one {@link ExecutionRecord} while it has one (most tasks
     * that ever ran: one-shots), else a {@link NavigableMap} by scheduled fire.
     */
    Object history;

    Entry(InMemoryTaskStore owner, ScheduledTask task) {
      this.owner = owner;
      this.id = task.id();
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
  /**
   * Every task by id: an open-addressing table (linear probing) of entries, with each slot's hash in an array
   * of its own. Probing and growing read the two arrays only, never the entries, so neither chases pointers
   * across the heap (growing a chained table visited every entry in random order).
   */
  private Entry[] slots = new Entry[16];
  private int[] hashes = new int[16];
  private int size;
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

  @Override
  public ScheduledTask create(ScheduledTask task) {
    requireNonNull(task, "task");
    if (task.version() != 0) {
      throw new IllegalArgumentException("a new task has version 0, not " + task.version());
    }
    synchronized (lock) {
      int hash = hash(task.id());
      int slot = slotOf(task.id(), hash);
      if (slot >= 0) {
        throw new SchedulingException("task " + task.id() + " already exists");
      }
      ScheduledTask stored = task.withVersion(1);
      Entry e = new Entry(this, stored);
      insert(-slot - 1, hash, e);
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
      Entry e = find(id);
      return e == null ? Optional.empty() : Optional.of(e.task);
    }
  }

  @Override
  public ScheduledTask update(ScheduledTask task) {
    requireNonNull(task, "task");
    synchronized (lock) {
      Entry e = find(task.id());
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
      Entry e = remove(id);
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
      List<ScheduledTask> all = new ArrayList<>(size);
      forEachEntry(e -> all.add(e.task));
      return query.select(all::iterator);
    }
  }

  @Override
  public Map<TaskStatus, Long> countByStatus() {
    long[] counts = new long[TaskStatus.values().length];
    synchronized (lock) {
      forEachEntry(e -> counts[e.task.status().ordinal()]++);
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
        ? h : find(id);
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
          ? h : find(id);
      if (e == null) {
        throw new TaskNotFoundException(id);
      }
      if (e.heldToken == 0 || e.heldToken != claim.fencingToken()) {
        throw new LeaseLostException(id, claim.nodeId(), claim.fencingToken());
      }
      if (e.history != null) {
        for (ExecutionRecord r : records) {
          if (recorded(e.history, r.scheduledFor())) {
            throw alreadyRecorded(r);
          }
        }
      }
      ScheduledTask next = e.task == claim.task() ? planned : completion.applyTo(e.task, e.task.version() + 1);
      for (int i = 0; i < records.size(); i++) {
        e.history = withRecord(e.history, records.get(i));
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
      Entry e = find(id);
      Object stored = e != null ? e.history : removedHistory.get(id);
      if (stored == null || limit <= 0) {
        return List.of();
      }
      if (stored instanceof ExecutionRecord one) {
        return List.of(one);
      }
      NavigableMap<Instant, ExecutionRecord> h = map(stored);
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
      int[] removed = {0};
      forEachEntry(e -> {
        if (e.history != null) {
          int before = count(e.history);
          e.history = pruned(e.history, olderThan);
          removed[0] += before - count(e.history);
        }
      });
      for (Iterator<Map.Entry<TaskId, Object>> it = removedHistory.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<TaskId, Object> h = it.next();
        int before = count(h.getValue());
        Object kept = pruned(h.getValue(), olderThan);
        removed[0] += before - count(kept);
        if (kept == null) {
          it.remove();
        } else {
          h.setValue(kept);
        }
      }
      deliveries.values().removeIf(at -> at.isBefore(olderThan));
      return removed[0];
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

  // ---------------------------------------------------------------- history of one task

  @SuppressWarnings("unchecked")
  private static NavigableMap<Instant, ExecutionRecord> map(Object history) {
    return (NavigableMap<Instant, ExecutionRecord>) history;
  }

  private static boolean recorded(Object history, Instant fire) {
    return history instanceof ExecutionRecord one ? one.scheduledFor().equals(fire) : map(history).containsKey(fire);
  }

  /** {@code history} with {@code r} added: a second record turns the single record into a map. */
  private static Object withRecord(Object history, ExecutionRecord r) {
    if (history == null) {
      return r;
    }
    NavigableMap<Instant, ExecutionRecord> m;
    if (history instanceof ExecutionRecord one) {
      m = new TreeMap<>();
      m.put(one.scheduledFor(), one);
    } else {
      m = map(history);
    }
    m.put(r.scheduledFor(), r);
    return m;
  }

  private static int count(Object history) {
    return history == null ? 0 : history instanceof ExecutionRecord ? 1 : map(history).size();
  }

  /** {@code history} without the records finished before {@code olderThan}; null when none is left. */
  private static Object pruned(Object history, Instant olderThan) {
    if (history instanceof ExecutionRecord one) {
      return one.finishedAt().isBefore(olderThan) ? null : one;
    }
    NavigableMap<Instant, ExecutionRecord> h = map(history);
    h.values().removeIf(r -> r.finishedAt().isBefore(olderThan));
    return h.isEmpty() ? null : h;
  }

  // ---------------------------------------------------------------- the id table

  private static int hash(TaskId id) {
    int h = id.hashCode();
    return h ^ (h >>> 16);
  }

  private Entry find(TaskId id) {
    int slot = slotOf(id, hash(id));
    return slot >= 0 ? slots[slot] : null;
  }

  /** The slot holding {@code id}, or {@code -(free slot) - 1} where it would go. */
  private int slotOf(TaskId id, int hash) {
    int mask = slots.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Entry e = slots[i];
      if (e == null) {
        return -i - 1;
      }
      if (hashes[i] == hash && e.id.equals(id)) {
        return i;
      }
    }
  }

  /** Puts {@code e} in the free {@code slot}; grows the table past half full. */
  private void insert(int slot, int hash, Entry e) {
    slots[slot] = e;
    hashes[slot] = hash;
    if (++size > slots.length >>> 1) {
      Entry[] oldSlots = slots;
      int[] oldHashes = hashes;
      slots = new Entry[oldSlots.length << 1];
      hashes = new int[oldSlots.length << 1];
      int mask = slots.length - 1;
      for (int i = 0; i < oldSlots.length; i++) {
        if (oldSlots[i] != null) {
          int j = oldHashes[i] & mask;
          while (slots[j] != null) {
            j = (j + 1) & mask;
          }
          slots[j] = oldSlots[i];
          hashes[j] = oldHashes[i];
        }
      }
    }
  }

  private Entry remove(TaskId id) {
    int slot = slotOf(id, hash(id));
    if (slot < 0) {
      return null;
    }
    Entry removed = slots[slot];
    // Close the gap (backward shift): later entries of the run move up unless their home slot lies cyclically
    // after the hole, so every entry stays reachable from its home slot without tombstones.
    int mask = slots.length - 1;
    int hole = slot;
    for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
      int home = hashes[j] & mask;
      boolean homeAfterHole = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!homeAfterHole) {
        slots[hole] = slots[j];
        hashes[hole] = hashes[j];
        hole = j;
      }
    }
    slots[hole] = null;
    hashes[hole] = 0;
    size--;
    return removed;
  }

  private void forEachEntry(java.util.function.Consumer<Entry> action) {
    for (Entry e : slots) {
      if (e != null) {
        action.accept(e);
      }
    }
  }

  /** Number of tasks stored. */
  public int size() {
    synchronized (lock) {
      return size;
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

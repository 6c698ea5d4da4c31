package org.summarybot.scheduling.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.TaskStore;

/**
 * Claimed work, shared by the workers. The workers claim for themselves: a worker that finds the queue empty, or
 * that leaves fewer claims queued than there are workers, claims the next batch from the store for everyone, so
 * during a burst the next batch is claimed while the others still run the last one. One worker claims at a time;
 * the others wait for its claims rather than claim beside it. The timer says when the store may have due work
 * ({@link #workMayBeDue}); a claim that comes back short clears that until the timer says so again. After a
 * failed claim nobody claims again for a poll interval, so a broken store is not hammered.
 */
final class ClaimQueue {
  private static final System.Logger LOG = System.getLogger(TaskScheduler.class.getName());

  private final TaskStore store;
  private final Clock clock;
  private final String nodeId;
  private final Duration lease;
  private final Duration pollInterval;
  private final Heartbeat heartbeat;
  private final StoreTrouble storeTrouble;
  /** Most claims this node holds at once. */
  private final int prefetch;
  /** A worker that leaves fewer claims than this queued claims the next batch (claim ahead). */
  private final int refillBelow;

  /** Guards every field below; workers wait on {@link #workReady}. */
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition workReady = lock.newCondition();
  /** Claimed work no worker has started yet, earliest due first. */
  private final ArrayDeque<Claim> ready = new ArrayDeque<>();
  private boolean open;
  /** The store may have due work: a free worker claims. Cleared when a claim comes back short. */
  private boolean maybeDue;
  /** Counts the timer's "work is due" signals, so a claim that began before one does not clear it. */
  private long dueSignals;
  /** A worker is claiming from the store now. */
  private boolean claiming;
  /** After a failed claim, no worker claims again before this (clock time). */
  private Instant claimAgainAt;
  /** Workers waiting for work; read without the lock by {@link #wakeIdleWorker}. */
  private volatile int idleWorkers;

  ClaimQueue(TaskStore store, Clock clock, String nodeId, Duration lease, Duration pollInterval, int concurrency,
      Heartbeat heartbeat, StoreTrouble storeTrouble) {
    this.store = store;
    this.clock = clock;
    this.nodeId = nodeId;
    this.lease = lease;
    this.pollInterval = pollInterval;
    this.heartbeat = heartbeat;
    this.storeTrouble = storeTrouble;
    this.prefetch = Math.min(concurrency * 8, Math.max(concurrency, 256));
    // Ahead by about one claim per worker: enough for the others to keep running during a claim, while batches
    // stay nearly full (each claim is a transaction on a SQL store).
    this.refillBelow = Math.min(concurrency, prefetch / 2);
  }

  /** Starts handing out work; the first free worker looks at the store at once. */
  void open() {
    lock.lock();
    try {
      open = true;
      maybeDue = true;
    } finally {
      lock.unlock();
    }
  }

  /** Stops claiming and handing out work, hands queued claims back and lets every waiting worker go. */
  void close() {
    lock.lock();
    try {
      open = false;
      handBack(ready);
      ready.clear();
      workReady.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The timer's signal that the store has due work: the next free worker claims it. */
  void workMayBeDue() {
    lock.lock();
    try {
      maybeDue = true;
      dueSignals++;
      if (ready.isEmpty() && !claiming) {
        workReady.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Wakes one waiting worker, if any waits, to look at {@code otherWork} (see {@link #next}). */
  void wakeIdleWorker() {
    if (idleWorkers > 0) {
      lock.lock();
      try {
        workReady.signal();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Whether work is handed out: between {@link #open} and {@link #close}. */
  boolean isOpen() {
    lock.lock();
    try {
      return open;
    } finally {
      lock.unlock();
    }
  }

  /** Claims queued for a worker. */
  int queued() {
    lock.lock();
    try {
      return ready.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next claim for a worker, claiming from the store when needed; waits while there is nothing to do. Null
   * when {@code otherWork} holds (checked first; a worker waiting here is woken by {@link #wakeIdleWorker}) or
   * the queue is closed.
   */
  Claim next(BooleanSupplier otherWork) {
    lock.lock();
    try {
      while (true) {
        if (otherWork.getAsBoolean() || !open) {
          return null;
        }
        Claim c = ready.pollFirst();
        if (c != null) {
          if (ready.size() < refillBelow && mayClaim()) {
            claimBatch();
          }
          if (!ready.isEmpty()) {
            workReady.signal();
          }
          return c;
        }
        if (mayClaim()) {
          claimBatch();
          continue;
        }
        idleWorkers++;
        try {
          // Counted idle before this last look, so other work arriving meanwhile wakes this worker.
          if (!otherWork.getAsBoolean()) {
            workReady.await();
          }
        } finally {
          idleWorkers--;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Work may be due, none is being claimed, and no failed claim is cooling off. */
  private boolean mayClaim() {
    return maybeDue && open && !claiming && (claimAgainAt == null || !clock.now().isBefore(claimAgainAt));
  }

  /** Claims up to the free prefetch into {@link #ready}; called with the lock held, which it lets go meanwhile. */
  private void claimBatch() {
    claiming = true;
    long signals = dueSignals;
    int want = Math.max(1, prefetch - heartbeat.count());
    List<Claim> got = List.of();
    Instant failedAt = null;
    lock.unlock();
    try {
      got = store.claimDue(clock.now(), want, nodeId, lease);
      storeTrouble.succeeded();
      for (int i = 0; i < got.size(); i++) {
        heartbeat.watch(got.get(i));
      }
    } catch (RuntimeException e) {
      failedAt = clock.now();
      storeTrouble.failed("claiming due tasks", e);
    } finally {
      lock.lock();
      claiming = false;
    }
    claimAgainAt = failedAt == null ? null : failedAt.plus(pollInterval);
    if (got.size() < want && signals == dueSignals) {
      // Nothing more is due now (or the store failed): the timer says when to look again.
      maybeDue = false;
    }
    if (!open) {
      handBack(got);
      return;
    }
    for (int i = 0; i < got.size(); i++) {
      ready.addLast(got.get(i));
    }
    if (!ready.isEmpty()) {
      workReady.signal();
    }
  }

  /** Releases the leases of claims that will not run here, so another node or the next start runs them. */
  private void handBack(Collection<Claim> claims) {
    for (Claim c : claims) {
      heartbeat.forget(c.task().id());
      try {
        store.releaseLease(c);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "task " + c.task().id() + ": could not hand its lease back; it expires by itself", e);
      }
    }
  }
}

package org.summarybot.scheduling.persistence.jdbi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.summarybot.scheduling.model.SchedulingException;

/**
 * Group commit: writes that threads submit at about the same time are written together, in one transaction,
 * by one of the submitting threads (the leader). Every caller of {@link #submit} returns only when its own write
 * is settled (its batch committed, or it failed), with its own result or exception.
 *
 * <p>A thread that submits while fewer than {@code maxWriters} batches are being written becomes a leader: it
 * takes up to {@code maxBatch} queued writes (its own among them, unless the queue is longer) and writes them,
 * batch after batch, until its own write is settled; the others wait. A write submitted while the writers are
 * busy queues, and the leader takes it with every other write queued meanwhile, so batches grow with the load
 * and a lone write is written at once. Two writes with the same {@link Write#key()} never share a batch (the
 * later one waits for the next), so a batch never holds two writes to one row.
 *
 * <p>A leader whose own write is settled stops leading, so no caller is held up writing other callers' batches
 * (a worker in the middle of an execution that logs a delivery, or a scheduler stopping while another scheduler
 * shares the store). A caller still waiting for its write then leads in turn; writes whose callers went on
 * without waiting are handed to the relay, an executor that writes them until the queue is empty. When the relay
 * refuses (its store is closed), the leader writes them itself.
 *
 * <p>{@link #submitThen} queues a write without waiting for it: its callback runs once it is settled, on the
 * thread that wrote its batch (the submitting thread itself when it became the leader, else a waiting caller
 * or the relay). Callers that do not wait for their writes make the batches larger: a scheduler's workers go on
 * with the next execution while their completions wait for a commit.
 *
 * @param <W> the writes
 */
final class GroupCommit<W extends GroupCommit.Write> {

  /** One write and, once settled, its result or exception. */
  abstract static class Write {
    private Object value;
    private RuntimeException error;
    private volatile boolean settled;
    /** Run once settled, by the writing thread ({@link #submitThen}); null for a caller that waits. */
    Runnable then;

    /** What the write changes; two writes with the same key are written in different batches. */
    abstract Object key();

    final void succeed(Object v) {
      value = v;
      settled = true;
    }

    final void fail(RuntimeException e) {
      error = e;
      settled = true;
    }

    final boolean settled() {
      return settled;
    }

    /** The result of a settled write, or its exception thrown. */
    final Object result() {
      if (!settled) {
        throw new IllegalStateException("not written yet");
      }
      if (error != null) {
        throw error;
      }
      return value;
    }
  }

  /** Writes one batch; settles every write in it (results may be set only once the batch committed). */
  @FunctionalInterface
  interface Writer<W> {
    void write(List<W> batch);
  }

  private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());

  private final int maxBatch;
  private final int maxWriters;
  private final Writer<W> writer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition batchDone = lock.newCondition();
  private final ArrayDeque<W> queue = new ArrayDeque<>();
  private final Executor relay;
  private int writing;
  /** A relay run is queued and has not started yet. */
  private boolean relayQueued;

  /**
   * @param relay writes what leaders leave queued for callers that did not wait (see the class comment); it
   *     should run one task at a time on a thread of its own
   */
  GroupCommit(int maxBatch, int maxWriters, Writer<W> writer, Executor relay) {
    if (maxBatch < 1 || maxWriters < 1) {
      throw new IllegalArgumentException("maxBatch and maxWriters must be positive");
    }
    this.maxBatch = maxBatch;
    this.maxWriters = maxWriters;
    this.writer = writer;
    this.relay = java.util.Objects.requireNonNull(relay, "relay");
  }

  /** Writes {@code w} with whatever else is queued; returns its result or throws its exception. */
  Object submit(W w) {
    lock.lock();
    try {
      queue.addLast(w);
      while (!w.settled()) {
        if (writing < maxWriters && !queue.isEmpty()) {
          lead(w);
        } else {
          batchDone.awaitUninterruptibly();
        }
      }
    } finally {
      lock.unlock();
    }
    return w.result();
  }

  /**
   * Queues {@code w} and returns without waiting for it, unless no writer is busy: then this thread writes it
   * (with whatever else is queued) before returning. {@code then} runs once {@code w} is settled, on the
   * thread that wrote it; it should not throw (what it throws is logged and ignored).
   */
  void submitThen(W w, Runnable then) {
    w.then = then;
    lock.lock();
    try {
      queue.addLast(w);
      if (writing < maxWriters) {
        lead(w);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * With the lock held and a writer free: writes batches until {@code own} is settled, or until the queue is
   * empty when {@code own} is null (the relay); the lock is let go while a batch is written. What it leaves
   * queued goes to a waiting caller or to the relay.
   */
  private void lead(W own) {
    writing++;
    Error failed = null;
    try {
      while (!queue.isEmpty() && (own == null || !own.settled())) {
        List<W> batch = take();
        lock.unlock();
        try {
          writeSettlingAll(batch);
        } catch (Error e) {
          // Every write of that batch is settled (failed) and called back, and the leader goes on as if it had
          // not failed, so no write waits for a leader that is gone. The first Error is thrown when it stops.
          if (failed == null) {
            failed = e;
          }
        } finally {
          lock.lock();
          batchDone.signalAll();
        }
      }
    } finally {
      writing--;
      batchDone.signalAll();
    }
    if (!queue.isEmpty() && !relayQueued && !aCallerWaitsInQueue()) {
      handToRelay();
    }
    if (failed != null) {
      throw failed;
    }
  }

  /**
   * Whether a queued write's caller waits for it in {@link #submit}: that caller, woken by the leader that
   * stopped, leads next.
   */
  private boolean aCallerWaitsInQueue() {
    for (W w : queue) {
      if (w.then == null) {
        return true;
      }
    }
    return false;
  }

  /** With the lock held: has the relay write what is queued; writes it here if the relay refuses. */
  private void handToRelay() {
    relayQueued = true;
    try {
      relay.execute(this::relayRun);
    } catch (RejectedExecutionException e) {
      relayQueued = false;
      if (writing < maxWriters) {
        lead(null);
      }
    }
  }

  /** The relay's run: leads until the queue is empty, unless a leader is already busy (it hands over again). */
  private void relayRun() {
    lock.lock();
    try {
      relayQueued = false;
      if (writing < maxWriters && !queue.isEmpty()) {
        lead(null);
      }
    } catch (RuntimeException | Error e) {
      // Only a callback's Error gets here (a writer's failure settles its batch): the queue is written anyway.
      LOG.log(System.Logger.Level.ERROR, "a write's callback failed on the relay; the writes queued were written",
          e);
    } finally {
      lock.unlock();
    }
  }

  /** How many writes are waiting for a writer (for tests). */
  int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Takes up to maxBatch queued writes in order, leaving any whose key is already in the batch. */
  private List<W> take() {
    List<W> batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
    Set<Object> keys = new HashSet<>();
    for (Iterator<W> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
      W next = it.next();
      if (keys.add(next.key())) {
        batch.add(next);
        it.remove();
      }
    }
    return batch;
  }

  private void writeSettlingAll(List<W> batch) {
    Throwable broke = null;
    try {
      writer.write(batch);
    } catch (RuntimeException | Error e) {
      broke = e;
    }
    for (W w : batch) {
      if (!w.settled()) {
        w.fail(broke instanceof RuntimeException r ? r
            : new SchedulingException("the write batch failed: " + (broke == null ? "it was not settled" : broke),
                broke));
      }
    }
    Error callbackError = null;
    for (W w : batch) {
      if (w.then != null) {
        try {
          w.then.run();
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "a write's callback threw; ignored", e);
        } catch (Error e) {
          // Every other callback of the batch still runs; the first Error is thrown after them.
          if (callbackError == null) {
            callbackError = e;
          }
        }
      }
    }
    if (broke instanceof Error e) {
      throw e;
    }
    if (callbackError != null) {
      throw callbackError;
    }
  }
}

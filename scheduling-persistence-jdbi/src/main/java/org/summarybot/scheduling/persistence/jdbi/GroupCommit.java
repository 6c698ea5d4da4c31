package org.summarybot.scheduling.persistence.jdbi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.summarybot.scheduling.SchedulingException;

/**
 * Group commit: writes that threads submit at about the same time are written together, in one transaction,
 * by one of the submitting threads (the leader; no thread of its own). Every caller returns only when its own
 * write is settled (its batch committed, or it failed), with its own result or exception.
 *
 * <p>A thread that submits while fewer than {@code maxWriters} batches are being written becomes a leader: it
 * takes up to {@code maxBatch} queued writes (its own among them, unless the queue is longer) and writes them,
 * batch after batch, until the queue is empty; the others wait. A write submitted while the writers are busy
 * queues, and the leader takes it with every other write queued meanwhile, so batches grow with the load and a
 * lone write is written at once. Two writes with the same {@link Write#key()} never share a batch (the later one
 * waits for the next), so a batch never holds two writes to one row.
 *
 * <p>{@link #submitThen} queues a write without waiting for it: its callback runs once it is settled, on the
 * thread that wrote its batch (the submitting thread itself when it became the leader). Callers that do not
 * wait for their writes make the batches larger: a scheduler's workers go on with the next execution while
 * their completions wait for a commit.
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
  private int writing;

  GroupCommit(int maxBatch, int maxWriters, Writer<W> writer) {
    if (maxBatch < 1 || maxWriters < 1) {
      throw new IllegalArgumentException("maxBatch and maxWriters must be positive");
    }
    this.maxBatch = maxBatch;
    this.maxWriters = maxWriters;
    this.writer = writer;
  }

  /** Writes {@code w} with whatever else is queued; returns its result or throws its exception. */
  Object submit(W w) {
    lock.lock();
    try {
      queue.addLast(w);
      while (!w.settled()) {
        if (writing < maxWriters && !queue.isEmpty()) {
          lead();
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
   * (and whatever else queues meanwhile) before returning. {@code then} runs once {@code w} is settled, on the
   * thread that wrote it; it should not throw (what it throws is logged and ignored).
   */
  void submitThen(W w, Runnable then) {
    w.then = then;
    lock.lock();
    try {
      queue.addLast(w);
      if (writing < maxWriters) {
        lead();
      }
    } finally {
      lock.unlock();
    }
  }

  /** With the lock held and a writer free: writes batches until the queue is empty (the lock is let go meanwhile). */
  private void lead() {
    writing++;
    Error failed = null;
    try {
      while (!queue.isEmpty()) {
        List<W> batch = take();
        lock.unlock();
        try {
          writeSettlingAll(batch);
        } catch (Error e) {
          // Every write of that batch is settled (failed) and called back; the queue is still written, so no
          // write waits for a leader that is gone. The first Error is thrown once it is empty.
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
    if (failed != null) {
      throw failed;
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

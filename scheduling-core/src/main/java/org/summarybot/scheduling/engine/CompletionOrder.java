package org.summarybot.scheduling.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.summarybot.scheduling.model.TaskId;

/**
 * Keeps the outcomes of one task told in order. A worker hands a completion to the store and goes on; a store
 * that batches its writes calls back later, from the thread that wrote the batch, and the outcome (events,
 * notifications) is told after that by whichever thread comes first. Meanwhile the task can be claimed again (a
 * short period, a retry, {@code runNow}), and its next start must not be told before this outcome.
 *
 * <p>So an outcome of a task that can run again is registered here from its {@linkplain #handOver hand-over}
 * until it is told, and before telling anything new of a task a worker calls {@link #tellEarlierOutcome}, which
 * tells the registered outcome first: it waits for the store's call back (the write is done, since the task
 * could be claimed again, but the call back can lag behind it), at most {@code maxWait}, in case a store never
 * calls back. Each outcome also tells the outcome of its task registered before it, so outcomes written newest
 * first are still told oldest first. Every outcome is told once, by whichever thread gets to it first.
 */
final class CompletionOrder {
  private static final System.Logger LOG = System.getLogger(TaskScheduler.class.getName());

  private final Map<TaskId, Outcome> untold = new ConcurrentHashMap<>();
  private final long maxWaitNanos;

  /** {@code maxWait}: how long a next event of a task waits for its earlier outcome (the engine's lease). */
  CompletionOrder(Duration maxWait) {
    this.maxWaitNanos = maxWait.toNanos();
  }

  /**
   * The outcome of a completion of task {@code id}, being handed to the store now; {@code tell} tells it, once,
   * after the store's call back. {@code runsAgain}: the task can run again, so its next events wait for this
   * outcome; an outcome that ends its task (a one-shot task's last) is not waited for.
   */
  Outcome handOver(TaskId id, boolean runsAgain, Runnable tell) {
    Outcome o = new Outcome(id, runsAgain, tell, untoldOf(id));
    if (runsAgain) {
      untold.put(id, o);
    }
    return o;
  }

  /** Before telling an event of task {@code id}: tells its earlier outcome first, if that is not told yet. */
  void tellEarlierOutcome(TaskId id) {
    Outcome before = untoldOf(id);
    if (before != null) {
      before.tellFirst();
    }
  }

  /** The task's outcome not told yet, or null; cheap when there is none at all. */
  private Outcome untoldOf(TaskId id) {
    return untold.isEmpty() ? null : untold.get(id);
  }

  /** One completion's outcome, from its hand-over until it is told. */
  final class Outcome {
    private final TaskId id;
    /** Registered in {@link #untold}: the task's next events wait for this outcome. */
    private final boolean tracked;
    private final Runnable tell;
    /** The task's previous outcome, not yet told when this one was handed over; told first. */
    private Outcome before;
    private volatile boolean written;
    /** A thread took the telling (guarded by this). */
    private boolean taken;
    /** The telling is over, or will never come (guarded by this). */
    private boolean told;

    private Outcome(TaskId id, boolean tracked, Runnable tell, Outcome before) {
      this.id = id;
      this.tracked = tracked;
      this.tell = tell;
      this.before = before;
    }

    /** The store called back: the outcome can be told. */
    void written() {
      written = true;
      if (tracked) {
        synchronized (this) {
          notifyAll();
        }
      }
    }

    /** Tells the outcome (its task's earlier one first) unless another thread did or does. */
    void tell() {
      synchronized (this) {
        if (taken) {
          return;
        }
        taken = true;
      }
      try {
        Outcome earlier = before;
        if (earlier != null) {
          before = null;
          earlier.tellFirst();
        }
        tell.run();
      } catch (RuntimeException | Error e) {
        LOG.log(Level.ERROR, "task " + id + ": handling its stored completion failed", e);
      } finally {
        done();
      }
    }

    /** The outcome will never be told (the store neither wrote it nor called back): nothing waits for it. */
    void abandon() {
      done();
    }

    private void done() {
      if (tracked) {
        untold.remove(id, this);
        synchronized (this) {
          told = true;
          notifyAll();
        }
      }
    }

    /**
     * Tells this outcome before a next event of its task: waits for the store's call back, tells the outcome
     * unless another thread already does, and waits for that; at most the longest wait in all.
     */
    void tellFirst() {
      long deadline = System.nanoTime() + maxWaitNanos;
      try {
        if (awaitUntil(() -> written, deadline)) {
          tell();
        }
        if (awaitUntil(() -> told, deadline)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      LOG.log(Level.WARNING, "task {0}: its earlier outcome was not told within the lease time; its next start is "
          + "told first", id);
    }

    /** Waits on this until {@code condition} holds or the deadline (nanoTime) passes; whether it holds. */
    private synchronized boolean awaitUntil(BooleanSupplier condition, long deadline) throws InterruptedException {
      for (long left = deadline - System.nanoTime(); !condition.getAsBoolean() && left > 0;
          left = deadline - System.nanoTime()) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return condition.getAsBoolean();
    }
  }
}

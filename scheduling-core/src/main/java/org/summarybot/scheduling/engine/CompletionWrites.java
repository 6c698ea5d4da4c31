package org.summarybot.scheduling.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Completions handed to the store whose write has not called back yet: a store that batches completions writes
 * them after the worker went on. At most {@code max} are in writing before a worker waits to hand over another.
 * The bound is low on purpose: until a completion is written its lease is not extended, and the last delivery of
 * its attempt is logged only with it, so a node that dies with completions unwritten has those executions run
 * again elsewhere and their last deliveries sent again (with the same idempotency keys).
 */
final class CompletionWrites {
  private final int max;
  /** Notified on reaching 0 and on falling below {@link #max}, when a thread waits. */
  private final AtomicInteger inWriting = new AtomicInteger();
  /**
   * Threads waiting on {@link #inWriting}. Counted before they look at it, so {@link #ended} takes the monitor
   * only when somebody may wait: otherwise every completion would take this one lock of all workers.
   */
  private volatile int waiters;

  CompletionWrites(int max) {
    this.max = max;
  }

  /** Waits while {@code max} completions are in writing (gives up when interrupted). */
  void awaitRoom() {
    if (inWriting.get() < max) {
      return;
    }
    synchronized (inWriting) {
      waiters++;
      try {
        while (inWriting.get() >= max) {
          inWriting.wait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        waiters--;
      }
    }
  }

  void began() {
    inWriting.incrementAndGet();
  }

  void ended() {
    int n = inWriting.decrementAndGet();
    // A waiter counts itself before it reads the count, and this reads the waiters after changing the count:
    // one of the two sees the other, so no waiter misses the change it waits for.
    if ((n == 0 || n == max - 1) && waiters > 0) {
      synchronized (inWriting) {
        inWriting.notifyAll();
      }
    }
  }

  int inWriting() {
    return inWriting.get();
  }

  /** Waits until none is in writing, or until {@code deadline} (nanoTime); whether none is. */
  boolean awaitNone(long deadline) {
    synchronized (inWriting) {
      waiters++;
      try {
        while (inWriting.get() > 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(inWriting, left);
        }
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        waiters--;
      }
    }
  }
}

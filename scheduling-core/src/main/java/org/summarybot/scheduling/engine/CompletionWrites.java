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
  /** Notified on reaching 0 and on falling below {@link #max}. */
  private final AtomicInteger inWriting = new AtomicInteger();

  CompletionWrites(int max) {
    this.max = max;
  }

  /** Waits while {@code max} completions are in writing (gives up when interrupted). */
  void awaitRoom() {
    if (inWriting.get() < max) {
      return;
    }
    synchronized (inWriting) {
      while (inWriting.get() >= max) {
        try {
          inWriting.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  void began() {
    inWriting.incrementAndGet();
  }

  void ended() {
    int n = inWriting.decrementAndGet();
    if (n == 0 || n == max - 1) {
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
      while (inWriting.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(inWriting, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }
}

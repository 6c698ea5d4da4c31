package org.summarybot.scheduling.engine;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Lateness samples (start minus due, in ms) of the most recent executions, for percentiles. Thread-safe without a
 * lock: every start of every worker records one, so a lock here would be one more that all workers queue on. A
 * sample being recorded while the percentiles are read may be left out of them.
 */
final class Lateness {
  private final AtomicLongArray ring;
  /** Samples recorded so far; the next one goes to this count modulo the capacity. */
  private final AtomicLong recorded = new AtomicLong();

  Lateness(int capacity) {
    ring = new AtomicLongArray(capacity);
  }

  /** Records one sample of {@code lateMillis} (negative counts as 0). */
  void record(long lateMillis) {
    long slot = recorded.getAndIncrement() % ring.length();
    ring.set((int) slot, Math.max(0, lateMillis));
  }

  /** The {@code q}-quantile (0-1) of the samples, nearest rank; empty with no samples. */
  Optional<Duration> quantile(double q) {
    int size = (int) Math.min(recorded.get(), ring.length());
    if (size == 0) {
      return Optional.empty();
    }
    long[] copy = new long[size];
    for (int i = 0; i < size; i++) {
      copy[i] = ring.get(i);
    }
    Arrays.sort(copy);
    int rank = (int) Math.ceil(q * copy.length) - 1;
    return Optional.of(Duration.ofMillis(copy[Math.max(0, Math.min(copy.length - 1, rank))]));
  }
}

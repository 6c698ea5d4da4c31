package org.summarybot.scheduling.engine;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** Lateness samples (start minus due, in ms) of the most recent executions, for percentiles. Thread-safe. */
final class Lateness {
  private final long[] ring;
  private int size;
  private int next;

  Lateness(int capacity) {
    ring = new long[capacity];
  }

  /** Records one sample of {@code lateMillis} (negative counts as 0). */
  synchronized void record(long lateMillis) {
    ring[next] = Math.max(0, lateMillis);
    next = (next + 1) % ring.length;
    if (size < ring.length) {
      size++;
    }
  }

  /** The {@code q}-quantile (0-1) of the samples, nearest rank; empty with no samples. */
  Optional<Duration> quantile(double q) {
    long[] copy;
    synchronized (this) {
      if (size == 0) {
        return Optional.empty();
      }
      copy = Arrays.copyOf(ring, size);
    }
    Arrays.sort(copy);
    int rank = (int) Math.ceil(q * copy.length) - 1;
    return Optional.of(Duration.ofMillis(copy[Math.max(0, Math.min(copy.length - 1, rank))]));
  }
}

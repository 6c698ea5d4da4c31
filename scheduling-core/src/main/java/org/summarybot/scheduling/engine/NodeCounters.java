package org.summarybot.scheduling.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.summarybot.scheduling.model.TaskStatus;

/** This node's figures since start: executions running, executed and failed, and lateness. Thread-safe. */
final class NodeCounters {
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong executed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Lateness lateness = new Lateness(1 << 20);
  private volatile Instant startedAt;

  void started(Instant at) {
    startedAt = at;
  }

  void runBegan() {
    running.incrementAndGet();
  }

  void runEnded() {
    running.decrementAndGet();
  }

  /** An attempt started {@code lateMillis} after it was due. */
  void late(long lateMillis) {
    lateness.record(lateMillis);
  }

  /** An execution ended (not a missed fire). */
  void executed(boolean failedToo) {
    executed.incrementAndGet();
    if (failedToo) {
      failed.incrementAndGet();
    }
  }

  /** The figures, with the store's task counts ({@code byStatus}) and the claims queued for a worker. */
  SchedulerStats snapshot(Map<TaskStatus, Long> byStatus, int queued, Instant now) {
    Map<TaskStatus, Long> all = new EnumMap<>(TaskStatus.class);
    for (TaskStatus s : TaskStatus.values()) {
      all.put(s, 0L);
    }
    byStatus.forEach((status, count) -> all.merge(status, count, Long::sum));
    Instant since = startedAt;
    Duration up = since == null ? Duration.ZERO : Duration.between(since, now);
    return new SchedulerStats(all, running.get(), queued, executed.get(), failed.get(), lateness.quantile(0.50),
        lateness.quantile(0.99), up);
  }
}

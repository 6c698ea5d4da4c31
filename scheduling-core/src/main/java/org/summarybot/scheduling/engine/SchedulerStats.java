package org.summarybot.scheduling.engine;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.summarybot.scheduling.model.TaskStatus;

/**
 * The scheduler's figures. Counts of tasks come from the store; the rest are this node's since
 * {@code start()}: executions running and queued for a thread, executions finished and failed, lateness
 * percentiles (start time minus due time), and uptime.
 */
public record SchedulerStats(
    Map<TaskStatus, Long> tasksByStatus,
    int running,
    int queued,
    long executed,
    long failed,
    Optional<Duration> latenessP50,
    Optional<Duration> latenessP99,
    Duration uptime) {
  public SchedulerStats {
    tasksByStatus = Map.copyOf(tasksByStatus);
  }
}

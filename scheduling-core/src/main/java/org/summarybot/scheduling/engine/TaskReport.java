package org.summarybot.scheduling.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;

/**
 * A task's state for people: the task, its next fire times (up to three), whether it runs on this node now,
 * and its last history entry. Stats are in {@code task.stats()}.
 */
public record TaskReport(
    ScheduledTask task, List<Instant> nextRuns, boolean runningHere, Optional<ExecutionRecord> lastExecution,
    String scheduleDescription) {
  public TaskReport {
    requireNonNull(task, "task");
    requireNonNull(lastExecution, "lastExecution");
    requireNonNull(scheduleDescription, "scheduleDescription");
    nextRuns = List.copyOf(nextRuns);
  }
}

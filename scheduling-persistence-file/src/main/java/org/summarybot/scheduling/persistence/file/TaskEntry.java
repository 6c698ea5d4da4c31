package org.summarybot.scheduling.persistence.file;

import java.util.List;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;

/**
 * A task as stored in its file: the task, its lease epoch (one up per completion, so a completion ends the lease
 * without rewriting {@code leases.json}), and its last completion's records ({@code recent}, kept until they are
 * surely in the history file). {@code dueKey} is its place in the due index while it is active and due.
 */
final class TaskEntry {
  final ScheduledTask task;
  final long epoch;
  final List<ExecutionRecord> recent;
  DueKey dueKey;

  TaskEntry(ScheduledTask task, long epoch, List<ExecutionRecord> recent) {
    this.task = task;
    this.epoch = epoch;
    this.recent = List.copyOf(recent);
  }
}

package org.summarybot.scheduling;

import static java.util.Objects.requireNonNull;

import org.summarybot.scheduling.model.TaskId;

/**
 * A node tried to act on a claim whose lease it no longer holds (it expired and another node took the task
 * over, or the claim was handed back). The caller must drop its result: the new holder finishes the work.
 */
public class LeaseLostException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  private final TaskId taskId;

  public LeaseLostException(TaskId taskId, String nodeId) {
    super("node " + nodeId + " no longer holds the lease on task " + requireNonNull(taskId, "taskId"));
    this.taskId = taskId;
  }

  public TaskId taskId() {
    return taskId;
  }
}

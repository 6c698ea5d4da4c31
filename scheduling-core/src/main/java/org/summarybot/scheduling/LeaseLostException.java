package org.summarybot.scheduling;

import static java.util.Objects.requireNonNull;

import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.TaskId;

/**
 * A node tried to act on a claim whose lease it no longer holds (it expired and the task was claimed again, by
 * another node or by the same one, or the claim was handed back). The caller must drop its result: the new holder finishes the work.
 */
public class LeaseLostException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  private final TaskId taskId;

  /** The claim of {@code nodeId} with {@code fencingToken} no longer holds the lease on {@code taskId}. */
  public LeaseLostException(TaskId taskId, String nodeId, long fencingToken) {
    super("the claim of node " + nodeId + " (fencing token " + fencingToken + ") no longer holds the lease on task "
        + requireNonNull(taskId, "taskId"));
    this.taskId = taskId;
  }

  public TaskId taskId() {
    return taskId;
  }
}

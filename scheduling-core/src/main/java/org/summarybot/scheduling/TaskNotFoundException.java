package org.summarybot.scheduling;

import static java.util.Objects.requireNonNull;

import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.TaskId;

/** No task has this id, or it is not visible to the caller (another guild's task looks exactly like this). */
public class TaskNotFoundException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  private final TaskId taskId;

  public TaskNotFoundException(TaskId taskId) {
    super("task " + requireNonNull(taskId, "taskId") + " not found");
    this.taskId = taskId;
  }

  public TaskId taskId() {
    return taskId;
  }
}

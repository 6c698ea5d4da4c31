package org.summarybot.scheduling.engine;

import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.TaskQuery;

/**
 * Managing tasks: what the CLI, a Discord command or an embedding application calls. {@link TaskScheduler}
 * implements it for every task; {@link TaskScheduler#forGuild} gives a view confined to one guild, in which
 * another guild's tasks do not exist ({@link org.summarybot.scheduling.TaskNotFoundException}, never
 * "forbidden").
 */
public interface TaskOperations {
  /**
   * Validates {@code spec} completely, computes the first run and stores a new ACTIVE task.
   *
   * @throws org.summarybot.scheduling.model.ValidationException listing every problem; nothing is stored then
   */
  ScheduledTask schedule(TaskSpec spec);

  /**
   * Replaces a task's settings. {@code expectedVersion} is the version the caller read; if the task changed
   * since, this throws {@link org.summarybot.scheduling.VersionConflictException} and changes nothing. A new
   * schedule or zone recomputes the next run from now; a completed task given a schedule that fires again is
   * active again.
   */
  ScheduledTask update(TaskId id, long expectedVersion, TaskSpec spec);

  /** Removes a task (its history stays until pruned). Returns whether it existed. */
  boolean cancel(TaskId id);

  /**
   * Stops a task from firing until resumed. Durable. An execution already running finishes.
   *
   * @throws org.summarybot.scheduling.model.SchedulingException for a completed task (give it a new schedule instead)
   */
  ScheduledTask pause(TaskId id);

  /**
   * Starts a paused or disabled task again and re-enables its disabled destinations. An active task keeps its
   * window, next run and pending retry: only destinations disabled on their own are enabled again, and when there
   * are none nothing is written (the task comes back as it was, same version).
   *
   * @throws org.summarybot.scheduling.model.SchedulingException for a completed task (give it a new schedule instead)
   */
  ScheduledTask resume(TaskId id, ResumeMode mode);

  /**
   * Asks for one execution now, on whichever node claims it first, with its window reaching from the end of the
   * last successful window (as it is when the execution starts) to now. The task must be active and have no
   * pending run. Asked for while the task runs, it runs after that execution (which then does not complete a
   * one-shot task), its window starting where that one's ended, unless that execution ends with a retry: the
   * retry is the one pending run, and this request is dropped. Regular fires overdue by then are not run one by one
   * after it: they are recorded as coalesced into it.
   */
  ScheduledTask runNow(TaskId id);

  Optional<ScheduledTask> get(TaskId id);

  List<ScheduledTask> list(TaskQuery query);

  /** The task with its next runs and last execution. */
  TaskReport status(TaskId id);

  /** The task's history, newest first. */
  List<ExecutionRecord> history(TaskId id, int limit);
}

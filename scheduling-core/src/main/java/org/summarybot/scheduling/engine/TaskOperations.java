package org.summarybot.scheduling.engine;

import java.time.Instant;
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
  default ScheduledTask pause(TaskId id) {
    return pause(id, Optional.empty());
  }

  /**
   * {@link #pause(TaskId)} with a note for people (why, until when), kept as the task's status reason until
   * {@link #resume}; pausing a paused task again replaces its note. Without a note the reason is "paused".
   *
   * @throws org.summarybot.scheduling.model.ValidationException for a blank note, one longer than
   *     {@link org.summarybot.scheduling.model.Limits#PAUSE_NOTE_LENGTH} characters, or one with control characters
   */
  ScheduledTask pause(TaskId id, Optional<String> note);

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

  /**
   * The past fires of a task from {@code from} through {@code to} (both included), oldest first, each with its own
   * window and whether it still needs a run: a fire needs none when a successful execution ran it or its window
   * reached over it (a catch-up or a run asked for that coalesced it). Fires are listed up to the {@code max}-th
   * that needs a run. Reads only.
   *
   * @throws org.summarybot.scheduling.model.ValidationException when {@code to} is before {@code from} or after
   *     now, {@code max} is outside 1-{@link org.summarybot.scheduling.model.Limits#BACKFILL_MAX}, or the task is
   *     not a summary task
   */
  List<BackfillFire> planBackfill(TaskId id, Instant from, Instant to, int max);

  /**
   * Asks for the run of one past fire of a task, as a normal execution with the fire's own window and execution
   * id, on whichever node claims it first (a pending run, as {@link #runNow} asks). Its history record replaces
   * an unsuccessful record of the fire (failed, or missed: a missed range keeps its other fires as missed).
   *
   * @throws org.summarybot.scheduling.model.ValidationException when the task is not active or has a pending run,
   *     {@code fire} is not a fire of its schedule, is not yet passed by the scheduler (not before its next run),
   *     or no longer needs a run (see {@link #planBackfill})
   */
  ScheduledTask backfill(TaskId id, Instant fire);

  Optional<ScheduledTask> get(TaskId id);

  List<ScheduledTask> list(TaskQuery query);

  /** The task with its next runs and last execution. */
  TaskReport status(TaskId id);

  /** The task's history, newest first. */
  List<ExecutionRecord> history(TaskId id, int limit);
}

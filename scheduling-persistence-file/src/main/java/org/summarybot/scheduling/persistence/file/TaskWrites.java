package org.summarybot.scheduling.persistence.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import org.summarybot.scheduling.LeaseLostException;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.VersionConflictException;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.Problem;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Completion;

/**
 * Every change of a task, in the order that keeps the directory consistent: journal entry first, then the task
 * file, then the view (so a failed write changes nothing the store reports), then what follows from it (a lease
 * left behind, a history append). Used only under the store's lock.
 */
final class TaskWrites {
  private final Disk disk;
  private final Journal journal;
  private final TaskFiles taskFiles;
  private final Leases leases;
  private final Logs logs;
  private final TaskView view;
  private final Refresh refresh;

  TaskWrites(Disk disk, Journal journal, TaskFiles taskFiles, Leases leases, Logs logs, TaskView view,
      Refresh refresh) {
    this.disk = disk;
    this.journal = journal;
    this.taskFiles = taskFiles;
    this.leases = leases;
    this.logs = logs;
    this.view = view;
    this.refresh = refresh;
  }

  ScheduledTask create(ScheduledTask task) throws IOException {
    if (view.contains(task.id())) {
      throw new SchedulingException("task " + task.id() + " already exists");
    }
    ScheduledTask stored = task.toBuilder().version(1).build();
    TaskEntry e = new TaskEntry(stored, 0, List.of());
    journal.task(stored.id());
    taskFiles.write(e);
    leases.remove(stored.id(), view); // a lease left by a task of the same id, deleted meanwhile
    view.put(e);
    return stored;
  }

  ScheduledTask update(ScheduledTask task) throws IOException {
    TaskEntry e = current(task);
    TaskEntry next = new TaskEntry(task.toBuilder().version(task.version() + 1).build(), e.epoch, e.recent);
    journal.task(task.id());
    taskFiles.write(next);
    view.put(next);
    return next.task;
  }

  /** A batch of updates (ids distinct): versions checked first, one journal append, one fsync of tasks/. */
  List<ScheduledTask> updateAll(List<ScheduledTask> batch, Set<TaskId> ids) throws IOException {
    List<TaskEntry> next = new ArrayList<>(batch.size());
    for (ScheduledTask t : batch) {
      TaskEntry e = current(t);
      next.add(new TaskEntry(t.toBuilder().version(t.version() + 1).build(), e.epoch, e.recent));
    }
    journal.tasks(ids);
    try {
      taskFiles.writeAll(next);
    } catch (RuntimeException failed) {
      // Some files may be written: make the view match the disk again before reporting the failure.
      for (TaskId id : ids) {
        try {
          refresh.task(id);
        } catch (IOException | RuntimeException again) {
          failed.addSuppressed(again);
        }
      }
      throw failed;
    }
    List<ScheduledTask> out = new ArrayList<>(next.size());
    for (TaskEntry e : next) {
      view.put(e);
      out.add(e.task);
    }
    return out;
  }

  /** The stored entry of {@code task}, which must exist and carry its current version. */
  private TaskEntry current(ScheduledTask task) {
    TaskEntry e = view.get(task.id());
    if (e == null) {
      throw new TaskNotFoundException(task.id());
    }
    if (e.task.version() != task.version()) {
      throw new VersionConflictException(task.id(), task.version(), e.task.version());
    }
    return e;
  }

  boolean delete(TaskId id) throws IOException {
    TaskEntry e = view.get(id);
    if (e == null) {
      return false;
    }
    logs.flushRecent(e);
    journal.task(id);
    taskFiles.delete(id);
    view.remove(id);
    leases.remove(id, view);
    return true;
  }

  /**
   * Applies a completion: the task file (written first) carries its records as {@code recent} and a new lease
   * epoch, which ends the lease; the history append follows.
   */
  ScheduledTask complete(Completion completion) throws IOException {
    Claim claim = completion.claim();
    TaskId id = claim.task().id();
    TaskEntry e = view.get(id);
    if (e == null) {
      throw new TaskNotFoundException(id);
    }
    if (!leases.holds(e, claim)) {
      throw new LeaseLostException(id, claim.nodeId(), claim.fencingToken());
    }
    NavigableMap<Instant, ExecutionRecord> h = logs.historyView(e, id);
    Set<Instant> fires = new HashSet<>();
    for (ExecutionRecord r : completion.records()) {
      if (h.containsKey(r.scheduledFor()) && !completion.replaces(r.scheduledFor()) || !fires.add(r.scheduledFor())) {
        throw new SchedulingException("execution " + r.id() + " of task " + id + " for " + r.scheduledFor()
            + " is already recorded");
      }
    }
    ScheduledTask next = completion.applyTo(e.task).toBuilder().version(e.task.version() + 1).build();
    logs.flushRecent(e);
    TaskEntry ne = new TaskEntry(next, e.epoch + 1, completion.records());
    journal.task(id);
    taskFiles.write(ne);
    view.put(ne);
    try {
      logs.appendHistory(id, completion.records());
    } catch (WriteFailedException notAppended) {
      // The task file holds the completion and its records (recent), so the completion stands: history shows
      // the records from there, and the task's next completion appends them (flushRecent). The failure is
      // recorded for health and the log.
      logs.forgetHistory(id);
    }
    return next;
  }

  /**
   * Creates every task of an import, or none: ids already in the store are problems, added to {@code problems}
   * (those the caller found already, all thrown together); a write failing midway, {@code then} included (run
   * after the last task), removes the tasks already created again. With {@code dryRun}, only checks.
   */
  List<TaskId> createAll(List<ScheduledTask> tasks, List<Problem> found, boolean dryRun, StoreLock.Io<Void> then)
      throws IOException {
    List<Problem> problems = new ArrayList<>(found);
    for (int i = 0; i < tasks.size(); i++) {
      if (view.contains(tasks.get(i).id())) {
        problems.add(new Problem("tasks[" + i + "].id", "task " + tasks.get(i).id() + " already exists"));
      }
    }
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
    List<TaskId> ids = tasks.stream().map(ScheduledTask::id).toList();
    if (dryRun) {
      return ids;
    }
    List<TaskId> created = new ArrayList<>();
    try {
      for (ScheduledTask t : tasks) {
        create(t);
        created.add(t.id());
      }
      then.get();
    } catch (IOException | RuntimeException e) {
      for (TaskId id : created) {
        try {
          journal.task(id);
          Path f = taskFiles.file(id);
          disk.write(f, () -> Files.deleteIfExists(f));
          view.remove(id);
        } catch (IOException | RuntimeException undo) {
          e.addSuppressed(undo);
        }
      }
      throw e;
    }
    return ids;
  }
}

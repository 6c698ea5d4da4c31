package org.summarybot.scheduling.persistence.jdbi;

import java.util.Optional;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.VersionConflictException;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.TaskId;

/**
 * People's writes to tasks, with optimistic concurrency: a new task is stored at version 1, an update writes one
 * version up only over the version it was read at, a delete removes the row. They check the version only: they
 * never wait for (beyond a claim's short transaction) or break a lease, and the lease columns are not theirs.
 */
final class TaskWrites {
  private final Database db;

  TaskWrites(Database db) {
    this.db = db;
  }

  ScheduledTask create(ScheduledTask task) {
    if (task.version() != 0) {
      throw new IllegalArgumentException("a new task has version 0, not " + task.version());
    }
    ScheduledTask stored = task.toBuilder().version(1).build();
    try {
      return db.run(h -> {
        TaskRows.bind(h.createUpdate("INSERT INTO tasks (" + TaskRows.COLUMNS + ") VALUES (" + TaskRows.VALUES + ")"),
            stored).execute();
        return stored;
      });
    } catch (SchedulingException e) {
      if (Database.isUniqueViolation(e)) {
        throw new SchedulingException("task " + task.id() + " already exists", null);
      }
      throw e;
    }
  }

  /**
   * {@code task} written one version up, when the stored row is still at {@code task.version()}; else a
   * {@link VersionConflictException} naming both versions, or {@link TaskNotFoundException}.
   */
  ScheduledTask update(ScheduledTask task) {
    ScheduledTask next = task.toBuilder().version(task.version() + 1).build();
    return db.inTransaction(h -> {
      int n = TaskRows.bind(h.createUpdate("UPDATE tasks SET " + TaskRows.ASSIGNMENTS
          + " WHERE id = :id AND version = :expected"), next).bind("expected", task.version()).execute();
      if (n == 1) {
        return next;
      }
      Optional<Long> actual = h.createQuery("SELECT version FROM tasks WHERE id = :id")
          .bind("id", task.id().value()).mapTo(Long.class).findOne();
      if (actual.isEmpty()) {
        throw new TaskNotFoundException(task.id());
      }
      throw new VersionConflictException(task.id(), task.version(), actual.get());
    });
  }

  boolean delete(TaskId id) {
    return db.run(h -> h.createUpdate("DELETE FROM tasks WHERE id = :id").bind("id", id.value()).execute() > 0);
  }
}

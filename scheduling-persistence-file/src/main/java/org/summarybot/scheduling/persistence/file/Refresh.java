package org.summarybot.scheduling.persistence.file;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.summarybot.scheduling.json.TaskJson;
import org.summarybot.scheduling.model.TaskId;

/**
 * Keeps this process's view equal to the directory: the full load at open (and whenever the journal cannot say
 * what changed), and, before every call under the lock, the re-reading of just what the journal's new entries
 * name. Bad files met on the way are quarantined, older ones migrated; a file of a newer schema stops the load
 * before anything is changed. Used only under the store's lock.
 */
final class Refresh {
  private final Path dir;
  private final System.Logger log;
  private final StoreDirectory storeDirectory;
  private final Quarantine quarantine;
  private final Journal journal;
  private final TaskFiles taskFiles;
  private final Leases leases;
  private final Logs logs;
  private final TaskView view;

  Refresh(Path dir, System.Logger log, StoreDirectory storeDirectory, Quarantine quarantine, Journal journal,
      TaskFiles taskFiles, Leases leases, Logs logs, TaskView view) {
    this.dir = dir;
    this.log = log;
    this.storeDirectory = storeDirectory;
    this.quarantine = quarantine;
    this.journal = journal;
    this.taskFiles = taskFiles;
    this.leases = leases;
    this.logs = logs;
    this.view = view;
  }

  /** Opens the directory: modes, {@code store.json}, temp files of dead writers, then a full load. */
  void open() throws IOException {
    storeDirectory.restrictModes();
    storeDirectory.checkStoreFile();
    storeDirectory.removeTempFiles(dir);
    storeDirectory.removeTempFiles(logs.historyDirectory());
    storeDirectory.removeTempFiles(quarantine.directory());
    fullReload(true); // removes the temp files in tasks/ while it lists the directory anyway
  }

  /** Applies what other processes changed, as the journal names it. */
  void changes() throws IOException {
    Journal.Changes c = journal.read();
    if (c.full()) {
      fullReload(false);
      return;
    }
    if (c.history) {
      logs.historyChanged();
    }
    if (c.deliveries) {
      logs.deliveriesChanged();
    }
    for (TaskId id : c.tasks) {
      task(id);
    }
    if (c.leases) {
      leases.load();
    }
  }

  /**
   * Reloads every task file. Decoding (read, parse, validate, migrate in memory) runs in parallel and touches
   * nothing; then, in the directory's listing order, one thread throws for a file of a newer schema (before
   * anything is changed), quarantines bad files, rewrites migrated ones and installs the rest.
   */
  private void fullReload(boolean atOpen) throws IOException {
    journal.skipToEnd();
    view.clear();
    logs.forget();
    List<TaskLoader.Chunk> chunks = TaskLoader.loadAll(taskFiles, temp -> {
      if (atOpen) {
        storeDirectory.removeTempFile(temp);
      }
    });
    for (TaskLoader.Chunk c : chunks) {
      for (int i = 0; i < c.size; i++) {
        if (c.loaded[i].newerSchema() > 0) {
          throw StoreDirectory.newerFile(dir, c.loaded[i].file(), c.loaded[i].newerSchema());
        }
      }
    }
    List<TaskEntry> entries = new ArrayList<>();
    for (TaskLoader.Chunk c : chunks) {
      for (int i = 0; i < c.size; i++) {
        TaskFiles.Loaded l = c.loaded[i];
        if (l.problem() != null) {
          quarantine.move(l.file(), l.problem());
        } else if (l.entry() != null) {
          if (l.migrated()) {
            log.log(Level.INFO, "migrating " + dir.relativize(l.file()) + " to schema " + TaskJson.SCHEMA);
            taskFiles.write(l.entry());
          }
          entries.add(l.entry());
        }
      }
    }
    view.install(entries, TaskLoader.dueKeys(chunks));
    leases.load();
    logs.loadPruned();
  }

  /** Re-reads the file of task {@code id} (gone: removed from the view; bad: quarantined). */
  void task(TaskId id) throws IOException {
    TaskFiles.Loaded l = taskFiles.reload(id);
    if (l == null) {
      view.remove(id);
      return;
    }
    if (l.newerSchema() > 0) {
      throw StoreDirectory.newerFile(dir, l.file(), l.newerSchema());
    }
    if (l.problem() != null) {
      quarantine.move(l.file(), l.problem());
      view.remove(id);
      return;
    }
    view.put(l.entry());
  }
}

package org.summarybot.scheduling.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.json.ExportDocument;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.model.Problem;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.persistence.file.FileTaskStore;
import org.summarybot.scheduling.persistence.file.ImportReport;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;

/**
 * {@code tasks export} and {@code tasks import} over any store: one export document ({@link ExportDocument}) of
 * the tasks and guild settings, the same whichever store wrote it. The file store exports and imports itself (under
 * its lock); other stores go through the {@link TaskStore} port here, with the same checks.
 */
final class StoreTransfer {
  private StoreTransfer() {}

  /** The export document of the store's tasks and guild settings, or of one guild's. */
  static String export(TaskStore store, Optional<GuildId> guild) {
    if (store instanceof FileTaskStore f) {
      return f.exportTasks(guild);
    }
    List<ScheduledTask> tasks = store.list(guild.map(TaskQuery::guild).orElse(TaskQuery.all()));
    List<GuildSettings> settings = guild.map(g -> store.guildSettings(g).stream().toList())
        .orElseGet(store::allGuildSettings);
    return ExportDocument.write(tasks, settings, guild);
  }

  /**
   * Imports an export document: everything is checked first (the document; that no task id exists yet; that no
   * guild of it has other settings in the store), then every task is created and the settings the store does not
   * hold yet are saved; a write failing midway removes what this import wrote. With {@code dryRun}, only checks.
   *
   * @throws ValidationException listing every problem, each naming its place ({@code guilds[1].zone})
   */
  static ImportReport importDocument(TaskStore store, String document, boolean dryRun) {
    if (store instanceof FileTaskStore f) {
      return f.importTasks(document, dryRun);
    }
    ExportDocument.Contents contents = ExportDocument.readContents(document);
    List<Problem> problems = new ArrayList<>(ExportDocument.settingsConflicts(contents.guilds(), store::guildSettings));
    List<ScheduledTask> tasks = contents.tasks();
    for (int i = 0; i < tasks.size(); i++) {
      if (store.get(tasks.get(i).id()).isPresent()) {
        problems.add(new Problem("tasks[" + i + "].id", "task " + tasks.get(i).id() + " already exists"));
      }
    }
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
    List<GuildSettings> toSave = contents.guilds().stream()
        .filter(s -> !store.guildSettings(s.guild()).equals(Optional.of(s))).toList();
    List<TaskId> ids = tasks.stream().map(ScheduledTask::id).toList();
    if (!dryRun) {
      write(store, tasks, toSave);
    }
    return new ImportReport(ids, toSave, dryRun);
  }

  private static void write(TaskStore store, List<ScheduledTask> tasks, List<GuildSettings> settings) {
    List<TaskId> created = new ArrayList<>();
    List<GuildId> saved = new ArrayList<>();
    try {
      for (ScheduledTask t : tasks) {
        store.create(t);
        created.add(t.id());
      }
      for (GuildSettings s : settings) {
        store.saveGuildSettings(s);
        saved.add(s.guild());
      }
    } catch (RuntimeException e) {
      // Undo: the settings saved were not in the store before (the checks above), nor the tasks.
      for (TaskId id : created) {
        try {
          store.delete(id);
        } catch (RuntimeException undo) {
          e.addSuppressed(undo);
        }
      }
      for (GuildId g : saved) {
        try {
          store.removeGuildSettings(g);
        } catch (RuntimeException undo) {
          e.addSuppressed(undo);
        }
      }
      throw e;
    }
  }
}

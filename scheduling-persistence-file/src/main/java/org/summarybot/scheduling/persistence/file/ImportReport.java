package org.summarybot.scheduling.persistence.file;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.model.TaskId;

/**
 * What an import did, or in a dry run would do: the tasks it created, in document order, and the guild settings
 * it saved (those of the document that the store did not hold already). An import that finds any problem throws
 * instead and creates nothing.
 */
public record ImportReport(List<TaskId> created, List<GuildSettings> settings, boolean dryRun) {
  public ImportReport {
    requireNonNull(created, "created");
    requireNonNull(settings, "settings");
    created = List.copyOf(created);
    settings = List.copyOf(settings);
  }

  /** A report of tasks only. */
  public ImportReport(List<TaskId> created, boolean dryRun) {
    this(created, List.of(), dryRun);
  }
}

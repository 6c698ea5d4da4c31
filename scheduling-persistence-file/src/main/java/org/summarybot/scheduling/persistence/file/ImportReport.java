package org.summarybot.scheduling.persistence.file;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.summarybot.scheduling.model.TaskId;

/**
 * What an import did, or in a dry run would do: the tasks it created, in document order. An import that
 * finds any problem throws instead and creates nothing.
 */
public record ImportReport(List<TaskId> created, boolean dryRun) {
  public ImportReport {
    requireNonNull(created, "created");
    created = List.copyOf(created);
  }
}

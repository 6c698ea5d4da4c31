package org.summarybot.scheduling.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.testkit.TaskFixtures.cleanupTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.richTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.summaryTask;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.persistence.file.FileTaskStore;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;

/**
 * Tasks move between the SQL store and the file store's JSON export format without losing a field. The format
 * is written and read by {@link FileTaskStore#exportTasks} and {@link FileTaskStore#importTasks}; the SQL store
 * takes part through the {@code TaskStore} port only (the adapters do not depend on each other; the app does
 * this wiring for its export and import commands).
 */
class FileExportRoundTripTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @TempDir
  Path dir;

  @Test
  void tasks_exported_from_sql_and_imported_into_the_file_store_and_back_are_unchanged() {
    List<ScheduledTask> originals = List.of(
        richTask("rich", T0),
        summaryTask("paused", T0).status(TaskStatus.PAUSED).nextRun(Optional.of(T0.plusNanos(1_234_567_891)))
            .build(),
        cleanupTask("cleanup", T0).retention(Optional.of(Duration.ofMillis(90_061_001))).build());
    try (JdbiTaskStore sql = JdbiTaskStore.builder().url(EmbeddedPg.newDatabase("export")).user("postgres").build();
        JdbiTaskStore sqlAgain = JdbiTaskStore.builder().url(EmbeddedPg.newDatabase("import")).user("postgres")
            .build();
        FileTaskStore exporter = FileTaskStore.open(dir.resolve("export"));
        FileTaskStore importer = FileTaskStore.open(dir.resolve("import"))) {
      originals.forEach(sql::create);

      // SQL -> export document
      copy(sql, exporter);
      String document = exporter.exportTasks(Optional.empty());
      assertThat(document).contains("Weekday digest ü rich");

      // export document -> file store -> SQL
      importer.importTasks(document, false);
      assertThat(stripVersions(importer.list(TaskQuery.all()))).isEqualTo(stripVersions(originals));
      copy(importer, sqlAgain);

      assertThat(stripVersions(sqlAgain.list(TaskQuery.all()))).isEqualTo(stripVersions(originals));
      assertThat(sqlAgain.list(TaskQuery.all())).isEqualTo(sql.list(TaskQuery.all()));
    }
  }

  private static void copy(TaskStore from, TaskStore to) {
    for (ScheduledTask t : from.list(TaskQuery.all())) {
      to.create(t.toBuilder().version(0).build());
    }
  }

  private static List<ScheduledTask> stripVersions(List<ScheduledTask> tasks) {
    return tasks.stream().map(t -> t.toBuilder().version(0).build())
        .sorted((a, b) -> a.id().compareTo(b.id())).toList();
  }
}

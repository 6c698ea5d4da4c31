package org.summarybot.scheduling.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.testkit.TaskFixtures.cleanupTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.richTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.summaryTask;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.json.ExportDocument;
import org.summarybot.scheduling.port.TaskQuery;

/**
 * Tasks move between the SQL store and the shared export document ({@link ExportDocument}, the form every store
 * exports and imports, the file store included) without losing a field.
 */
class ExportRoundTripTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void tasks_exported_from_sql_and_imported_back_through_the_shared_export_document_are_unchanged() {
    List<ScheduledTask> originals = List.of(
        richTask("rich", T0),
        summaryTask("paused", T0).status(TaskStatus.PAUSED).nextRun(Optional.of(T0.plusNanos(1_234_567_891)))
            .build(),
        cleanupTask("cleanup", T0).retention(Optional.of(Duration.ofMillis(90_061_001))).build());
    try (JdbiTaskStore sql = JdbiTaskStore.builder().url(EmbeddedPg.newDatabase("export")).user("postgres").build();
        JdbiTaskStore sqlAgain = JdbiTaskStore.builder().url(EmbeddedPg.newDatabase("import")).user("postgres")
            .build()) {
      originals.forEach(sql::create);

      // SQL -> export document
      String document = ExportDocument.write(sql.list(TaskQuery.all()), Optional.empty());
      assertThat(document).contains("Weekday digest ü rich");

      // export document -> SQL
      List<ScheduledTask> read = ExportDocument.read(document);
      assertThat(stripVersions(read)).isEqualTo(stripVersions(originals));
      read.forEach(t -> sqlAgain.create(t.toBuilder().version(0).build()));

      assertThat(stripVersions(sqlAgain.list(TaskQuery.all()))).isEqualTo(stripVersions(originals));
      assertThat(sqlAgain.list(TaskQuery.all())).isEqualTo(sql.list(TaskQuery.all()));
    }
  }

  @Test
  void guild_settings_exported_from_sql_and_imported_into_another_sql_store_give_the_same_document() {
    List<GuildSettings> settings = List.of(new GuildSettings(GuildId.of(1002), ZoneId.of("Asia/Tokyo")),
        new GuildSettings(GuildId.of(1001), ZoneId.of("Europe/Berlin")));
    try (JdbiTaskStore sql = JdbiTaskStore.builder().url(EmbeddedPg.newDatabase("exportguilds")).user("postgres")
        .build();
        JdbiTaskStore sqlAgain = JdbiTaskStore.builder().url(EmbeddedPg.newDatabase("importguilds"))
            .user("postgres").build()) {
      sql.create(summaryTask("digest", T0).build());
      settings.forEach(sql::saveGuildSettings);
      String document = ExportDocument.write(sql.list(TaskQuery.all()), sql.allGuildSettings(), Optional.empty());

      ExportDocument.Contents read = ExportDocument.readContents(document);
      read.tasks().forEach(sqlAgain::create);
      read.guilds().forEach(sqlAgain::saveGuildSettings);

      assertThat(read.guilds()).containsExactly(settings.get(1), settings.get(0));
      assertThat(ExportDocument.write(sqlAgain.list(TaskQuery.all()), sqlAgain.allGuildSettings(), Optional.empty()))
          .isEqualTo(document);
    }
  }

  private static List<ScheduledTask> stripVersions(List<ScheduledTask> tasks) {
    return tasks.stream().map(t -> t.toBuilder().version(0).build())
        .sorted((a, b) -> a.id().compareTo(b.id())).toList();
  }
}

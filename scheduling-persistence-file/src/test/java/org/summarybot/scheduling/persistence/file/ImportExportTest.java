package org.summarybot.scheduling.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.summarybot.scheduling.testkit.TaskFixtures.GUILD;
import static org.summarybot.scheduling.testkit.TaskFixtures.OTHER_GUILD;
import static org.summarybot.scheduling.testkit.TaskFixtures.cleanupTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.richTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.summaryTask;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.TaskQuery;

class ImportExportTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @TempDir
  Path tmp;

  private FileTaskStore source() {
    FileTaskStore s = FileTaskStore.open(tmp.resolve("source"));
    s.create(summaryTask("b", T0).build());
    s.create(richTask("a", T0));
    s.create(cleanupTask("c", T0).build());
    s.update(s.get(TaskId.of("b")).orElseThrow().toBuilder().name("edited").build());
    return s;
  }

  @Test
  void export_import_and_export_again_gives_the_same_document() {
    try (FileTaskStore source = source(); FileTaskStore target = FileTaskStore.open(tmp.resolve("target"))) {
      String exported = source.exportTasks(Optional.empty());

      ImportReport report = target.importTasks(exported, false);

      assertThat(report.dryRun()).isFalse();
      assertThat(report.created()).extracting(TaskId::value).containsExactly("a", "b", "c");
      assertThat(target.exportTasks(Optional.empty())).isEqualTo(exported);
      assertThat(target.get(TaskId.of("a")).orElseThrow())
          .isEqualTo(source.get(TaskId.of("a")).orElseThrow().toBuilder().version(1).build());
    }
  }

  @Test
  void one_guilds_export_holds_only_its_tasks() {
    try (FileTaskStore source = source(); FileTaskStore target = FileTaskStore.open(tmp.resolve("target"))) {
      String guildA = source.exportTasks(Optional.of(GUILD));

      target.importTasks(guildA, false);

      assertThat(target.list(TaskQuery.all())).extracting(t -> t.id().value()).containsExactly("b", "c");
      assertThat(guildA).contains("\"guild\" : \"" + GUILD + "\"").doesNotContain("\"" + OTHER_GUILD + "\"");
    }
  }

  @Test
  void a_dry_run_checks_everything_and_changes_nothing() {
    try (FileTaskStore source = source(); FileTaskStore target = FileTaskStore.open(tmp.resolve("target"))) {
      ImportReport report = target.importTasks(source.exportTasks(Optional.empty()), true);

      assertThat(report.dryRun()).isTrue();
      assertThat(report.created()).hasSize(3);
      assertThat(target.list(TaskQuery.all())).isEmpty();
    }
  }

  @Test
  void an_import_with_any_bad_task_creates_nothing_and_names_every_problem() {
    try (FileTaskStore source = source(); FileTaskStore target = FileTaskStore.open(tmp.resolve("target"))) {
      String doc = source.exportTasks(Optional.empty())
          .replace("\"zone\" : \"UTC\"", "\"zone\" : \"Nowhere/Land\"")
          .replace("\"catchUpLimit\" : 4", "\"catchUpLimit\" : 4000");

      assertThatThrownBy(() -> target.importTasks(doc, false))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
              .extracting(p -> p.field() + " " + p.message())
              .anySatisfy(s -> assertThat(s).startsWith("tasks[0]").contains("catchUpLimit"))
              .anySatisfy(s -> assertThat(s).startsWith("tasks[1]").contains("Nowhere/Land"))
              .anySatisfy(s -> assertThat(s).startsWith("tasks[2]").contains("Nowhere/Land")));
      assertThat(target.list(TaskQuery.all())).isEmpty();
    }
  }

  @Test
  void an_import_that_would_overwrite_a_task_is_refused_whole() {
    try (FileTaskStore source = source(); FileTaskStore target = FileTaskStore.open(tmp.resolve("target"))) {
      target.create(summaryTask("c", T0).name("already here").build());

      assertThatThrownBy(() -> target.importTasks(source.exportTasks(Optional.empty()), false))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("tasks[2].id: task c already exists");
      assertThat(target.list(TaskQuery.all())).extracting(t -> t.name()).containsExactly("already here");
    }
  }

  @Test
  void a_document_that_is_not_an_export_is_refused() {
    try (FileTaskStore target = FileTaskStore.open(tmp.resolve("target"))) {
      assertThatThrownBy(() -> target.importTasks("{\"tasks\": [", false))
          .isInstanceOf(ValidationException.class).hasMessageContaining("document");
      assertThatThrownBy(() -> target.importTasks("{\"format\":\"other\",\"schema\":2,\"tasks\":[]}", false))
          .isInstanceOf(ValidationException.class).hasMessageContaining("format");
      assertThatThrownBy(() -> target.importTasks(
              "{\"format\":\"summary-scheduler-tasks\",\"schema\":99,\"tasks\":[]}", false))
          .isInstanceOf(ValidationException.class).hasMessageContaining("newer version");
    }
  }

  private static final GuildSettings BERLIN = new GuildSettings(GUILD, ZoneId.of("Europe/Berlin"));
  private static final GuildSettings TOKYO = new GuildSettings(OTHER_GUILD, ZoneId.of("Asia/Tokyo"));

  private FileTaskStore sourceWithSettings() {
    FileTaskStore s = source();
    s.saveGuildSettings(TOKYO);
    s.saveGuildSettings(BERLIN);
    return s;
  }

  @Test
  void guild_settings_go_with_the_export_and_import_and_export_again_gives_the_same_document() {
    try (FileTaskStore source = sourceWithSettings();
        FileTaskStore target = FileTaskStore.open(tmp.resolve("target"))) {
      String exported = source.exportTasks(Optional.empty());

      ImportReport report = target.importTasks(exported, false);

      assertThat(exported).contains("\"guilds\" : [");
      assertThat(report.settings()).containsExactly(BERLIN, TOKYO);
      assertThat(target.allGuildSettings()).containsExactly(BERLIN, TOKYO);
      assertThat(target.exportTasks(Optional.empty())).isEqualTo(exported);
    }
  }

  @Test
  void one_guilds_export_carries_only_its_settings() {
    try (FileTaskStore source = sourceWithSettings();
        FileTaskStore target = FileTaskStore.open(tmp.resolve("target"))) {
      target.importTasks(source.exportTasks(Optional.of(GUILD)), false);

      assertThat(target.allGuildSettings()).containsExactly(BERLIN);
    }
  }

  @Test
  void a_dry_run_reports_the_settings_it_would_save_and_saves_none() {
    try (FileTaskStore source = sourceWithSettings();
        FileTaskStore target = FileTaskStore.open(tmp.resolve("target"))) {
      ImportReport report = target.importTasks(source.exportTasks(Optional.empty()), true);

      assertThat(report.settings()).containsExactly(BERLIN, TOKYO);
      assertThat(target.allGuildSettings()).isEmpty();
    }
  }

  @Test
  void other_settings_of_a_guild_in_the_store_refuse_the_whole_import_and_the_same_ones_are_kept_as_they_are() {
    try (FileTaskStore source = sourceWithSettings();
        FileTaskStore target = FileTaskStore.open(tmp.resolve("target"))) {
      String doc = source.exportTasks(Optional.empty());
      GuildSettings paris = new GuildSettings(GUILD, ZoneId.of("Europe/Paris"));
      target.saveGuildSettings(paris);
      target.saveGuildSettings(TOKYO);

      assertThatThrownBy(() -> target.importTasks(doc, false))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("guilds[0].guild: guild " + GUILD + " already has settings in this store"
              + " (zone Europe/Paris, the document says Europe/Berlin)");
      assertThat(target.list(TaskQuery.all())).isEmpty();
      assertThat(target.allGuildSettings()).containsExactly(paris, TOKYO);

      target.removeGuildSettings(GUILD);
      ImportReport report = target.importTasks(doc, false);

      assertThat(report.settings()).as("Tokyo was there already").containsExactly(BERLIN);
      assertThat(target.allGuildSettings()).containsExactly(BERLIN, TOKYO);
    }
  }

  @Test
  void a_bad_zone_in_the_settings_creates_no_task() {
    try (FileTaskStore source = sourceWithSettings();
        FileTaskStore target = FileTaskStore.open(tmp.resolve("target"))) {
      String doc = source.exportTasks(Optional.empty()).replace("\"Asia/Tokyo\"", "\"Mars/Olympus\"");

      assertThatThrownBy(() -> target.importTasks(doc, false))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("guilds[1].zone: 'Mars/Olympus' is not a time zone id");
      assertThat(target.list(TaskQuery.all())).isEmpty();
      assertThat(target.allGuildSettings()).isEmpty();
    }
  }
}

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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
}

package org.summarybot.scheduling.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.summarybot.scheduling.testkit.TaskFixtures.dueTask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.VersionConflictException;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.StoreHealth;

class BatchUpdateTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @TempDir
  Path dir;

  private static List<ScheduledTask> createThree(FileTaskStore s) {
    List<ScheduledTask> out = new ArrayList<>();
    for (String id : List.of("a", "b", "c")) {
      out.add(s.create(dueTask(id, T0, T0)));
    }
    return out;
  }

  private static List<ScheduledTask> renamed(List<ScheduledTask> tasks, String name) {
    return tasks.stream().map(t -> t.toBuilder().name(name).build()).toList();
  }

  @Test
  void a_batch_bumps_every_version_and_survives_reopening() {
    List<ScheduledTask> stored;
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      stored = s.updateAll(renamed(createThree(s), "batched"));
      assertThat(stored).extracting(t -> t.id().value()).containsExactly("a", "b", "c");
      assertThat(stored).allSatisfy(t -> {
        assertThat(t.version()).isEqualTo(2);
        assertThat(t.name()).isEqualTo("batched");
      });
      assertThat(s.get(TaskId.of("b"))).contains(stored.get(1));
    }
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      for (ScheduledTask t : stored) {
        assertThat(s.get(t.id())).contains(t);
      }
      assertThat(s.health()).isEqualTo(StoreHealth.healthy());
    }
  }

  @Test
  void one_stale_version_in_the_batch_writes_nothing() throws IOException {
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      List<ScheduledTask> first = createThree(s);
      s.update(first.get(1).toBuilder().name("moved on").build());
      List<String> before = fileContents();

      assertThatThrownBy(() -> s.updateAll(renamed(first, "stale")))
          .isInstanceOf(VersionConflictException.class)
          .hasMessageContaining("task b was changed by someone else")
          .hasMessageContaining("re-read the task and try again");

      assertThat(fileContents()).isEqualTo(before);
      assertThat(s.get(TaskId.of("a")).orElseThrow()).isEqualTo(first.get(0));
      assertThat(s.get(TaskId.of("b")).orElseThrow().name()).isEqualTo("moved on");
    }
  }

  @Test
  void a_missing_task_or_a_duplicate_id_writes_nothing() throws IOException {
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      List<ScheduledTask> first = createThree(s);
      List<String> before = fileContents();
      List<ScheduledTask> withGhost = new ArrayList<>(renamed(first, "x"));
      withGhost.add(dueTask("ghost", T0, T0).toBuilder().version(1).build());
      assertThatThrownBy(() -> s.updateAll(withGhost)).isInstanceOf(TaskNotFoundException.class);
      assertThatThrownBy(() -> s.updateAll(List.of(first.get(0), first.get(0))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task a is in the batch twice");
      assertThat(fileContents()).isEqualTo(before);
      assertThat(s.updateAll(List.of())).isEmpty();
    }
  }

  @Test
  void another_store_on_the_directory_sees_the_whole_batch_through_the_journal() {
    try (FileTaskStore writer = FileTaskStore.open(dir); FileTaskStore reader = FileTaskStore.open(dir)) {
      List<ScheduledTask> first = createThree(writer);
      assertThat(reader.get(TaskId.of("c"))).contains(first.get(2));
      List<ScheduledTask> stored = writer.updateAll(renamed(first, "seen"));
      for (ScheduledTask t : stored) {
        assertThat(reader.get(t.id())).contains(t);
      }
      // the reader's own batch must now use the new versions
      assertThatThrownBy(() -> reader.updateAll(renamed(first, "late"))).isInstanceOf(VersionConflictException.class);
      assertThat(reader.updateAll(renamed(stored, "later"))).allSatisfy(t -> assertThat(t.version()).isEqualTo(3));
    }
  }

  private List<String> fileContents() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("tasks"))) {
      List<String> out = new ArrayList<>();
      for (Path f : files.sorted().toList()) {
        out.add(f.getFileName() + "\n" + Files.readString(f));
      }
      return out;
    }
  }
}

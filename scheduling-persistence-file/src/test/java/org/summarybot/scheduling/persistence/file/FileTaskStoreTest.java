package org.summarybot.scheduling.persistence.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.summarybot.scheduling.testkit.TaskFixtures.GUILD;
import static org.summarybot.scheduling.testkit.TaskFixtures.OTHER_GUILD;
import static org.summarybot.scheduling.testkit.TaskFixtures.completed;
import static org.summarybot.scheduling.testkit.TaskFixtures.completedWith;
import static org.summarybot.scheduling.testkit.TaskFixtures.dueTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.record;
import static org.summarybot.scheduling.testkit.TaskFixtures.richTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.succeeded;
import static org.summarybot.scheduling.testkit.TaskFixtures.summaryTask;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.LeaseLostException;
import org.summarybot.scheduling.VersionConflictException;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.PendingRun;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.port.StoreHealth;
import org.summarybot.scheduling.port.TaskQuery;

class FileTaskStoreTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(1);

  @TempDir
  Path dir;

  /**
   * A prune of one guild stays done after reopening, though the task file still carries the pruned record of its
   * last completion (its recent records); a backfill's record that replaced a failed one reads back in its place.
   */
  @Test
  void a_guild_prune_and_a_replaced_record_survive_reopening() {
    TaskId a = TaskId.of("a");
    TaskId b = TaskId.of("b");
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      ScheduledTask ta = s.create(dueTask("a", T0, T0));
      s.create(summaryTask("b", T0).guildId(OTHER_GUILD)
          .nextRun(Optional.of(T0)).build());
      for (Claim c : s.claimDue(T0, 2, "node-1", LEASE)) {
        if (c.task().id().equals(a)) {
          s.complete(completedWith(c, List.of(
              record(ta, T0, T0.plusSeconds(5),
                  ExecutionOutcome.FAILED)), T0.plusSeconds(5),
              Optional.of(T0.plus(Duration.ofDays(1)))));
        } else {
          s.complete(completed(c, T0.plusSeconds(5), T0.plus(Duration.ofDays(1))));
        }
      }
      ScheduledTask failed = s.get(a).orElseThrow();
      s.update(failed.toBuilder().pending(Optional.of(PendingRun.backfill(
          T0, T0.plusSeconds(60), TimeWindow.of(T0.minusSeconds(3600), T0)))).build());
      Claim again = s.claimDue(T0.plusSeconds(60), 1, "node-1", LEASE).get(0);
      ExecutionRecord ran =
          succeeded(ta, T0, T0.plusSeconds(65));
      s.complete(new Completion(again, List.of(ran), failed.nextRun(),
          Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Map.of(), T0.plusSeconds(65), List.of(),
          s.history(a, 1)));
    }
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      assertThat(s.history(a, 10)).singleElement().satisfies(r -> assertThat(r.outcome())
          .isEqualTo(ExecutionOutcome.SUCCEEDED));
      assertThat(s.prune(Optional.of(GUILD),
          T0.plus(Duration.ofDays(1))).history()).isEqualTo(1);
    }
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      assertThat(s.history(a, 10)).as("pruned, though task a's file keeps its last records").isEmpty();
      assertThat(s.history(b, 10)).as("another guild's").hasSize(1);
    }
  }

  @Test
  void everything_survives_closing_and_reopening() {
    ScheduledTask done;
    Claim held;
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      s.create(richTask("rich", T0));
      s.create(dueTask("a", T0, T0));
      Claim c = s.claimDue(T0, 1, "node-1", LEASE).get(0);
      done = s.complete(completed(c, T0.plusSeconds(5), T0.plus(Duration.ofHours(1))));
      s.recordDelivery("k1", T0);
      s.create(dueTask("held", T0, T0));
      held = s.claimDue(T0, 1, "node-1", LEASE).get(0);
    }
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      assertThat(s.get(TaskId.of("rich"))).contains(richTask("rich", T0).toBuilder().version(1).build());
      assertThat(s.get(TaskId.of("a"))).contains(done);
      assertThat(s.history(TaskId.of("a"), 10)).hasSize(1);
      assertThat(s.isDelivered("k1")).isTrue();
      assertThat(s.claimDue(T0, 10, "node-2", LEASE)).as("the lease outlives the process").isEmpty();
      assertThat(s.extendLease(held, T0.plus(LEASE))).as("its claim still holds it").isTrue();
      assertThat(s.health()).isEqualTo(StoreHealth.healthy());
    }
  }

  @Test
  void the_directory_holds_readable_json_files_in_the_documented_layout() throws IOException {
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      s.create(dueTask("a", T0, T0));
      Claim c = s.claimDue(T0, 1, "node-1", LEASE).get(0);
      s.complete(completed(c, T0.plusSeconds(5), T0.plus(Duration.ofHours(1))));
      s.recordDelivery("exec/console:", T0);
    }
    ObjectMapper m = new ObjectMapper();
    String task = Files.readString(dir.resolve("tasks/a.json"));
    assertThat(task).contains("\"schedule\" : \"every 1h\"").contains("\"nextRun\" : \"2026-03-02T10:00:00Z\"")
        .contains("\"version\" : 2").endsWith("}\n");
    assertThat(m.readTree(task).get("schema").asInt()).isEqualTo(FileTaskStore.SCHEMA);
    assertThat(m.readTree(Files.readString(dir.resolve("store.json"))).get("schema").asInt())
        .isEqualTo(FileTaskStore.SCHEMA);
    List<String> history = Files.readAllLines(dir.resolve("history/a.jsonl"));
    assertThat(history).hasSize(1);
    assertThat(m.readTree(history.get(0)).get("record").get("scheduledFor").asText()).isEqualTo(T0.toString());
    assertThat(Files.readAllLines(dir.resolve("deliveries.jsonl"))).hasSize(1);
    assertThat(dir.resolve("leases.json")).exists();
    assertThat(dir.resolve("store.lock")).exists();
    assertThat(dir.resolve("quarantine")).isEmptyDirectory();
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
    }
  }

  @Test
  void time_options_survive_closing_and_reopening() {
    ScheduledTask timed;
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      timed = s.create(org.summarybot.scheduling.testkit.TaskFixtures.timedTask("timed", T0));
    }
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      assertThat(s.get(TaskId.of("timed"))).contains(timed);
    }
  }

  @Test
  void a_second_store_on_the_same_directory_sees_changes_without_reopening() {
    try (FileTaskStore a = FileTaskStore.open(dir); FileTaskStore b = FileTaskStore.open(dir)) {
      ScheduledTask t = a.create(dueTask("t", T0, T0));
      assertThat(b.get(t.id())).contains(t);

      ScheduledTask paused = b.update(t.toBuilder().status(TaskStatus.PAUSED).build());
      assertThat(a.get(t.id())).contains(paused);
      assertThat(a.claimDue(T0, 10, "node-a", LEASE)).as("a sees the pause").isEmpty();

      b.update(paused.toBuilder().status(TaskStatus.ACTIVE).build());
      assertThat(a.claimDue(T0, 10, "node-a", LEASE)).hasSize(1);
      assertThat(b.claimDue(T0, 10, "node-b", LEASE)).as("b sees a's lease").isEmpty();

      assertThat(b.delete(t.id())).isTrue();
      assertThat(a.list(TaskQuery.all())).isEmpty();
    }
  }

  @Test
  void a_lost_update_between_two_stores_is_a_clear_conflict() {
    try (FileTaskStore a = FileTaskStore.open(dir); FileTaskStore b = FileTaskStore.open(dir)) {
      ScheduledTask t = a.create(summaryTask("t", T0).build());
      ScheduledTask seenByB = b.get(t.id()).orElseThrow();
      a.update(t.toBuilder().name("from a").build());

      assertThatThrownBy(() -> b.update(seenByB.toBuilder().name("from b").build()))
          .isInstanceOf(VersionConflictException.class)
          .hasMessageContaining("re-read the task");
      assertThat(a.get(t.id()).orElseThrow().name()).isEqualTo("from a");
    }
  }

  @Test
  void a_takeover_by_another_store_makes_the_first_holder_lose_its_lease() {
    try (FileTaskStore a = FileTaskStore.open(dir); FileTaskStore b = FileTaskStore.open(dir)) {
      a.create(dueTask("t", T0, T0));
      Claim first = a.claimDue(T0, 1, "node-a", LEASE).get(0);
      Claim second = b.claimDue(T0.plus(LEASE), 1, "node-b", LEASE).get(0);
      assertThat(second.dueAt()).isEqualTo(first.dueAt());

      assertThatThrownBy(() -> a.complete(completed(first, T0.plus(LEASE), T0.plus(Duration.ofHours(1)))))
          .isInstanceOf(LeaseLostException.class);
      assertThat(b.complete(completed(second, T0.plus(LEASE), T0.plus(Duration.ofHours(1)))).version())
          .isEqualTo(2);
      assertThat(a.history(first.task().id(), 10)).hasSize(1);
    }
  }

  @Test
  void readers_follow_the_journal_across_rotations() throws IOException {
    try (FileTaskStore a = FileTaskStore.builder(dir).fsync(false).journalRotateBytes(400).open();
        FileTaskStore b = FileTaskStore.open(dir)) {
      ScheduledTask t = a.create(summaryTask("t", T0).build());
      for (int i = 0; i < 30; i++) {
        t = a.update(t.toBuilder().name("n" + i).build());
        if (i % 7 == 0) {
          assertThat(b.get(t.id())).contains(t);
        }
      }
      assertThat(dir.resolve("journal.jsonl.1")).exists();
      assertThat(Files.size(dir.resolve("journal.jsonl"))).isLessThan(600);
      assertThat(b.get(t.id())).contains(t);
      // b missed two rotations at once: it falls back to a full reload and is still right.
      for (int i = 0; i < 40; i++) {
        t = a.update(t.toBuilder().name("m" + i).build());
      }
      assertThat(b.get(t.id())).contains(t);
    }
  }

  @Test
  void a_crash_between_the_task_write_and_the_history_append_loses_no_record() throws IOException {
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      s.create(dueTask("a", T0, T0));
      Claim c = s.claimDue(T0, 1, "node-1", LEASE).get(0);
      s.complete(completed(c, T0.plusSeconds(5), T0.plus(Duration.ofHours(1))));
    }
    // What a crash right after the task file was replaced leaves: the record only in the task's "recent" list.
    Files.delete(dir.resolve("history/a.jsonl"));

    try (FileTaskStore s = FileTaskStore.open(dir)) {
      assertThat(s.history(TaskId.of("a"), 10)).extracting(r -> r.scheduledFor()).containsExactly(T0);
      Claim c = s.claimDue(T0.plus(Duration.ofHours(1)), 1, "node-1", LEASE).get(0);
      s.complete(completed(c, T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2))));
      assertThat(Files.readAllLines(dir.resolve("history/a.jsonl"))).as("restored, then appended").hasSize(2);
    }
  }

  @Test
  void an_unfinished_temp_file_left_by_a_crash_is_removed_on_open_and_not_quarantined() throws IOException {
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      s.create(summaryTask("a", T0).build());
    }
    Files.writeString(dir.resolve("tasks/.a.json.tmp-1234"), "{\"schema\":2,\"ta", UTF_8);

    try (FileTaskStore s = FileTaskStore.open(dir)) {
      assertThat(s.list(TaskQuery.all())).hasSize(1);
      assertThat(s.health()).isEqualTo(StoreHealth.healthy());
    }
    assertThat(dir.resolve("tasks/.a.json.tmp-1234")).doesNotExist();
  }

  @Test
  void an_unfinished_reason_file_left_in_quarantine_by_a_crash_is_removed_on_open_and_not_reported()
      throws IOException {
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      s.create(summaryTask("a", T0).build());
    }
    Files.writeString(dir.resolve("quarantine/.x.json.reason.tmp-1234"), "file: tasks/x.json\nrea", UTF_8);

    try (FileTaskStore s = FileTaskStore.open(dir)) {
      assertThat(s.health()).isEqualTo(StoreHealth.healthy());
    }
    assertThat(dir.resolve("quarantine")).isEmptyDirectory();
  }

  @Test
  void a_builder_setting_given_twice_fails_at_open_naming_it() {
    FileTaskStore.Builder b = FileTaskStore.builder(dir).fsync(false).fsync(true).clock(Clock.system());
    assertThatThrownBy(b::open).isInstanceOf(ValidationException.class)
        .hasMessageContaining("fsync: is set more than once").hasMessageNotContaining("clock");
    assertThat(dir.resolve("tasks")).doesNotExist();
  }

  @Test
  void a_closed_store_refuses_calls() {
    FileTaskStore s = FileTaskStore.open(dir);
    s.close();
    s.close();
    assertThatThrownBy(() -> s.get(TaskId.of("a"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}

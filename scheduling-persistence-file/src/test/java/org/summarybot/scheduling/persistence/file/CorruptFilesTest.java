package org.summarybot.scheduling.persistence.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.summarybot.scheduling.testkit.TaskFixtures.completed;
import static org.summarybot.scheduling.testkit.TaskFixtures.dueTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.summaryTask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.StoreHealth;
import org.summarybot.scheduling.port.TaskQuery;

/** Bad files are quarantined with a reason, reported, and never take other tasks with them. */
class CorruptFilesTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @TempDir
  Path dir;

  @BeforeEach
  void twoGoodTasks() {
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      s.create(summaryTask("good-1", T0).build());
      s.create(summaryTask("good-2", T0).build());
      s.create(summaryTask("victim", T0).build());
    }
  }

  private Path victim() {
    return dir.resolve("tasks/victim.json");
  }

  private String victimText() throws IOException {
    return Files.readString(victim());
  }

  /** Opens the store and checks that only the victim is gone, into quarantine, with a reason naming {@code why}. */
  private void assertQuarantined(String fileName, String why) throws IOException {
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      assertThat(s.list(TaskQuery.all())).extracting(t -> t.id().value()).containsExactly("good-1", "good-2");
      assertThat(s.health().isHealthy()).as("a quarantined file is a warning: the store works").isTrue();
      assertThat(s.health().warnings()).singleElement().asString()
          .contains("quarantine/" + fileName).contains(why);
      assertThat(s.quarantined()).singleElement().satisfies(q -> {
        assertThat(q.file()).isEqualTo("quarantine/" + fileName);
        assertThat(q.from()).contains("tasks/" + fileName);
        assertThat(q.reason()).contains(why);
      });
    }
    assertThat(dir.resolve("tasks/" + fileName)).doesNotExist();
    assertThat(dir.resolve("quarantine/" + fileName)).exists();
    assertThat(Files.readString(dir.resolve("quarantine/" + fileName + ".reason")))
        .contains("file: tasks/" + fileName).contains(why);
  }

  @Test
  void truncated_json_is_quarantined_and_every_other_task_loads() throws IOException {
    String text = victimText();
    Files.writeString(victim(), text.substring(0, text.length() / 2));

    assertQuarantined("victim.json", "not valid JSON");
  }

  @Test
  void an_empty_file_is_quarantined() throws IOException {
    Files.write(victim(), new byte[0]);

    assertQuarantined("victim.json", "empty");
  }

  @Test
  void a_schema_version_that_never_existed_is_quarantined() throws IOException {
    Files.writeString(victim(), victimText().replace("\"schema\" : 2", "\"schema\" : 0"));

    assertQuarantined("victim.json", "schema: 0 is not a schema version");
  }

  @Test
  void a_missing_schema_version_is_quarantined() throws IOException {
    Files.writeString(victim(), victimText().replace("\"schema\" : 2,", ""));

    assertQuarantined("victim.json", "schema: is missing");
  }

  @Test
  void a_task_file_from_a_newer_version_makes_the_store_refuse_to_open_and_quarantines_nothing() throws IOException {
    Files.writeString(victim(), victimText().replace("\"schema\" : 2", "\"schema\" : 3"));

    assertThatThrownBy(() -> FileTaskStore.open(dir)).isInstanceOf(SchedulingException.class)
        .hasMessageContaining("tasks/victim.json")
        .hasMessageContaining("newer version")
        .hasMessageContaining("schema 3");
    assertThat(dir.resolve("quarantine")).isEmptyDirectory();
    assertThat(victim()).exists();
  }

  @Test
  void a_directory_written_by_a_newer_version_is_refused_and_left_untouched() throws IOException {
    Files.writeString(dir.resolve("store.json"), "{\"format\":\"summary-scheduler-file-store\",\"schema\":7}\n");
    // Files of a newer layout that this version could not read must not be mass-quarantined.
    for (String id : List.of("good-1", "good-2", "victim")) {
      Path f = dir.resolve("tasks/" + id + ".json");
      Files.writeString(f, "{\"schema\":7,\"totally\":\"different\"}");
    }

    assertThatThrownBy(() -> FileTaskStore.open(dir)).isInstanceOf(SchedulingException.class)
        .hasMessageContaining("newer version")
        .hasMessageContaining("schema 7")
        .hasMessageContaining("reads up to schema " + FileTaskStore.SCHEMA);
    assertThat(dir.resolve("quarantine")).isEmptyDirectory();
    assertThat(Files.readString(dir.resolve("store.json"))).contains("\"schema\":7");
  }

  @Test
  void an_invalid_value_is_quarantined_with_a_reason_naming_the_field() throws IOException {
    Files.writeString(victim(), victimText().replace("\"guild\" : \"1001\"", "\"guild\" : \"-5\""));

    assertQuarantined("victim.json", "task.guild");
  }

  @Test
  void an_unknown_enum_value_is_quarantined_naming_the_field_and_the_choices() throws IOException {
    Files.writeString(victim(), victimText().replace("\"status\" : \"ACTIVE\"", "\"status\" : \"SLEEPING\""));

    assertQuarantined("victim.json", "task.status: 'SLEEPING' is not one of [ACTIVE, PAUSED, DISABLED, COMPLETED]");
  }

  @Test
  void a_value_that_fails_validation_is_quarantined_with_the_validation_message() throws IOException {
    Files.writeString(victim(), victimText().replace("\"catchUpLimit\" : 10", "\"catchUpLimit\" : 0"));

    assertQuarantined("victim.json", "task.catchUpLimit: 0 is outside 1-1000");
  }

  @Test
  void a_bad_instant_and_a_bad_zone_are_quarantined() throws IOException {
    Files.writeString(victim(), victimText().replace("\"zone\" : \"UTC\"", "\"zone\" : \"Mars/Olympus\""));

    assertQuarantined("victim.json", "task.zone: 'Mars/Olympus' is not a time zone id");
  }

  @Test
  void a_file_whose_name_does_not_match_its_task_is_quarantined() throws IOException {
    Files.move(victim(), dir.resolve("tasks/other.json"));

    assertQuarantined("other.json", "holds task victim");
  }

  @Test
  void a_stray_non_json_file_is_quarantined_and_reported() throws IOException {
    Files.delete(victim());
    Files.writeString(dir.resolve("tasks/notes.txt"), "remember to buy milk\n");

    assertQuarantined("notes.txt", "not a task file");
  }

  @Test
  void a_second_bad_file_with_the_same_name_does_not_overwrite_the_first_in_quarantine() throws IOException {
    Files.writeString(victim(), "garbage 1");
    FileTaskStore.open(dir).close();
    Files.writeString(victim(), "garbage 2");

    try (FileTaskStore s = FileTaskStore.open(dir)) {
      assertThat(s.health().warnings()).hasSize(2);
    }
    assertThat(Files.readString(dir.resolve("quarantine/victim.json"))).isEqualTo("garbage 1");
    assertThat(Files.readString(dir.resolve("quarantine/victim.json.1"))).isEqualTo("garbage 2");
  }

  @Test
  void a_file_broken_while_the_store_runs_is_quarantined_when_the_change_is_read() throws IOException {
    try (FileTaskStore a = FileTaskStore.open(dir); FileTaskStore b = FileTaskStore.open(dir)) {
      ScheduledTask v = a.get(TaskId.of("victim")).orElseThrow();
      a.update(v.toBuilder().name("changed").build());
      // The update's journal entry is there; the file it names is now damaged (a disk error, a bad hand edit).
      Files.writeString(victim(), "{\"schema\":2,");

      assertThat(b.list(TaskQuery.all())).extracting(t -> t.id().value()).containsExactly("good-1", "good-2");
      assertThat(b.health().warnings()).singleElement().asString().contains("victim.json");
    }
  }

  @Test
  void a_torn_last_history_record_is_skipped_and_the_next_append_is_whole() throws IOException {
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      s.create(dueTask("h", T0, T0));
      Claim c = s.claimDue(T0, 1, "n", Duration.ofMinutes(1)).get(0);
      s.complete(completed(c, T0.plusSeconds(1), T0.plus(Duration.ofHours(1))));
    }
    Path log = dir.resolve("history/h.jsonl");
    Files.writeString(log, "{\"schema\":2,\"record\":{\"id\":\"torn", UTF_8, java.nio.file.StandardOpenOption.APPEND);

    try (FileTaskStore s = FileTaskStore.open(dir)) {
      assertThat(s.history(TaskId.of("h"), 10)).hasSize(1);
      Claim c = s.claimDue(T0.plus(Duration.ofHours(1)), 10, "n", Duration.ofMinutes(1)).stream()
          .filter(x -> x.task().id().value().equals("h")).findFirst().orElseThrow();
      s.complete(completed(c, T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2))));
      assertThat(s.history(TaskId.of("h"), 10)).hasSize(2);
      assertThat(s.health()).isEqualTo(StoreHealth.healthy());
    }
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      assertThat(s.history(TaskId.of("h"), 10)).hasSize(2);
    }
    assertThat(Files.readAllLines(log)).hasSize(3);
  }

  @Test
  void a_torn_last_delivery_record_is_skipped() throws IOException {
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      s.recordDelivery("k1", T0);
    }
    Files.writeString(dir.resolve("deliveries.jsonl"), "{\"schema\":2,\"key\":\"k2\",\"a", UTF_8,
        java.nio.file.StandardOpenOption.APPEND);

    try (FileTaskStore s = FileTaskStore.open(dir)) {
      assertThat(s.isDelivered("k1")).isTrue();
      assertThat(s.isDelivered("k2")).isFalse();
      assertThat(s.recordDelivery("k2", T0)).isTrue();
    }
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      assertThat(s.isDelivered("k2")).isTrue();
    }
  }

  @Test
  void a_torn_journal_entry_does_not_stop_the_store() throws IOException {
    Files.writeString(dir.resolve("journal.jsonl"), "{\"op\":\"ta", UTF_8, java.nio.file.StandardOpenOption.APPEND);
    try (FileTaskStore s = FileTaskStore.open(dir); FileTaskStore t = FileTaskStore.open(dir)) {
      ScheduledTask v = s.get(TaskId.of("victim")).orElseThrow();
      s.update(v.toBuilder().name("after the tear").build());
      assertThat(t.get(v.id()).orElseThrow().name()).isEqualTo("after the tear");
    }
  }

  @Test
  void a_schema_1_task_file_is_migrated_on_open() throws IOException {
    Files.delete(victim());
    String v1 = """
        {"schema": 1, "id": "old", "name": "from the first release", "guild": "1001", "channels": ["2001"],
         "kind": "SUMMARY", "schedule": "daily 09:00", "zone": "Europe/Berlin",
         "destinations": [{"type": "CONSOLE", "target": "", "format": "MARKDOWN", "enabled": true}],
         "options": {"length": "DETAILED", "includeBots": false, "minMessages": 1, "maxMessages": 1000,
                     "maxLookback": "PT168H"},
         "retryPolicy": {"maxAttempts": 3, "initialDelay": "30s", "multiplier": 2.0, "maxDelay": "15m"},
         "maxConsecutiveFailures": 5, "misfirePolicy": "CATCH_UP_ONCE", "misfireGrace": "5m", "catchUpLimit": 10,
         "status": "ACTIVE", "createdBy": "admin", "createdAt": "2025-01-01T00:00:00Z",
         "updatedAt": "2025-01-01T00:00:00Z", "nextRun": "2026-03-03T08:00:00Z",
         "stats": {"runs": 3, "successes": 3, "failures": 0, "skipped": 0, "missed": 0, "consecutiveFailures": 0,
                   "totalDurationMillis": 900},
         "version": 4}
        """;
    Files.writeString(dir.resolve("tasks/old.json"), v1);

    try (FileTaskStore s = FileTaskStore.open(dir)) {
      ScheduledTask old = s.get(TaskId.of("old")).orElseThrow();
      assertThat(old.version()).isEqualTo(4);
      assertThat(old.options().maxLookback()).isEqualTo(Duration.ofDays(7));
      assertThat(old.stats().runs()).isEqualTo(3);
      assertThat(s.health()).isEqualTo(StoreHealth.healthy());
      assertThat(s.update(old.toBuilder().name("still here").build()).version()).isEqualTo(5);
    }
    assertThat(Files.readString(dir.resolve("tasks/old.json"))).contains("\"schema\" : 2").contains("\"task\" : {");
  }
}

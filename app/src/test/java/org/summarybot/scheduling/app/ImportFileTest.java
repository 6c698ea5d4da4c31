package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.PendingRun;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.persistence.file.FileTaskStore;

/** {@code tasks import} checks a document as {@code tasks add} checks flags, within the import limits. */
class ImportFileTest {
  private static final SecretEnvs SECRETS = new SecretEnvs(SecretEnvs.DEFAULT_PATTERNS);
  private static final Instant T = Instant.parse("2025-03-14T09:00:00Z");

  @TempDir Path dir;
  private String exported;

  @BeforeEach
  void export() {
    try (FileTaskStore store = FileTaskStore.builder(dir.resolve("store")).fsync(false).open()) {
      for (String id : List.of("a", "b", "c")) {
        store.create(ScheduledTask.builder().id(TaskId.of(id)).name("task " + id).guildId(GuildId.of(11))
            .channel(ChannelId.of(22)).schedule("daily 09:00")
            .destinations(List.of(Destination.file("out", DeliveryFormat.MARKDOWN),
                Destination.webhook("https://hooks.example.com/x", Optional.of("DIGEST_WEBHOOK_SECRET"))))
            .createdAt(T).updatedAt(T).nextRun(Optional.of(T)).build());
      }
      exported = store.exportTasks(Optional.empty());
    }
  }

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("tasks.json"), text);
  }

  private List<String> errors(Path file) {
    try {
      ImportFile.read(file, SECRETS);
    } catch (UsageException e) {
      return e.lines().stream().map(l -> l.replace(file.toString(), "tasks.json")).toList();
    }
    throw new AssertionError("no error");
  }

  @Test
  void a_document_made_by_export_passes_unchanged() throws IOException {
    assertThat(ImportFile.read(write(exported), SECRETS)).isEqualTo(exported);
  }

  @Test
  void the_state_an_export_carries_passes_a_pending_summary_and_reasons_quoting_multi_line_errors() throws IOException {
    String stateful;
    try (FileTaskStore store = FileTaskStore.builder(dir.resolve("state")).fsync(false).open()) {
      TimeWindow w = TimeWindow.of(T.minusSeconds(3600), T);
      store.create(ScheduledTask.builder().id(TaskId.of("d")).name("👩‍💻 state").guildId(GuildId.of(11))
          .channel(ChannelId.of(22)).schedule("every 1h")
          .destinations(List.of(Destination.file("out", DeliveryFormat.MARKDOWN),
              Destination.console().disable("HTTP 500:\n<html>\n  body\n</html>")))
          .status(TaskStatus.DISABLED).statusReason(Optional.of("disabled after 5 failures; last error:\nline two"))
          .pending(Optional.of(new PendingRun(T, 2, T.plusSeconds(30), w, "retry after a 503\nbody",
              Optional.of(new Summary("title", "# Summary\n\n- one\n- two\n", List.of("Ana", "Bo"), 2, w)))))
          .createdAt(T).updatedAt(T).nextRun(Optional.of(T.plusSeconds(3600))).lastWindowEnd(Optional.of(T))
          .createdBy("admin-1").build());
      stateful = store.exportTasks(Optional.empty());
    }

    assertThat(stateful).contains("\"pending\"").contains("\"summary\"").contains("\"disabledReason\"");
    assertThat(ImportFile.read(write(stateful), SECRETS)).isEqualTo(stateful);
  }

  @Test
  void import_reports_every_problem_of_every_task_with_its_index_id_and_field() throws IOException {
    ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(exported);
    doc.put("colour", "red");
    ArrayNode tasks = (ArrayNode) doc.get("tasks");
    ObjectNode a = (ObjectNode) tasks.get(0);
    a.put("schedule", "daily 25:00");
    a.put("name", "evil\u001b[2J");
    ObjectNode b = (ObjectNode) tasks.get(1);
    b.put("schedule", "every 1ms");
    b.put("colour", "red");
    ((ObjectNode) b.get("options")).put("lookback", "1000000d");
    ((ObjectNode) b.get("destinations").get(1)).put("secretRef", "AWS_SECRET_ACCESS_KEY");
    ObjectNode c = (ObjectNode) tasks.get(2);
    c.put("schedule", "0 0 9 * * " + "1,".repeat(2_500_000) + "2");
    ArrayNode channels = c.putArray("channels");
    for (int i = 0; i <= Limits.CHANNELS_PER_TASK; i++) {
      channels.add(Long.toString(100 + i));
    }
    c.put("misfireGrace", "30d");
    c.remove("zone");

    assertThat(errors(write(Json.write(doc)))).containsExactly(
        "tasks.json: tasks[0] (id a): name: holds the control character U+001B at character 5; control characters"
            + " (line breaks, tabs, escape sequences) and bidi controls are refused",
        "tasks.json: tasks[0] (id a): schedule: daily time: hour 25 is outside 0-23 in '25:00'",
        "tasks.json: tasks[1] (id b): colour: unknown key (known keys: id, name, guild, channels, kind, schedule,"
            + " zone, destinations, options, retryPolicy, maxConsecutiveFailures, misfirePolicy, misfireGrace,"
            + " catchUpLimit, timeOptions, retention, alertIfSilent, silenceAlertedAt, status, statusReason, createdBy,"
            + " createdAt, updatedAt, nextRun, lastWindowEnd, pending, stats, version)",
        "tasks.json: tasks[1] (id b): schedule: " + scheduleProblem("every 1ms"),
        "tasks.json: tasks[1] (id b): destinations[1].secretRef: the secret variable AWS_SECRET_ACCESS_KEY is not"
            + " allowed: webhook.secret-envs allows *_WEBHOOK_SECRET",
        "tasks.json: tasks[1] (id b): options.lookback: 1000000d is over the limit of 3650d",
        "tasks.json: tasks[2] (id c): zone: is missing",
        "tasks.json: tasks[2] (id c): channels: 26 channels; a task takes at most 25",
        "tasks.json: tasks[2] (id c): schedule: is 5000011 characters long; the limit is 256",
        "tasks.json: tasks[2] (id c): misfireGrace: 30d is over the limit of 7d",
        "tasks.json: colour: unknown key (known keys: format, schema, guild, guilds, tasks)");
  }

  private static String scheduleProblem(String schedule) {
    TaskInput in = new TaskInput(SECRETS);
    in.schedule("x", schedule);
    return in.errors().get(0).substring("x: ".length());
  }

  @Test
  void a_key_given_twice_is_an_error_not_silently_the_last_one() throws IOException {
    String doubled = exported.replaceFirst("\"schedule\" : \"daily 09:00\"",
        "\"schedule\" : \"daily 09:00\", \"schedule\" : \"every 1s\"");

    assertThat(errors(write(doubled))).singleElement().asString()
        .startsWith("tasks.json line ").contains("not valid JSON: Duplicate field 'schedule'");
  }

  @Test
  void a_file_over_the_size_limit_is_one_line_and_is_not_read() throws IOException {
    Path big = dir.resolve("big.json");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(Limits.IMPORT_FILE_BYTES + 1);
    }

    assertThat(errors(big)).containsExactly("FILE: tasks.json is 52428801 bytes; an import file holds at most 50 MB"
        + " (52428800 bytes)");
  }

  @Test
  void more_tasks_than_the_limit_is_one_line() throws IOException {
    StringBuilder sb = new StringBuilder("{\"format\": \"summary-scheduler-tasks\", \"schema\": 2, \"tasks\": [{}");
    sb.append(",{}".repeat(Limits.TASKS_PER_IMPORT)).append("]}");

    assertThat(errors(write(sb.toString())))
        .containsExactly("FILE: tasks.json holds more than 10000 tasks; an import file holds at most 10000 (split it)");
  }

  @Test
  void a_file_that_is_not_json_is_one_line_naming_line_and_column() throws IOException {
    assertThat(errors(write("{\"format\": \"summary-scheduler-tasks\",\n  \"tasks\": [oops]}"))).singleElement()
        .asString().startsWith("tasks.json line 2, column ").contains(": not valid JSON: Unrecognized token 'oops'");
  }

  @Test
  void guild_settings_are_checked_as_guilds_set_checks_its_flags_each_named_by_place() throws IOException {
    String settings = "\"guilds\" : [ { \"guild\" : \"11\", \"zone\" : \"Europe/Berlin\" },"
        + " { \"guild\" : \"11\", \"zone\" : \"Mars/Olympus\" }, { \"guild\" : \"-3\", \"zone\" : \"UTC\","
        + " \"colour\" : \"red\" }, 7 ],\n  \"tasks\" : [";

    assertThat(errors(write(exported.replaceFirst("\"tasks\" : \\[", settings)))).containsExactly(
        "tasks.json: guilds[1].guild: guild 11 is listed twice",
        "tasks.json: guilds[1].zone: 'Mars/Olympus' is not a known time zone",
        "tasks.json: guilds[2].colour: unknown key (known keys: guild, zone)",
        "tasks.json: guilds[2].guild: -3 is not a Discord guild id (a positive snowflake)",
        "tasks.json: guilds[3]: must be an object of guild and zone, not 7");
  }

  @Test
  void a_document_with_guild_settings_made_by_export_passes_unchanged() throws IOException {
    String withSettings = exported.replaceFirst("\"tasks\" : \\[",
        "\"guilds\" : [ { \"guild\" : \"11\", \"zone\" : \"Europe/Berlin\" } ],\n  \"tasks\" : [");

    assertThat(withSettings).contains("guilds");
    assertThat(ImportFile.read(write(withSettings), SECRETS)).isEqualTo(withSettings);
  }
}

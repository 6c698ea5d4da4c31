package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar as a process: what it accepts as input, and what it answers to input it refuses. */
class InputProcessIT {
  private static final Duration SHORT = Duration.ofSeconds(60);
  private static final String GUILD = "1100000000000000001";
  private static final String CHANNEL = "1100000000000000002";

  @TempDir Path dir;

  @BeforeEach
  void config() throws Exception {
    Files.writeString(dir.resolve("app.yaml"), "store: file:store\n");
  }

  private JarProcess.Result tasks(String... args) throws Exception {
    String[] all = new String[args.length + 3];
    all[0] = "--config";
    all[1] = "app.yaml";
    all[2] = "tasks";
    System.arraycopy(args, 0, all, 3, args.length);
    return JarProcess.run(dir, SHORT, all);
  }

  private String add(String... extra) throws Exception {
    String[] base = {"add", "--name", "dev daily", "--guild", GUILD, "--channel", CHANNEL, "--schedule", "daily 09:00",
        "--json"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    JarProcess.Result r = tasks(all);
    assertThat(r.exit()).as(r.err()).isZero();
    return Json.MAPPER.readTree(r.out()).get("id").asText();
  }

  /** Error lines of a run, without the JVM's note that it picked up options from the environment. */
  private static List<String> errors(JarProcess.Result r) {
    return r.err().lines().filter(l -> !l.contains("Picked up JDK_JAVA_OPTIONS")).toList();
  }

  // ---------------------------------------------------------------- item 7: import

  @Test
  void import_reports_every_problem_of_every_task_with_its_index_and_field() throws Exception {
    add("--to", "console:");
    add("--to", "file:out");
    JarProcess.Result export = tasks("export");
    ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(export.out());
    ArrayNode list = (ArrayNode) doc.get("tasks");
    ObjectNode first = (ObjectNode) list.get(0);
    ObjectNode second = (ObjectNode) list.get(1);
    String firstId = first.get("id").asText();
    String secondId = second.get("id").asText();
    first.put("schedule", "daily 25:00");
    first.put("colour", "red");
    second.put("schedule", "every 1ms");
    second.put("name", "forged\nINFO all good");
    ((ObjectNode) second.get("retryPolicy")).put("initialDelay", "1000000d");
    Files.writeString(dir.resolve("tasks.json"), Json.write(doc));
    JarProcess.Result removed = tasks("remove", firstId);
    assertThat(removed.exit()).isZero();

    JarProcess.Result r = tasks("import", "tasks.json");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList()).containsExactly(
        "error: tasks.json: tasks[0] (id " + firstId + "): colour: unknown key (known keys: id, name, guild, channels,"
            + " kind, schedule, zone, destinations, options, retryPolicy, maxConsecutiveFailures, misfirePolicy,"
            + " misfireGrace, catchUpLimit, timeOptions, retention, alertIfSilent, silenceAlertedAt, status, statusReason,"
            + " createdBy, createdAt, updatedAt, nextRun, lastWindowEnd, pending, stats, version)",
        "error: tasks.json: tasks[0] (id " + firstId + "): schedule: daily time: hour 25 is outside 0-23 in '25:00'",
        "error: tasks.json: tasks[1] (id " + secondId + "): name: holds the control character U+000A at character 7;"
            + " control characters (line breaks, tabs, escape sequences) and bidi controls are refused",
        "error: tasks.json: tasks[1] (id " + secondId + "): schedule: every: '1ms' is not a period such as 90m, 6h, 1d"
            + " or 30s",
        "error: tasks.json: tasks[1] (id " + secondId + "): retryPolicy.initialDelay: 1000000d is over the limit of 1d");
    assertThat(Json.MAPPER.readTree(tasks("list", "--json").out())).hasSize(1);
  }

  @Test
  void an_import_file_over_50_mb_exits_2_with_one_line_even_in_a_small_heap() throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("huge.json").toFile(), "rw")) {
      f.setLength(60L * 1024 * 1024);
    }

    JarProcess.Result r;
    try (JarProcess p = JarProcess.start(dir, Map.of("JDK_JAVA_OPTIONS", "-Xmx48m"), "--config", "app.yaml", "tasks",
        "import", "huge.json")) {
      r = p.await(SHORT);
    }

    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(errors(r)).containsExactly("error: FILE: huge.json is 62914560 bytes; an import file holds at most 50 MB"
        + " (52428800 bytes)");
  }

  @Test
  void an_import_file_of_more_than_10000_tasks_exits_2_with_one_line() throws Exception {
    StringBuilder sb = new StringBuilder("{\"format\": \"summary-scheduler-tasks\", \"schema\": 2, \"tasks\": [{}");
    sb.append(",{}".repeat(10_000)).append("]}");
    Files.writeString(dir.resolve("many.json"), sb);

    JarProcess.Result r = tasks("import", "many.json");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList()).containsExactly(
        "error: FILE: many.json holds more than 10000 tasks; an import file holds at most 10000 (split it)");
  }

  // ---------------------------------------------------------------- item 8: control characters

  @Test
  void control_characters_in_a_name_or_a_destination_are_refused_naming_the_flag() throws Exception {
    JarProcess.Result r = tasks("add", "--name", "dev\u001b[31m daily", "--guild", GUILD, "--channel", CHANNEL,
        "--schedule", "daily 09:00", "--to", "file:out\nINFO forged line");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).doesNotContain("\u001b").doesNotContain("forged");
    assertThat(r.err().lines().toList()).containsExactly(
        "error: --name: holds the control character U+001B at character 4; control characters (line breaks, tabs,"
            + " escape sequences) and bidi controls are refused",
        "error: --to: holds the control character U+000A at character 9; control characters (line breaks, tabs,"
            + " escape sequences) and bidi controls are refused");
    assertThat(Json.MAPPER.readTree(tasks("list", "--json").out())).isEmpty();
  }

  // ---------------------------------------------------------------- item 9: duration bounds

  @Test
  void a_retry_delay_of_a_million_days_exits_2_naming_the_flag_and_its_limit() throws Exception {
    JarProcess.Result r = tasks("add", "--name", "n", "--guild", GUILD, "--channel", CHANNEL, "--schedule",
        "daily 09:00", "--to", "console:", "--retry-delay", "1000000d", "--lookback", "3651d");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList()).containsExactly("error: --lookback: 3651d is over the limit of 3650d",
        "error: --retry-delay: 1000000d is over the limit of 1d");
  }

  // ---------------------------------------------------------------- item 11: secrets

  @Test
  void a_secret_outside_webhook_secret_envs_is_refused_at_add_update_and_import() throws Exception {
    String hook = "webhook:https://hooks.example.com/digest/TOKEN123;secret=AWS_SECRET_ACCESS_KEY";
    String refused = "webhook:https://hooks.example.com/…: the secret variable AWS_SECRET_ACCESS_KEY is not allowed:"
        + " webhook.secret-envs allows *_WEBHOOK_SECRET";

    JarProcess.Result add = tasks("add", "--name", "n", "--guild", GUILD, "--channel", CHANNEL, "--schedule",
        "daily 09:00", "--to", hook);
    String id = add("--to", "webhook:https://hooks.example.com/digest/TOKEN123;secret=DIGEST_WEBHOOK_SECRET");
    JarProcess.Result update = tasks("update", id, "--to", hook);
    String export = tasks("export").out().replace("DIGEST_WEBHOOK_SECRET", "AWS_SECRET_ACCESS_KEY");
    Files.writeString(dir.resolve("tasks.json"), export);
    tasks("remove", id);
    JarProcess.Result imported = tasks("import", "tasks.json");

    assertThat(add.exit()).isEqualTo(2);
    assertThat(add.err().lines().toList()).containsExactly("error: --to: " + refused);
    assertThat(update.exit()).isEqualTo(2);
    assertThat(update.err().lines().toList()).containsExactly("error: --to: " + refused);
    assertThat(imported.exit()).isEqualTo(2);
    assertThat(imported.err().lines().toList()).containsExactly("error: tasks.json: tasks[0] (id " + id + "):"
        + " destinations[0].secretRef: the secret variable AWS_SECRET_ACCESS_KEY is not allowed: webhook.secret-envs"
        + " allows *_WEBHOOK_SECRET");
    assertThat(add.err() + update.err() + imported.err()).doesNotContain("TOKEN123");
  }

  // ---------------------------------------------------------------- item 16: preview zone, misfire grace

  @Test
  void preview_reads_the_config_zone_when_zone_is_not_given_and_reports_a_broken_config() throws Exception {
    Files.writeString(dir.resolve("berlin.yaml"), "zone: Europe/Berlin\n");
    Files.writeString(dir.resolve("broken.yaml"), "zone: Mars/Base\n");

    JarProcess.Result berlin = JarProcess.run(dir, SHORT, "--config", "berlin.yaml", "preview", "--schedule",
        "daily 09:00", "--from", "2025-01-01T00:00:00Z", "--count", "1");
    JarProcess.Result given = JarProcess.run(dir, SHORT, "--config", "berlin.yaml", "preview", "--schedule",
        "daily 09:00", "--zone", "UTC", "--from", "2025-01-01T00:00:00Z", "--count", "1");
    JarProcess.Result broken = JarProcess.run(dir, SHORT, "--config", "broken.yaml", "preview", "--schedule",
        "daily 09:00", "--zone", "UTC");

    assertThat(berlin.out()).isEqualTo("2025-01-01T09:00:00+01:00\n");
    assertThat(given.out()).isEqualTo("2025-01-01T09:00:00+00:00\n");
    assertThat(broken.exit()).isEqualTo(2);
    assertThat(broken.out()).isEmpty();
    assertThat(broken.err().lines().toList())
        .containsExactly("error: broken.yaml line 1, column 1: zone: 'Mars/Base' is not a known time zone");
  }

  @Test
  void misfire_grace_is_a_task_option_of_add_update_show_export_and_import() throws Exception {
    String id = add("--to", "console:", "--misfire-grace", "90s");
    JsonNode added = Json.MAPPER.readTree(tasks("show", id, "--json").out());
    JarProcess.Result update = tasks("update", id, "--misfire-grace", "2h");
    JarProcess.Result show = tasks("show", id);
    JarProcess.Result export = tasks("export");
    Files.writeString(dir.resolve("tasks.json"), export.out());
    tasks("remove", id);
    JarProcess.Result imported = tasks("import", "tasks.json");
    JsonNode after = Json.MAPPER.readTree(tasks("show", id, "--json").out());

    assertThat(added.get("misfireGrace").asText()).isEqualTo("90s");
    assertThat(update.exit()).as(update.err()).isZero();
    assertThat(show.out()).contains("misfire:     catch-up-once when a fire starts more than 2h late");
    assertThat(Json.MAPPER.readTree(export.out()).get("tasks").get(0).get("misfireGrace").asText()).isEqualTo("2h");
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(after.get("misfireGrace").asText()).isEqualTo("2h");
  }

  // ---------------------------------------------------------------- item 19: destinations on update, history

  @Test
  void update_adds_and_removes_one_destination_and_its_help_says_to_replaces_every_one() throws Exception {
    String id = add("--to", "console:", "--to", "file:out");

    JarProcess.Result changed = tasks("update", id, "--add-to", "file:archive;format=json", "--remove-to", "console:",
        "--json");
    JarProcess.Result missing = tasks("update", id, "--remove-to", "console:");
    JarProcess.Result help = tasks("update", "--help");

    assertThat(changed.exit()).as(changed.err()).isZero();
    JsonNode ds = Json.MAPPER.readTree(changed.out()).get("destinations");
    assertThat(ds).hasSize(2);
    // A relative file:DIR is made absolute against the directory the command ran in.
    assertThat(ds.get(0).get("target").asText()).isEqualTo(dir.resolve("out").toAbsolutePath().normalize().toString());
    assertThat(ds.get(1).get("target").asText())
        .isEqualTo(dir.resolve("archive").toAbsolutePath().normalize().toString());
    assertThat(ds.get(1).get("format").asText()).isEqualTo("JSON");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().lines().toList())
        .containsExactly("error: --remove-to: console: is not a destination of this task");
    assertThat(help.out().replaceAll("\\s+", " ")).contains("--to replaces every destination of the task")
        .contains("--add-to=DEST").contains("--remove-to=DEST");
  }

  @Test
  void history_of_a_removed_task_still_answers_until_it_is_pruned() throws Exception {
    Path exports = Files.createDirectories(dir.resolve("exports"));
    JarProcess.copySampleExport(exports.resolve("dev.json"));
    String id = add("--to", "file:out", "--lookback", "1000d");
    JarProcess.Result ran = tasks("run-now", id);
    assertThat(ran.exit()).as(ran.err()).isZero();
    tasks("remove", id);

    JarProcess.Result json = tasks("history", id, "--json");
    JarProcess.Result text = tasks("history", id);
    JarProcess.Result unknown = tasks("history", "no-such-task");

    assertThat(json.exit()).as(json.err()).isZero();
    JsonNode records = Json.MAPPER.readTree(json.out());
    assertThat(records).hasSize(1);
    assertThat(records.get(0).get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(text.out()).startsWith("task " + id + " was removed; its history stays until it is pruned\n")
        .contains("SUCCEEDED");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no-such-task");
  }

  // ---------------------------------------------------------------- item 20: did you mean

  @Test
  void a_mistyped_command_suggests_the_nearest_one_and_exits_2() throws Exception {
    JarProcess.Result lst = tasks("lst");
    JarProcess.Result tsks = JarProcess.run(dir, SHORT, "tsks", "list");
    JarProcess.Result far = tasks("deploy");

    assertThat(lst.exit()).isEqualTo(2);
    assertThat(lst.out()).isEmpty();
    assertThat(lst.err().lines().toList()).containsExactly("error: 'lst' is not a tasks command; did you mean list?");
    assertThat(tsks.exit()).isEqualTo(2);
    assertThat(tsks.err().lines().toList()).containsExactly("error: 'tsks' is not a command; did you mean tasks?");
    assertThat(far.exit()).isEqualTo(2);
    assertThat(far.err().lines().toList()).containsExactly("error: 'deploy' is not a tasks command (commands: add,"
        + " list, show, update, pause, resume, remove, history, export, import, run-now, backfill, check, quarantine)");
  }
}

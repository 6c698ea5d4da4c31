package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar as a process: the README's commands and the CLI's output contract. */
class CliProcessIT {
  private static final Duration SHORT = Duration.ofSeconds(60);
  private static final String GUILD = "1100000000000000001";
  private static final String CHANNEL = "1100000000000000002";

  @TempDir Path dir;

  @Test
  void a_discord_delivery_without_a_token_names_the_variable_and_destinations_show_as_written() throws Exception {
    Files.writeString(dir.resolve("app.yaml"), "store: file:store\nmessages:\n  source: export\n  export-dir: exports\n");
    JarProcess.copySampleExport(Files.createDirectories(dir.resolve("exports")).resolve("dev.json"));
    JarProcess.Result add = JarProcess.run(dir, SHORT, "--config", "app.yaml", "tasks", "add", "--name", "dev",
        "--guild", GUILD, "--channel", CHANNEL, "--schedule", "daily 09:00", "--lookback", "1000d",
        "--to", "discord:1100000000000000003", "--json");
    assertThat(add.exit()).as(add.err()).isZero();
    String id = Json.MAPPER.readTree(add.out()).get("id").asText();

    JarProcess.Result show = JarProcess.run(dir, SHORT, "--config", "app.yaml", "tasks", "show", id);
    assertThat(show.out()).contains("discord:1100000000000000003").doesNotContain("discord_channel");
    JarProcess.Result now = JarProcess.run(dir, SHORT, "--config", "app.yaml", "tasks", "run-now", id);
    assertThat(now.exit()).isEqualTo(1);
    assertThat(now.out()).contains("discord:1100000000000000003: FAILED")
        .contains("the environment variable DISCORD_TOKEN (discord.token-env) is not set; set it to the bot token")
        .doesNotContain("discord_channel").doesNotContain("not wired");
  }

  @Test
  void demo_writes_a_summary_file_and_prints_it() throws Exception {
    JarProcess.Result r = JarProcess.run(dir, Duration.ofSeconds(90), "demo", "--exit-after", "1");

    assertThat(r.exit()).as(r.err()).isZero();
    Matcher m = Pattern.compile("summary written to (\\S+)").matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    Path file = dir.resolve(m.group(1));
    assertThat(file).exists().hasParent(dir.resolve("summary-demo/summaries"));
    assertThat(Files.readString(file)).contains("**Messages:** 23 from 5 participants").contains("## Links shared");
    assertThat(r.out()).contains("# demo: ").contains("## Most active participants");
  }

  @Test
  void preview_prints_the_fires_across_a_spring_forward_gap() throws Exception {
    JarProcess.Result r = JarProcess.run(dir, SHORT, "preview", "--schedule", "  daily 02:30 ", "--zone",
        "Europe/Berlin", "--from", "2025-03-29T12:00:00+01:00", "--count", "3");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("2025-03-30T03:30:00+02:00\n2025-03-31T02:30:00+02:00\n2025-04-01T02:30:00+02:00\n");
  }

  @Test
  void preview_describes_and_treats_at_weekly_as_a_schedule_not_an_argument_file() throws Exception {
    JarProcess.Result r = JarProcess.run(dir, SHORT, "preview", "--schedule", "@weekly", "--from",
        "2025-01-01T00:00:00Z", "--count", "2", "--describe");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines().toList()).hasSize(3)
        .endsWith("2025-01-05T00:00:00+00:00", "2025-01-12T00:00:00+00:00");
  }

  @Test
  void preview_of_every_is_anchored_at_from_and_a_past_once_prints_nothing() throws Exception {
    JarProcess.Result every = JarProcess.run(dir, SHORT, "preview", "--schedule", "every 90m", "--from",
        "2025-01-01T00:00:00Z", "--count", "2");
    JarProcess.Result once = JarProcess.run(dir, SHORT, "preview", "--schedule", "once 2020-01-01T00:00", "--from",
        "2025-01-01T00:00:00Z");

    assertThat(every.out()).isEqualTo("2025-01-01T01:30:00+00:00\n2025-01-01T03:00:00+00:00\n");
    assertThat(once.exit()).isZero();
    assertThat(once.out()).isEmpty();
  }

  @Test
  void an_invalid_schedule_and_zone_exit_2_with_error_lines_and_empty_stdout() throws Exception {
    JarProcess.Result r = JarProcess.run(dir, SHORT, "preview", "--schedule", "daily 25:00", "--zone", "Mars/Base");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList()).containsExactly(
        "error: --zone: 'Mars/Base' is not a known time zone",
        "error: --schedule: daily time: hour 25 is outside 0-23 in '25:00'");
  }

  @Test
  void unknown_flags_exit_2_naming_the_flag() throws Exception {
    JarProcess.Result r = JarProcess.run(dir, SHORT, "preview", "--schedule", "@daily", "--colour", "red");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("error: ").contains("--colour");
  }

  @Test
  void a_bad_config_exits_2_naming_key_line_and_column() throws Exception {
    Files.writeString(dir.resolve("app.yaml"), "store: file:data\nconcurrency: many\npoll-intervall: 5s\n");

    JarProcess.Result r = JarProcess.run(dir, SHORT, "--config", "app.yaml", "tasks", "list", "--json");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList()).containsExactly(
        "error: app.yaml line 2, column 1: concurrency: must be an integer, not 'many'",
        "error: app.yaml line 3, column 1: poll-intervall: unknown key (known keys: store, store-password-env, node-id, zone, concurrency,"
            + " poll-interval, lease, drain-timeout, messages, discord, webhook, summarizer, privacy)");
  }

  @Test
  void an_h2_store_serves_the_tasks_commands_and_exports_the_same_document_as_a_file_store() throws Exception {
    Path db = dir.resolve("db").resolve("tasks").toAbsolutePath();
    Files.writeString(dir.resolve("sql.yaml"), "store: jdbc:h2:file:" + db + "\n");
    Files.writeString(dir.resolve("file.yaml"), "store: file:store\n");

    JarProcess.Result add = JarProcess.run(dir, SHORT, "--config", "sql.yaml", "tasks", "add", "--name", "dev daily",
        "--guild", GUILD, "--channel", CHANNEL, "--schedule", "daily 09:00", "--zone", "Europe/Berlin",
        "--to", "console:", "--json");
    assertThat(add.exit()).as(add.err()).isZero();
    String id = Json.MAPPER.readTree(add.out()).get("id").asText();

    JarProcess.Result list = JarProcess.run(dir, SHORT, "--config", "sql.yaml", "tasks", "list", "--json");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(Json.MAPPER.readTree(list.out()).get(0).get("id").asText()).isEqualTo(id);

    JarProcess.Result fromSql = JarProcess.run(dir, SHORT, "--config", "sql.yaml", "tasks", "export");
    assertThat(fromSql.exit()).as(fromSql.err()).isZero();
    Files.writeString(dir.resolve("export.json"), fromSql.out());
    JarProcess.Result imported = JarProcess.run(dir, SHORT, "--config", "file.yaml", "tasks", "import", "export.json");
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out()).contains(id);
    JarProcess.Result fromFile = JarProcess.run(dir, SHORT, "--config", "file.yaml", "tasks", "export");
    assertThat(fromFile.out()).isEqualTo(fromSql.out());

    JarProcess.Result again = JarProcess.run(dir, SHORT, "--config", "sql.yaml", "tasks", "import", "export.json");
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("already exists");
  }

  @Test
  void tasks_add_then_list_json_on_a_file_store() throws Exception {
    Files.writeString(dir.resolve("app.yaml"), "store: file:store\nzone: Europe/Berlin\n");

    JarProcess.Result add = JarProcess.run(dir, SHORT, "--config", "app.yaml", "tasks", "add", "--name", "dev daily",
        "--guild", GUILD, "--channel", CHANNEL, "--schedule", "daily 09:00", "--to", "file:out;format=json",
        "--to", "console:", "--json");
    assertThat(add.exit()).as(add.err()).isZero();
    JsonNode created = Json.MAPPER.readTree(add.out());
    assertThat(created.get("id").isTextual()).isTrue();
    assertThat(created.get("zone").asText()).isEqualTo("Europe/Berlin");
    assertThat(created.get("nextRuns")).hasSize(3);

    JarProcess.Result list = JarProcess.run(dir, SHORT, "tasks", "list", "--json", "--config", "app.yaml");
    assertThat(list.exit()).as(list.err()).isZero();
    JsonNode tasks = Json.MAPPER.readTree(list.out());
    assertThat(tasks.isArray()).isTrue();
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0).get("id").asText()).isEqualTo(created.get("id").asText());
    assertThat(tasks.get(0).get("destinations").get(0).get("format").asText()).isEqualTo("JSON");
  }

  @Test
  void update_show_status_export_remove_and_import_round_trip() throws Exception {
    Files.writeString(dir.resolve("app.yaml"), "store: file:store\n");
    String[] cfg = {"--config", "app.yaml"};
    JarProcess.Result add = JarProcess.run(dir, SHORT, cfg[0], cfg[1], "tasks", "add", "--name", "weekly", "--guild",
        GUILD, "--channel", CHANNEL, "--schedule", "daily 09:00", "--to", "console:", "--json");
    String id = Json.MAPPER.readTree(add.out()).get("id").asText();

    JarProcess.Result update = JarProcess.run(dir, SHORT, cfg[0], cfg[1], "tasks", "update", id, "--schedule",
        "weekly MON 08:00", "--zone", "Europe/Berlin", "--length", "brief", "--json");
    assertThat(update.exit()).as(update.err()).isZero();
    JsonNode shown = Json.MAPPER.readTree(JarProcess.run(dir, SHORT, cfg[0], cfg[1], "tasks", "show", id, "--json").out());
    assertThat(shown.get("schedule").asText()).isEqualTo("weekly MON 08:00");
    assertThat(shown.get("options").get("length").asText()).isEqualTo("BRIEF");
    assertThat(shown.get("nextRuns").get(0).asText()).endsWith("T08:00:00+01:00").isNotEmpty();

    JarProcess.Result status = JarProcess.run(dir, SHORT, cfg[0], cfg[1], "status", "--json");
    assertThat(Json.MAPPER.readTree(status.out()).get("tasksByStatus").get("ACTIVE").asInt()).isEqualTo(1);

    JarProcess.Result export = JarProcess.run(dir, SHORT, cfg[0], cfg[1], "tasks", "export");
    assertThat(export.exit()).as(export.err()).isZero();
    Files.writeString(dir.resolve("tasks.json"), export.out());
    assertThat(JarProcess.run(dir, SHORT, cfg[0], cfg[1], "tasks", "remove", id).exit()).isZero();
    assertThat(JarProcess.run(dir, SHORT, cfg[0], cfg[1], "tasks", "show", id).exit()).isEqualTo(2);

    JarProcess.Result dry = JarProcess.run(dir, SHORT, cfg[0], cfg[1], "tasks", "import", "tasks.json", "--dry-run");
    assertThat(dry.out()).startsWith("would import 1 task(s)");
    assertThat(JarProcess.run(dir, SHORT, cfg[0], cfg[1], "tasks", "list", "--json").out().strip()).isEqualTo("[]");
    JarProcess.Result imported = JarProcess.run(dir, SHORT, cfg[0], cfg[1], "tasks", "import", "tasks.json");
    assertThat(imported.exit()).as(imported.err()).isZero();
    JsonNode list = Json.MAPPER.readTree(JarProcess.run(dir, SHORT, cfg[0], cfg[1], "tasks", "list", "--json").out());
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asText()).isEqualTo(id);
    JarProcess.Result again = JarProcess.run(dir, SHORT, cfg[0], cfg[1], "tasks", "import", "tasks.json");
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.out()).isEmpty();
    assertThat(again.err()).startsWith("error: tasks.json: tasks[0].id: ");
  }

  @Test
  void tasks_add_reports_every_bad_flag_at_once() throws Exception {
    JarProcess.Result r = JarProcess.run(dir, SHORT, "tasks", "add", "--name", "x", "--guild", "abc", "--channel",
        CHANNEL, "--schedule", "weekly XYZ 09:00", "--to", "carrier-pigeon:home", "--json");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList()).allMatch(l -> l.startsWith("error: --")).hasSize(3);
    assertThat(r.err()).contains("error: --guild: ").contains("error: --schedule: ").contains("error: --to: ");
  }

  @Test
  void run_now_history_and_the_daemon_with_health_metrics_and_sigterm() throws Exception {
    Path exports = Files.createDirectories(dir.resolve("exports"));
    JarProcess.copySampleExport(exports.resolve("dev.json"));
    Files.writeString(dir.resolve("app.yaml"), "store: file:store\npoll-interval: 1s\nlease: 10s\n"
        + "drain-timeout: 5s\nmessages:\n  source: export\n  export-dir: exports\n");
    JarProcess.Result add = JarProcess.run(dir, SHORT, "--config", "app.yaml", "tasks", "add", "--name", "dev",
        "--guild", GUILD, "--channel", CHANNEL, "--schedule", "every 2s", "--lookback", "1000d", "--to",
        "file:out", "--json");
    assertThat(add.exit()).as(add.err()).isZero();
    String id = Json.MAPPER.readTree(add.out()).get("id").asText();

    JarProcess.Result now = JarProcess.run(dir, SHORT, "--config", "app.yaml", "tasks", "run-now", id);
    assertThat(now.exit()).as(now.err()).isZero();
    Matcher ran = Pattern.compile("execution (\\S+): SUCCEEDED after 1 attempt\\(s\\), 23 messages").matcher(now.out());
    assertThat(ran.find()).as(now.out()).isTrue();
    String execution = ran.group(1);

    try (JarProcess daemon = JarProcess.start(dir, "--config", "app.yaml", "run", "--http", "127.0.0.1:0")) {
      int port = awaitPort(daemon);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"");
      awaitStderr(daemon, "SKIPPED_NO_CONTENT");
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body()).contains("summary_executions_total{outcome=\"SKIPPED_NO_CONTENT\"}")
          .contains("summary_tasks{status=\"ACTIVE\"} 1.0").contains("summary_execution_lateness_seconds");

      JarProcess.Result list = JarProcess.run(dir, SHORT, "--config", "app.yaml", "tasks", "pause", id);
      assertThat(list.exit()).as("tasks commands work beside the daemon: " + list.err()).isZero();

      daemon.terminate();
      JarProcess.Result stopped = daemon.await(SHORT);
      assertThat(stopped.err()).as("exit %d", stopped.exit()).contains("stopping: draining").contains("stopped");
    }

    JarProcess.Result history = JarProcess.run(dir, SHORT, "--config", "app.yaml", "tasks", "history", id, "--json");
    assertThat(history.exit()).as(history.err()).isZero();
    JsonNode records = Json.MAPPER.readTree(history.out());
    assertThat(records.isArray()).isTrue();
    JsonNode runNow = null;
    for (JsonNode r : records) {
      if (r.get("id").asText().equals(execution)) {
        runNow = r;
      }
    }
    assertThat(runNow).as(history.out()).isNotNull();
    assertThat(runNow.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(runNow.get("attempts").asInt()).isEqualTo(1);
    assertThat(runNow.get("deliveries").get(0).get("status").asText()).isEqualTo("DELIVERED");
    assertThat(runNow.has("scheduledFor")).isTrue();
    for (int i = 1; i < records.size(); i++) {
      assertThat(records.get(i - 1).get("scheduledFor").asText()).isGreaterThan(records.get(i).get("scheduledFor").asText());
    }
  }

  private static int awaitPort(JarProcess p) throws InterruptedException {
    String line = awaitStderr(p, "http on port ");
    Matcher m = Pattern.compile("http on port (\\d+)").matcher(line);
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static String awaitStderr(JarProcess p, String text) throws InterruptedException {
    long deadline = System.nanoTime() + SHORT.toNanos();
    while (System.nanoTime() < deadline) {
      for (String l : p.stderr().lines().toList()) {
        if (l.contains(text)) {
          return l;
        }
      }
      if (!p.process().isAlive()) {
        break;
      }
      p.process().waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    throw new AssertionError("no stderr line with '" + text + "':\n" + p.stderr());
  }

}

package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The time options through the real jar: {@code preview} with each flag, and a task's options through add,
 * show, update, export and import. */
class TimeOptionsProcessIT {
  private static final Duration SHORT = Duration.ofSeconds(60);
  private static final String GUILD = "1100000000000000001";
  private static final String CHANNEL = "1100000000000000002";

  @TempDir Path dir;

  private JarProcess.Result preview(String... flags) throws Exception {
    String[] args = new String[flags.length + 1];
    args[0] = "preview";
    System.arraycopy(flags, 0, args, 1, flags.length);
    return JarProcess.run(dir, SHORT, args);
  }

  private static void assertLines(JarProcess.Result r, String... lines) {
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(String.join("\n", lines) + "\n");
  }

  @Test
  void preview_starts_and_ends_are_inclusive_and_every_is_anchored_at_starts() throws Exception {
    assertLines(preview("--schedule", "every 1h", "--zone", "Europe/Berlin", "--from", "2026-03-01",
        "--starts", "2026-03-02T09:00", "--ends", "2026-03-02T11:00", "--count", "10"),
        "2026-03-02T09:00:00+01:00", "2026-03-02T10:00:00+01:00", "2026-03-02T11:00:00+01:00");
  }

  @Test
  void preview_max_runs_prints_at_most_that_many_lines() throws Exception {
    assertLines(preview("--schedule", "daily 09:00", "--zone", "UTC", "--from", "2026-03-01", "--max-runs", "2",
        "--count", "5"), "2026-03-01T09:00:00+00:00", "2026-03-02T09:00:00+00:00");
  }

  @Test
  void preview_leaves_out_fires_on_skip_dates_of_both_forms() throws Exception {
    assertLines(preview("--schedule", "daily 09:00", "--zone", "Europe/Berlin", "--from", "2026-12-23",
        "--skip-dates", "12-24,2026-12-25", "--count", "3"),
        "2026-12-23T09:00:00+01:00", "2026-12-26T09:00:00+01:00", "2026-12-27T09:00:00+01:00");
  }

  @Test
  void preview_jitter_prints_the_times_delayed_by_the_tasks_offset() throws Exception {
    // sha256("digest")[0..8] mod 600000 ms = 401950 ms = 6m 41.95s
    assertLines(preview("--schedule", "daily 09:00", "--zone", "UTC", "--from", "2026-03-01", "--jitter", "10m",
        "--task-id", "digest", "--count", "2"), "2026-03-01T09:06:41+00:00", "2026-03-02T09:06:41+00:00");
    JarProcess.Result noId = preview("--schedule", "daily 09:00", "--jitter", "10m");
    assertThat(noId.exit()).isEqualTo(2);
    assertThat(noId.err()).contains("error: --jitter: needs --task-id");
  }

  @Test
  void preview_dst_gap_skip_leaves_out_the_day_of_the_gap() throws Exception {
    assertLines(preview("--schedule", "daily 02:30", "--zone", "Europe/Berlin", "--from", "2026-03-28T12:00",
        "--dst-gap", "skip", "--count", "2"), "2026-03-30T02:30:00+02:00", "2026-03-31T02:30:00+02:00");
  }

  @Test
  void preview_dst_overlap_both_fires_at_each_occurrence() throws Exception {
    assertLines(preview("--schedule", "daily 01:30", "--zone", "America/New_York", "--from", "2026-10-31T12:00",
        "--dst-overlap", "both", "--count", "3"),
        "2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-02T01:30:00-05:00");
    assertLines(preview("--schedule", "daily 01:30", "--zone", "America/New_York", "--from", "2026-10-31T12:00",
        "--dst-overlap", "last", "--count", "1"), "2026-11-01T01:30:00-05:00");
  }

  @Test
  void a_dst_policy_with_every_and_bad_time_flags_exit_2_naming_each_flag() throws Exception {
    JarProcess.Result every = preview("--schedule", "every 2h", "--dst-overlap", "both");
    assertThat(every.exit()).isEqualTo(2);
    assertThat(every.err()).contains("error: --dst-overlap: 'every 2h' is elapsed time");
    assertThat(every.out()).isEmpty();

    JarProcess.Result bad = preview("--schedule", "daily 09:00", "--skip-dates", "13-01", "--max-runs", "0",
        "--dst-gap", "later", "--starts", "soon", "--jitter", "2d");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("error: --skip-dates: '13-01' is not a date")
        .contains("error: --max-runs: 0 is outside 1-").contains("error: --dst-gap: 'later' is not one of shift, skip")
        .contains("error: --starts: 'soon' is not an ISO-8601 date-time").contains("error: --jitter: ");
  }

  @Test
  void a_tasks_time_options_show_and_survive_update_export_and_import() throws Exception {
    JarProcess.Result add = JarProcess.run(dir, SHORT, "tasks", "add", "--name", "digest", "--guild", GUILD,
        "--channel", CHANNEL, "--to", "console:", "--schedule", "daily 09:00", "--zone", "Europe/Berlin",
        "--starts", "2030-01-07", "--ends", "2030-03-31T09:00", "--max-runs", "40", "--skip-dates",
        "12-25,2030-01-08", "--jitter", "10m", "--dst-gap", "skip", "--dst-overlap", "last", "--misfire-grace", "2m",
        "--json");
    assertThat(add.exit()).as(add.err()).isZero();
    JsonNode task = Json.MAPPER.readTree(add.out());
    String id = task.get("id").asText();
    JsonNode times = task.get("timeOptions");
    assertThat(times.get("starts").asText()).isEqualTo("2030-01-06T23:00:00Z");
    assertThat(times.get("ends").asText()).isEqualTo("2030-03-31T07:00:00Z");
    assertThat(times.get("maxRuns").asInt()).isEqualTo(40);
    assertThat(times.get("skipDates").toString()).isEqualTo("[\"12-25\",\"2030-01-08\"]");
    assertThat(times.get("jitter").asText()).isEqualTo("10m");
    assertThat(times.get("dstGap").asText()).isEqualTo("SKIP");
    assertThat(times.get("dstOverlap").asText()).isEqualTo("LAST");
    assertThat(task.get("misfireGrace").asText()).isEqualTo("2m");

    JarProcess.Result show = JarProcess.run(dir, SHORT, "tasks", "show", id);
    assertThat(show.out()).contains("misfire:     catch-up-once when a fire starts more than 2m late")
        .contains("times:       from 2030-01-07T00:00:00+01:00, until 2030-03-31T09:00:00+02:00, max 40 runs (0 so far),"
            + " skip 12-25,2030-01-08, jitter 10m (this task: +")
        .contains("dst gap skip, dst overlap last");
    assertThat(show.out().lines().dropWhile(l -> !l.startsWith("next runs:")).skip(1).limit(2).toList())
        .as("the skip date 2030-01-08 is not a run").allSatisfy(l -> assertThat(l).doesNotContain("2030-01-08"));

    JarProcess.Result update = JarProcess.run(dir, SHORT, "tasks", "update", id, "--ends", "none", "--skip-dates",
        "none", "--dst-gap", "shift", "--json");
    assertThat(update.exit()).as(update.err()).isZero();
    JsonNode updated = Json.MAPPER.readTree(update.out()).get("timeOptions");
    assertThat(updated.has("ends")).isFalse();
    assertThat(updated.has("skipDates")).isFalse();
    assertThat(updated.has("dstGap")).isFalse();
    assertThat(updated.get("maxRuns").asInt()).as("flags not given keep their values").isEqualTo(40);

    JarProcess.Result export = JarProcess.run(dir, SHORT, "tasks", "export");
    assertThat(export.exit()).as(export.err()).isZero();
    Path file = dir.resolve("export.json");
    Files.writeString(file, export.out());
    Path other = Files.createDirectories(dir.resolve("other"));
    Files.copy(file, other.resolve("export.json"));
    JarProcess.Result imported = JarProcess.run(other, SHORT, "tasks", "import", "export.json");
    assertThat(imported.exit()).as(imported.err()).isZero();
    JarProcess.Result again = JarProcess.run(other, SHORT, "tasks", "show", id, "--json");
    assertThat(Json.MAPPER.readTree(again.out()).get("timeOptions")).isEqualTo(updated);
  }

  @Test
  void an_import_with_a_bad_time_option_names_the_field() throws Exception {
    JarProcess.Result add = JarProcess.run(dir, SHORT, "tasks", "add", "--name", "digest", "--guild", GUILD,
        "--channel", CHANNEL, "--to", "console:", "--schedule", "daily 09:00", "--max-runs", "3");
    assertThat(add.exit()).as(add.err()).isZero();
    String export = JarProcess.run(dir, SHORT, "tasks", "export").out();
    Files.writeString(dir.resolve("bad.json"), export.replace("\"maxRuns\" : 3", "\"maxRuns\" : 0, \"dstGap\" : \"NEVER\""));

    JarProcess.Result r = JarProcess.run(dir, SHORT, "tasks", "import", "bad.json", "--dry-run");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("timeOptions.maxRuns").contains("timeOptions.dstGap");
  }
}

package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator reads on the real jar ({@code status}, {@code tasks show}, {@code tasks history}): times in the
 * task's zone with its offset, an overdue next run called overdue, the node running an execution, destinations
 * as the user writes them. A loopback webhook receiver holds its first request, so an execution is in flight.
 */
class OperatorViewProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String GUILD = "1100000000000000001";
  private static final String CHANNEL = "1100000000000000002";
  /** The fire every test's task has missed: 09:00 in Berlin on New Year's Day 2020. */
  private static final String MISSED_FIRE = "2020-01-01T08:00:00Z";
  private static final String MISSED_FIRE_BERLIN = "2020-01-01T09:00:00+01:00";

  @TempDir Path dir;
  @RegisterExtension final AppFixture app = AppFixture.withHookReceiver(() -> dir, WAIT);

  @BeforeEach
  void holdTheFirstRequest() {
    app.hook().holdingFirst();
  }

  private String hook() {
    return app.hookTarget();
  }

  /** A task firing daily at 09:00 Berlin time with these destinations; returns its id. */
  private String task(String... to) throws Exception {
    app.configure("""
        store: file:store
        poll-interval: 500ms
        lease: 10s
        drain-timeout: 5s
        messages:
          export-dir: exports
        discord:
          token-env: SUMMARY_SCHEDULER_TEST_TOKEN_NOBODY_SETS
        webhook:
          allow: [127.0.0.1]
          allow-http: true
          timeout: 55s
        """);
    List<String> args = new ArrayList<>(List.of("--name", "digest", "--guild", GUILD, "--channel", CHANNEL, "--schedule", "daily 09:00", "--zone", "Europe/Berlin",
        "--min-messages", "0"));
    for (String t : to) {
      args.add("--to");
      args.add(t);
    }
    return app.add(args.toArray(String[]::new));
  }

  /** Sets the task's next run to {@link #MISSED_FIRE} in its file, as if no daemon had run since. */
  private void missedSince2020(String id) throws IOException {
    Path file = dir.resolve("store/tasks/" + id + ".json");
    String text = Files.readString(file);
    String changed = text.replaceFirst("\"nextRun\"\\s*:\\s*\"[^\"]*\"", "\"nextRun\" : \"" + MISSED_FIRE + "\"");
    assertThat(changed).isNotEqualTo(text);
    Files.writeString(file, changed);
  }

  private JarProcess.Result cli(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--config", "app.yaml"));
    all.addAll(List.of(args));
    JarProcess.Result r = JarProcess.run(dir, WAIT, all.toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isZero();
    return r;
  }

  @Test
  void status_and_show_call_a_missed_next_run_overdue_in_the_task_zone_and_no_node_runs_it() throws Exception {
    String id = task("console:");
    missedSince2020(id);

    JarProcess.Result status = cli("status");
    assertThat(status.out()).contains("next due:  " + MISSED_FIRE_BERLIN + " (overdue by ")
        .contains("leases:    none (no node is running an execution now)");
    JsonNode json = Json.MAPPER.readTree(cli("status", "--json").out());
    assertThat(json.get("nextDue").get("overdue").asBoolean()).isTrue();
    assertThat(json.get("leases")).isEmpty();

    String show = cli("tasks", "show", id).out();
    assertThat(show).contains("next runs:\n  " + MISSED_FIRE_BERLIN + " (overdue by ");
  }

  @Test
  void status_names_the_node_running_an_execution_and_history_shows_it_with_the_task_offset() throws Exception {
    String id = task(hook());
    missedSince2020(id);

    try (JarProcess daemon = JarProcess.start(dir, "--config", "app.yaml", "run", "--node-id", "node-a")) {
      assertThat(app.hook().next(WAIT)).as(daemon.stderr()).isNotNull();

      JarProcess.Result status = cli("status");
      assertThat(status.out()).contains("leases:    node-a runs 1 (" + id + ")")
          .contains("next due:  " + MISSED_FIRE_BERLIN + " (running on node-a)");
      JsonNode leases = Json.MAPPER.readTree(cli("status", "--json").out()).get("leases");
      assertThat(leases).singleElement().satisfies(l -> {
        assertThat(l.get("task").asText()).isEqualTo(id);
        assertThat(l.get("node").asText()).isEqualTo("node-a");
      });

      app.hook().releaseFirst();
      daemon.awaitStderr("SUCCEEDED after 1 attempt(s)", WAIT);
      daemon.terminate();
      daemon.await(WAIT);
    }

    // One catch-up run for the latest missed fire, the fires before it one record; 09:00 in Berlin either way.
    String history = cli("tasks", "history", id).out();
    assertThat(history.lines()).anySatisfy(l -> assertThat(l)
        .matches("\\d{4}-\\d\\d-\\d\\dT09:00:00\\+0[12]:00 +SUCCEEDED .*"));
    assertThat(history.lines()).anySatisfy(l -> assertThat(l)
        .matches(java.util.regex.Pattern.quote(MISSED_FIRE_BERLIN)
            + "  \\d{4}-\\d\\d-\\d\\dT09:00:00\\+0[12]:00  MISSED x\\d+ .*"));
    assertThat(cli("status").out()).contains("leases:    none");
  }

  @Test
  void destinations_are_shown_as_the_user_writes_them_and_discord_without_a_token_names_the_variable()
      throws Exception {
    app.hook().releaseFirst();
    String url = app.hook().url() + "/TOKEN-IN-THE-PATH";
    String id = task("discord:1100000000000000003", "webhook:" + url, "console:");
    String webhookShown = "webhook:" + app.hook().url().replace("/hook", "") + "/…";

    JarProcess.Result run = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "run-now", id);
    assertThat(run.exit()).as("the Discord delivery failed: " + run.err()).isEqualTo(1);
    assertThat(run.out()).contains("  discord:1100000000000000003: FAILED (no Discord connection: the environment"
        + " variable SUMMARY_SCHEDULER_TEST_TOKEN_NOBODY_SETS (discord.token-env) is not set")
        .contains("  " + webhookShown + ": DELIVERED");

    String show = cli("tasks", "show", id).out();
    assertThat(show).contains("destinations:\n  discord:1100000000000000003 (embed)\n  " + webhookShown
        + " (json)\n  console: (markdown)\n");
    JsonNode shown = Json.MAPPER.readTree(cli("tasks", "show", id, "--json").out());
    assertThat(shown.get("destinations")).extracting(d -> d.get("destination").asText())
        .containsExactly("discord:1100000000000000003", webhookShown, "console:");
    String history = cli("tasks", "history", id).out();
    // The table cuts a cell at 40 characters; the whole deliveries text is in --json, below.
    assertThat(history).contains("discord:1100000000000000003 FAILED, web…");
    JsonNode records = Json.MAPPER.readTree(cli("tasks", "history", id, "--json").out());
    assertThat(records.get(0).get("deliveries")).extracting(d -> d.get("destination").asText())
        .contains("discord:1100000000000000003", webhookShown);

    String everything = run.out() + run.err() + show + shown + history + records + cli("tasks", "list", "--json").out()
        + cli("status").out();
    assertThat(everything).doesNotContain("discord_channel").doesNotContain("TOKEN-IN-THE-PATH")
        .doesNotContain("not wired");
  }
}

package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tasks backfill} and {@code tasks pause --note} on the real jar, against a loopback webhook receiver that
 * counts what is sent, alone and beside a daemon on the same store.
 */
class BackfillProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;
  @RegisterExtension final AppFixture app = AppFixture.withHookReceiver(() -> dir, WAIT);

  /** A daily 03:00 UTC task whose one webhook goes to the receiver; returns its id. */
  private String task() throws Exception {
    app.configure(AppFixture.loopbackWebhookConfig(null));
    return app.add("--name", "hook", "--guild", AppFixture.GUILD, "--channel", AppFixture.CHANNEL, "--schedule",
        "daily 03:00", "--zone", "UTC", "--min-messages", "0", "--to", app.hookTarget());
  }

  private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

  /** {@code tasks backfill ID} over the three days before today (fires at 03:00 of each). */
  private JarProcess.Result backfill(String id, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--config", "app.yaml", "tasks", "backfill", id,
        "--from", TODAY.minusDays(3).toString(), "--to", TODAY.toString()));
    args.addAll(List.of(extra));
    return JarProcess.run(dir, WAIT, args.toArray(String[]::new));
  }

  private JsonNode history(String id) throws Exception {
    return app.history(id);
  }

  private static String fire(int daysAgo) {
    return TODAY.minusDays(daysAgo) + "T03:00:00+00:00";
  }

  @Test
  void backfill_beside_a_running_daemon_runs_each_past_fire_once_oldest_first_with_its_own_window() throws Exception {
    String id = task();
    try (JarProcess daemon = JarProcess.start(dir, "--config", "app.yaml", "run")) {
      JarProcess.Result r = backfill(id);
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).contains("3 fire(s), 3 to run")
          .containsSubsequence(fire(3) + "  SUCCEEDED", fire(2) + "  SUCCEEDED", fire(1) + "  SUCCEEDED")
          .contains("window " + fire(2) + " to " + fire(1))
          .contains("ran 3 fire(s), 0 failed; 0 already done");
      daemon.terminate();
      daemon.await(WAIT);
    }
    assertThat(app.hook().requests()).as("one delivery per fire, whichever process ran it").isEqualTo(3);
    Set<String> webhookIds = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      webhookIds.add(app.hook().next(WAIT).id());
    }
    assertThat(webhookIds).hasSize(3);
    JsonNode h = history(id);
    assertThat(h).hasSize(3);
    for (JsonNode r : h) {
      assertThat(r.get("outcome").asText()).isEqualTo("SUCCEEDED");
      assertThat(Duration.between(java.time.Instant.parse(r.at("/window/from").asText()),
          java.time.Instant.parse(r.at("/window/to").asText()))).as("the fire's own window").isEqualTo(Duration.ofDays(1));
    }
  }

  @Test
  void a_second_backfill_of_the_same_range_sends_nothing_new() throws Exception {
    String id = task();
    JarProcess.Result first = backfill(id, "--json");
    assertThat(first.exit()).as(first.err()).isZero();
    JsonNode one = Json.MAPPER.readTree(first.out());
    assertThat(one.get("ran").asInt()).isEqualTo(3);
    assertThat(one.at("/fires/0/fire").asText()).isEqualTo(fire(3));
    assertThat(one.at("/fires/0/outcome").asText()).isEqualTo("SUCCEEDED");

    JarProcess.Result second = backfill(id, "--json");
    assertThat(second.exit()).as(second.err()).isZero();
    JsonNode two = Json.MAPPER.readTree(second.out());
    assertThat(two.get("ran").asInt()).isZero();
    assertThat(two.get("alreadyDone").asInt()).isEqualTo(3);
    assertThat(two.at("/fires/2/done").asText()).startsWith("already SUCCEEDED");
    assertThat(app.hook().requests()).isEqualTo(3);
    assertThat(history(id)).hasSize(3);
  }

  @Test
  void max_runs_the_oldest_fires_and_says_how_to_go_on() throws Exception {
    String id = task();
    JarProcess.Result r = backfill(id, "--max", "2");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains(fire(3) + "  SUCCEEDED").contains(fire(2) + "  SUCCEEDED")
        .doesNotContain(fire(1)).contains("stopped at --max 2; run again for the rest");
    assertThat(app.hook().requests()).isEqualTo(2);
  }

  @Test
  void bad_backfill_input_exits_2_naming_the_option_and_sends_nothing() throws Exception {
    String id = task();
    JarProcess.Result future = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "backfill", id,
        "--from", TODAY.minusDays(1).toString(), "--to", TODAY.plusDays(2).toString());
    assertThat(future.exit()).isEqualTo(2);
    assertThat(future.err()).contains("--to: ").contains("is in the future");
    JarProcess.Result garbage = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "backfill", id,
        "--from", "last tuesday", "--to", TODAY.toString(), "--max", "5");
    assertThat(garbage.exit()).isEqualTo(2);
    assertThat(garbage.err()).contains("--from: 'last tuesday' is not an ISO-8601 date-time");
    JarProcess.Result max = backfill(id, "--max", "0");
    assertThat(max.exit()).isEqualTo(2);
    assertThat(max.err()).contains("--max: 0 is outside 1-1000");
    assertThat(app.hook().requests()).isZero();
  }

  @Test
  void a_pause_note_shows_in_list_show_and_status_until_resume() throws Exception {
    String id = task();
    JarProcess.Result paused = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "pause", id,
        "--note", "holiday until Monday");
    assertThat(paused.exit()).as(paused.err()).isZero();
    assertThat(paused.out()).contains("paused task " + id + " (hook): holiday until Monday");
    assertThat(JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "list").out())
        .contains("PAUSED: holiday until Monday");
    assertThat(JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "show", id).out())
        .contains("PAUSED (holiday until Monday)");
    assertThat(JarProcess.run(dir, WAIT, "--config", "app.yaml", "status").out())
        .contains("paused:    " + id + " (holiday until Monday)");
    JsonNode shown = Json.MAPPER.readTree(JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "show", id,
        "--json").out());
    assertThat(shown.get("statusReason").asText()).isEqualTo("holiday until Monday");

    JarProcess.Result bad = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "pause", id, "--note", " ");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--note: is blank");

    assertThat(JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "resume", id).exit()).isZero();
    assertThat(JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "show", id).out())
        .doesNotContain("holiday until Monday");
  }
}

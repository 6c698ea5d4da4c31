package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tasks run-now}, {@code resume} and {@code pause} on the real jar, beside a daemon and against a loopback
 * webhook receiver that can hold a request (an execution in flight) or answer 503 (a retry).
 */
class RunNowProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  @RegisterExtension final AppFixture app = AppFixture.withHookReceiver(() -> dir, WAIT);

  /** A task whose one webhook goes to the receiver; returns its id. */
  private String task(String schedule, String... extra) throws Exception {
    app.configure(AppFixture.loopbackWebhookConfig("55s"));
    List<String> args = new ArrayList<>(List.of("--name", "hook", "--guild", AppFixture.GUILD, "--channel",
        AppFixture.CHANNEL, "--schedule", schedule, "--zone", "UTC", "--lookback", "1000d", "--min-messages", "0",
        "--to", app.hookTarget()));
    args.addAll(List.of(extra));
    return app.add(args.toArray(String[]::new));
  }

  private static String inSeconds(int s) {
    return "once " + LocalDateTime.now(ZoneOffset.UTC).plusSeconds(s)
        .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"));
  }

  @Test
  void run_now_while_the_daemon_runs_the_task_waits_and_summarises_from_where_that_run_ended() throws Exception {
    app.hook().holdingFirst();
    String id = task(inSeconds(8));
    try (JarProcess daemon = JarProcess.start(dir, "--config", "app.yaml", "run")) {
      assertThat(app.hook().next(WAIT)).as(daemon.stderr()).isNotNull();
      try (JarProcess runNow = JarProcess.start(dir, "--config", "app.yaml", "tasks", "run-now", id)) {
        runNow.awaitStderr("is running elsewhere; waiting up to 1m for it to finish (--wait)", WAIT);
        app.hook().releaseFirst();
        JarProcess.Result r = runNow.await(WAIT);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("SUCCEEDED after 1 attempt(s)");
      }
      daemon.terminate();
      daemon.await(WAIT);
    }
    JsonNode history = history(id);
    assertThat(history).hasSize(2);
    JsonNode asked = history.get(0);
    JsonNode scheduled = history.get(1);
    assertThat(asked.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(scheduled.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(asked.at("/window/from").asText()).as("no message summarised twice")
        .isEqualTo(scheduled.at("/window/to").asText());
    assertThat(app.hook().requests()).isEqualTo(2);
  }

  @Test
  void run_now_waits_for_a_running_execution_at_most_its_wait_and_exits_1_saying_why() throws Exception {
    app.hook().holdingFirst();
    String id = task(inSeconds(8));
    try (JarProcess daemon = JarProcess.start(dir, "--config", "app.yaml", "run")) {
      assertThat(app.hook().next(WAIT)).as(daemon.stderr()).isNotNull();
      JarProcess.Result r = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "run-now", id, "--wait", "2s");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("was still running elsewhere after 2s (--wait)");
      app.hook().releaseFirst();
      daemon.terminate();
      daemon.await(WAIT);
    }
  }

  @Test
  void run_now_waiting_for_its_retry_ends_with_exit_1_when_another_shell_pauses_the_task() throws Exception {
    app.hook().failingFirst();
    String id = task("daily 03:00", "--retry-delay", "30s");
    try (JarProcess runNow = JarProcess.start(dir, "--config", "app.yaml", "tasks", "run-now", id)) {
      runNow.awaitStderr("attempt 2 at", WAIT);
      JarProcess.Result paused = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "pause", id);
      assertThat(paused.exit()).as(paused.err()).isZero();
      JarProcess.Result r = runNow.await(WAIT);
      assertThat(r.exit()).as(r.out() + r.err() + paused.out()).isEqualTo(1);
      assertThat(r.err()).contains("is paused now").contains("waits until the task is resumed");
    }
  }

  @Test
  void run_now_on_a_task_with_overdue_fires_runs_one_execution_and_records_them_as_coalesced() throws Exception {
    String id = task("every 1s");
    Instant created = Instant.now();
    // The subject is fires falling due while no daemon runs: real time has to pass.
    while (Duration.between(created, Instant.now()).toMillis() < 3_500) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    JarProcess.Result r = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "run-now", id);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("overdue fire(s) covered by this run, not run again");

    JsonNode history = history(id);
    assertThat(history).as(history.toString()).hasSize(2);
    assertThat(history.get(0).get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(history.get(1).get("outcome").asText()).isEqualTo("MISSED");
    assertThat(history.get(1).get("missedCount").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(app.hook().requests()).as("one summary").isEqualTo(1);
  }

  @Test
  void resume_of_an_active_task_says_there_is_nothing_to_do_and_a_completed_task_is_not_paused() throws Exception {
    String id = task("daily 03:00");
    JarProcess.Result resumed = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "resume", id);
    assertThat(resumed.exit()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("is already active; nothing to do");

    Instant fire = Instant.now().plusSeconds(4);
    String once = task(inSeconds(4));
    while (!Instant.now().isAfter(fire.plusMillis(500))) {
      TimeUnit.MILLISECONDS.sleep(100); // the one-shot's fire has to pass
    }
    // The run asked for covers the overdue one-shot fire: the task has no fire left and completes.
    JarProcess.Result ran = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "run-now", once);
    assertThat(ran.exit()).as(ran.err()).isZero();
    JarProcess.Result show = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "show", once, "--json");
    assertThat(Json.MAPPER.readTree(show.out()).get("status").asText()).isEqualTo("COMPLETED");

    JarProcess.Result pause = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "pause", once);
    assertThat(pause.exit()).isEqualTo(1);
    assertThat(pause.err()).contains("has completed").contains("tasks update --schedule");
    JarProcess.Result resume = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "resume", once);
    assertThat(resume.exit()).isEqualTo(1);
    JarProcess.Result update = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "update", once,
        "--schedule", "daily 10:00", "--json");
    assertThat(update.exit()).as(update.err()).isZero();
    assertThat(Json.MAPPER.readTree(update.out()).get("status").asText()).isEqualTo("ACTIVE");
  }

  private JsonNode history(String id) throws Exception {
    return app.history(id);
  }

}

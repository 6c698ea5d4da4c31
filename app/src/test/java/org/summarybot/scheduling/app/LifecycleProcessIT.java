package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the long-running commands start and stop on the real jar: exit codes after SIGTERM and Ctrl-C, and the
 * demo's own directory. A loopback webhook receiver holds its first request, so an execution is in flight.
 */
class LifecycleProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private HttpServer server;
  private final Semaphore firstArrived = new Semaphore(0);
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch releaseFirst = new CountDownLatch(1);

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    server.createContext("/hook", ex -> {
      ex.getRequestBody().readAllBytes();
      if (requests.incrementAndGet() == 1) {
        firstArrived.release();
        try {
          releaseFirst.await(50, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      try {
        ex.sendResponseHeaders(200, -1);
      } catch (IOException gone) {
        // the sender went away while we held the request
      }
      ex.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stopServer() {
    releaseFirst.countDown();
    server.stop(0);
  }

  /** A config draining for {@code drain} and a task firing every second to the receiver; returns its id. */
  private String task(String drain) throws Exception {
    Files.writeString(dir.resolve("app.yaml"), """
        store: file:store
        poll-interval: 500ms
        lease: 10s
        drain-timeout: %s
        webhook:
          allow: [127.0.0.1]
          allow-http: true
          timeout: 55s
        """.formatted(drain));
    Path exports = Files.createDirectories(dir.resolve("exports"));
    JarProcess.copySampleExport(exports.resolve("dev.json"));
    JarProcess.Result add = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "add", "--name", "hook",
        "--guild", "1100000000000000001", "--channel", "1100000000000000002", "--schedule", "every 1s",
        "--min-messages", "0", "--to", "webhook:http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
        "--json");
    assertThat(add.exit()).as(add.err()).isZero();
    return Json.MAPPER.readTree(add.out()).get("id").asText();
  }

  @Test
  void run_exits_0_after_sigterm_once_the_execution_in_flight_has_finished() throws Exception {
    String id = task("30s");

    try (JarProcess daemon = JarProcess.start(dir, "--config", "app.yaml", "run")) {
      assertThat(firstArrived.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS)).as(daemon.stderr()).isTrue();
      daemon.terminate();
      daemon.awaitStderr("stopping: draining running executions for up to 30s", WAIT);
      releaseFirst.countDown();

      JarProcess.Result stopped = daemon.await(WAIT);
      assertThat(stopped.exit()).as(stopped.err()).isZero();
      assertThat(stopped.err()).contains("INFO  RunCommand - stopped\n").doesNotContain("handed back");
    }
    JsonNode history = Json.MAPPER.readTree(JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "history", id,
        "--json").out());
    assertThat(history.get(history.size() - 1).get("outcome").asText()).as("the drained execution").isEqualTo("SUCCEEDED");
  }

  @Test
  void run_exits_1_when_the_drain_timeout_cuts_an_execution_off() throws Exception {
    task("1s");

    try (JarProcess daemon = JarProcess.start(dir, "--config", "app.yaml", "run")) {
      assertThat(firstArrived.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS)).as(daemon.stderr()).isTrue();
      daemon.terminate();

      JarProcess.Result stopped = daemon.await(WAIT);
      assertThat(stopped.exit()).as(stopped.err()).isEqualTo(1);
      assertThat(stopped.err()).contains("stopped; unfinished executions were handed back to the store");
    }
  }

  @Test
  void demo_exits_0_on_ctrl_c() throws Exception {
    try (JarProcess demo = JarProcess.start(dir, "demo")) {
      demo.awaitLine("summary written to ", WAIT);
      demo.interrupt();

      JarProcess.Result stopped = demo.await(WAIT);
      assertThat(stopped.exit()).as(stopped.err()).isZero();
    }
  }

  /** Adds a task firing every second to the default store ({@code ./data}, no config); returns its id. */
  private String usersTask(String... config) throws Exception {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(config));
    args.addAll(java.util.List.of("tasks", "add", "--name", "mine", "--guild", "1100000000000000001", "--channel",
        "1100000000000000002", "--schedule", "every 1s", "--to", "file:mine", "--json"));
    JarProcess.Result add = JarProcess.run(dir, WAIT, args.toArray(String[]::new));
    assertThat(add.exit()).as(add.err()).isZero();
    return Json.MAPPER.readTree(add.out()).get("id").asText();
  }

  @Test
  void demo_keeps_to_a_directory_of_its_own_and_leaves_the_default_store_alone() throws Exception {
    String mine = usersTask();
    String before = Files.readString(dir.resolve("data/tasks/" + mine + ".json"));

    JarProcess.Result demo = JarProcess.run(dir, WAIT, "demo", "--exit-after", "1");

    assertThat(demo.exit()).as(demo.err()).isZero();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("summary written to (\\S+)").matcher(demo.out());
    assertThat(m.find()).as(demo.out()).isTrue();
    assertThat(dir.resolve(m.group(1))).exists().hasParent(dir.resolve("summary-demo/summaries"));
    assertThat(Files.readString(dir.resolve("data/tasks/" + mine + ".json"))).isEqualTo(before);
    assertThat(JarProcess.run(dir, WAIT, "tasks", "history", mine).out()).isEqualTo("no executions yet\n");
  }

  @Test
  void demo_refuses_a_directory_it_did_not_make_or_that_holds_a_task_it_did_not_create() throws Exception {
    String mine = usersTask();
    String before = Files.readString(dir.resolve("data/tasks/" + mine + ".json"));

    JarProcess.Result refused = JarProcess.run(dir, WAIT, "demo", "--data", "data", "--exit-after", "1");

    assertThat(refused.exit()).as(refused.err()).isEqualTo(2);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err()).startsWith("error: --data: data is not the demo's directory");
    assertThat(Files.readString(dir.resolve("data/tasks/" + mine + ".json"))).isEqualTo(before);
    assertThat(dir.resolve("data/summaries")).doesNotExist();
    assertThat(dir.resolve("data/demo-export")).doesNotExist();

    // A demo directory someone then pointed a config at: the demo finds a task it did not create there.
    assertThat(JarProcess.run(dir, WAIT, "demo", "--data", "mine-too", "--exit-after", "1").exit()).isZero();
    Files.writeString(dir.resolve("mine-too.yaml"), "store: file:mine-too\n");
    String theirs = usersTask("--config", "mine-too.yaml");

    JarProcess.Result again = JarProcess.run(dir, WAIT, "demo", "--data", "mine-too", "--exit-after", "1");

    assertThat(again.exit()).as(again.err()).isEqualTo(2);
    assertThat(again.err()).startsWith("error: --data: mine-too holds 1 task(s) the demo did not create (" + theirs);
    assertThat(JarProcess.run(dir, WAIT, "--config", "mine-too.yaml", "tasks", "history", theirs).out())
        .isEqualTo("no executions yet\n");
  }
}

package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store reports on the real jar: a quarantined file is a warning, not a store that is down. */
class StoreHealthProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void a_stray_file_in_tasks_is_a_warning_health_stays_up_and_tasks_quarantine_says_why() throws Exception {
    Files.writeString(dir.resolve("app.yaml"), "store: file:store\npoll-interval: 500ms\nlease: 10s\n");
    JarProcess.Result add = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "add", "--name", "dev",
        "--guild", "1100000000000000001", "--channel", "1100000000000000002", "--schedule", "daily 09:00",
        "--to", "console:");
    assertThat(add.exit()).as(add.err()).isZero();
    Files.writeString(dir.resolve("store/tasks/notes.txt"), "remember the milk\n");

    try (JarProcess daemon = JarProcess.start(dir, "--config", "app.yaml", "run", "--http", "127.0.0.1:0")) {
      int port = daemon.awaitHttpPort(WAIT);
      HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      JsonNode body = Json.MAPPER.readTree(health.body());
      assertThat(body.get("status").asText()).isEqualTo("UP");
      assertThat(body.get("storeProblems")).isEmpty();
      assertThat(body.get("storeWarnings")).extracting(JsonNode::asText).containsExactly("quarantine/notes.txt is quarantined: not a task file (task files are tasks/<id>.json)");
      daemon.terminate();
      daemon.await(WAIT);
    }

    JarProcess.Result status = JarProcess.run(dir, WAIT, "--config", "app.yaml", "status");
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("store health: ok, 1 warning(s)\n"
        + "  warning: quarantine/notes.txt is quarantined: not a task file");
    JsonNode statusJson = Json.MAPPER.readTree(JarProcess.run(dir, WAIT, "--config", "app.yaml", "status", "--json")
        .out());
    assertThat(statusJson.get("storeProblems")).isEmpty();
    assertThat(statusJson.get("storeWarnings")).hasSize(1);

    JarProcess.Result quarantine = JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "quarantine");
    assertThat(quarantine.exit()).as(quarantine.err()).isZero();
    assertThat(quarantine.out()).startsWith("quarantine/notes.txt (was tasks/notes.txt): not a task file"
        + " (task files are tasks/<id>.json)\n");
    JsonNode listed = Json.MAPPER.readTree(JarProcess.run(dir, WAIT, "--config", "app.yaml", "tasks", "quarantine",
        "--json").out());
    assertThat(listed).singleElement().satisfies(q -> {
      assertThat(q.get("file").asText()).isEqualTo("quarantine/notes.txt");
      assertThat(q.get("from").asText()).isEqualTo("tasks/notes.txt");
      assertThat(q.get("reason").asText()).startsWith("not a task file");
    });
    assertThat(Files.readString(dir.resolve("store/quarantine/notes.txt"))).isEqualTo("remember the milk\n");
  }
}

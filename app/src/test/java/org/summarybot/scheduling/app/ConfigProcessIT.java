package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration on the real jar: what a store URL shows, and where relative paths in a config file lead. */
class ConfigProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void a_password_in_the_store_url_is_masked_by_status_and_by_the_start_up_line_of_run() throws Exception {
    Path db = dir.resolve("db").resolve("tasks").toAbsolutePath();
    Files.writeString(dir.resolve("app.yaml"), "store: jdbc:h2:file:" + db + ";USER=sa;PASSWORD=hunter2\n");

    JarProcess.Result status = JarProcess.run(dir, WAIT, "--config", "app.yaml", "status");
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("store:     jdbc:h2:file:" + db + ";USER=sa;PASSWORD=***");
    assertThat(status.out() + status.err()).doesNotContain("hunter2");

    try (JarProcess daemon = JarProcess.start(dir, "--config", "app.yaml", "run")) {
      String started = daemon.awaitStderr("running: node ", WAIT);
      assertThat(started).contains("PASSWORD=***");
      daemon.terminate();
      JarProcess.Result stopped = daemon.await(WAIT);
      assertThat(stopped.out() + stopped.err()).doesNotContain("hunter2");
    }
  }

  @Test
  void relative_paths_of_a_config_file_lead_beside_it_from_any_directory_and_file_destinations_stay_where_typed()
      throws Exception {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Path exports = Files.createDirectories(conf.resolve("exports"));
    JarProcess.copySampleExport(exports.resolve("dev.json"));
    Files.writeString(conf.resolve("app.yaml"), "store: file:data\nmessages:\n  export-dir: exports\n");
    Path work = Files.createDirectories(dir.resolve("work"));
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

    JarProcess.Result add = JarProcess.run(work, WAIT, "--config", "../conf/app.yaml", "tasks", "add", "--name", "dev",
        "--guild", "1100000000000000001", "--channel", "1100000000000000002", "--schedule", "daily 09:00",
        "--lookback", "1000d", "--to", "file:out", "--json");
    assertThat(add.exit()).as(add.err()).isZero();
    assertThat(add.err()).contains("creating a new task store in " + conf.toRealPath().resolve("data"));
    String id = Json.MAPPER.readTree(add.out()).get("id").asText();
    assertThat(Json.MAPPER.readTree(add.out()).get("destinations").get(0).get("target").asText())
        .as("made absolute where it was typed").isEqualTo(work.toRealPath().resolve("out").toString());

    JarProcess.Result list = JarProcess.run(elsewhere, WAIT, "--config", "../conf/app.yaml", "tasks", "list", "--json");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(Json.MAPPER.readTree(list.out())).extracting(t -> t.get("id").asText()).containsExactly(id);
    assertThat(list.err()).doesNotContain("creating a new task store");
    assertThat(elsewhere.resolve("data")).doesNotExist();

    JarProcess.Result run = JarProcess.run(elsewhere, WAIT, "--config", "../conf/app.yaml", "tasks", "run-now", id);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).as("the exports beside the config were read").contains("SUCCEEDED after 1 attempt(s), 23 messages");
    try (var files = Files.list(work.resolve("out"))) {
      assertThat(files).singleElement().asString().endsWith(".md");
    }
  }
}

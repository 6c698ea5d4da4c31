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
}

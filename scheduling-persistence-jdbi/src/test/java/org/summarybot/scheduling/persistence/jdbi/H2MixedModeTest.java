package org.summarybot.scheduling.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.testkit.TaskFixtures.summaryTask;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.model.TaskId;

/**
 * H2's automatic mixed mode across processes: while this JVM (the daemon) has the database file open, a second
 * JVM (a CLI command) opens the same URL, reads what the daemon wrote and writes what the daemon then reads.
 */
class H2MixedModeTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @TempDir
  Path dir;

  @Test
  void a_second_process_uses_the_database_while_the_daemon_has_it_open() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("tasks").toAbsolutePath();
    try (JdbiTaskStore daemon = JdbiTaskStore.builder().url(url).user("sa").build()) {
      daemon.create(summaryTask("from-daemon", T0).build());

      Result cli = runCli(url);

      assertThat(cli.exit).as("CLI process output: %s", cli.output).isZero();
      assertThat(cli.output).contains("saw from-daemon");
      assertThat(daemon.get(TaskId.of("from-cli"))).isPresent();
    }
  }

  @Test
  void without_mixed_mode_the_second_process_is_refused_with_a_clear_error() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("tasks").toAbsolutePath() + ";AUTO_SERVER=FALSE";
    try (JdbiTaskStore daemon = JdbiTaskStore.builder().url(url).user("sa").build()) {
      Result cli = runCli(url);

      assertThat(cli.exit).isNotZero();
      assertThat(cli.output).contains("cannot open the task database at " + url);
      assertThat(daemon.list(org.summarybot.scheduling.port.TaskQuery.all())).isEmpty();
    }
  }

  private record Result(int exit, String output) {}

  private static Result runCli(String url) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), H2Cli.class.getName(), url)
        .redirectErrorStream(true).start();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    assertThat(done).as("CLI process finished within 60 s").isTrue();
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** The "CLI command": opens the store, reports a task the daemon made, creates one, exits. */
  static final class H2Cli {
    private H2Cli() {}

    public static void main(String[] args) {
      try (JdbiTaskStore store = JdbiTaskStore.builder().url(args[0]).user("sa").build()) {
        store.get(TaskId.of("from-daemon")).ifPresent(t -> System.out.println("saw " + t.id()));
        store.create(summaryTask("from-cli", T0).build());
      } catch (RuntimeException e) {
        System.out.println(e.getMessage());
        System.exit(2);
      }
    }
  }
}

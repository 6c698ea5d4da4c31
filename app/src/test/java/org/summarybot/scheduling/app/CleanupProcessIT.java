package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cleanup tasks on the real jar: one guild's and an operator task spanning every guild, pruning history, the
 * delivery log and the summary files that {@code file:} destinations wrote, each run recording what it removed.
 */
class CleanupProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String GUILD = "1100000000000000001";
  private static final String OTHER_GUILD = "1200000000000000001";
  private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

  @TempDir Path dir;
  @RegisterExtension final AppFixture app = AppFixture.in(() -> dir, WAIT);

  @BeforeEach
  void config() throws Exception {
    app.configure("""
        store: file:store
        messages:
          source: export
          export-dir: exports
        """);
  }

  private JarProcess.Result jar(String... args) throws Exception {
    String[] all = Stream.concat(Stream.of("--config", "app.yaml"), Stream.of(args)).toArray(String[]::new);
    return JarProcess.run(dir, WAIT, all);
  }

  private String add(String... args) throws Exception {
    return app.add(args);
  }

  /** A daily digest of one guild writing its summaries to {@code files}, backfilled for {@code days} past days. */
  private String digest(String guild, String files, int days) throws Exception {
    String id = add("--name", "digest", "--guild", guild, "--channel", "1100000000000000002", "--schedule",
        "daily 03:00", "--zone", "UTC", "--min-messages", "0", "--to", "file:" + files);
    JarProcess.Result r = jar("tasks", "backfill", id, "--from", TODAY.minusDays(days).toString(), "--to",
        TODAY.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    return id;
  }

  private JsonNode history(String id) throws Exception {
    return app.history(id);
  }

  private List<String> files(String sub) throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve(sub))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void a_guild_cleanup_then_an_operator_cleanup_prune_history_deliveries_and_summary_files() throws Exception {
    String mine = digest(GUILD, "summaries", 3);
    String theirs = digest(OTHER_GUILD, "other", 1);
    Files.writeString(dir.resolve("summaries").resolve("notes.txt"), "not a summary");
    assertThat(files("summaries")).hasSize(4);

    String cleanup = add("--name", "prune guild", "--kind", "cleanup", "--retention", "1ms", "--guild", GUILD,
        "--schedule", "daily 04:00");
    JarProcess.Result run = jar("tasks", "run-now", cleanup);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("SUCCEEDED")
        .contains("removed 3 history record(s), 3 delivery-log entries, 3 summary file(s)");
    assertThat(history(cleanup).get(0).get("removed").toString())
        .isEqualTo("{\"history\":3,\"deliveries\":3,\"files\":3}");
    assertThat(jar("tasks", "history", mine).out()).contains("no executions yet");
    assertThat(files("summaries")).containsExactly("notes.txt");
    assertThat(history(theirs)).hasSize(1);
    assertThat(files("other")).hasSize(1);

    String operator = add("--name", "prune all", "--kind", "cleanup", "--retention", "1ms", "--schedule",
        "daily 04:00");
    assertThat(jar("tasks", "show", operator).out()).contains("guild:       every guild (an operator task)")
        .contains("cleanup:     prunes history, delivery logs and file: summaries older than 1ms");
    assertThat(jar("tasks", "list", "--guild", GUILD).out()).doesNotContain(operator);
    JarProcess.Result all = jar("tasks", "run-now", operator);
    assertThat(all.exit()).as(all.err()).isZero();
    assertThat(all.out()).contains("removed 2 history record(s), 1 delivery-log entry, 1 summary file(s)");
    assertThat(history(theirs)).isEmpty();
    assertThat(files("other")).isEmpty();
    assertThat(jar("tasks", "history", operator).out()).contains("removed 2 history record(s)");
  }

  @Test
  void cleanup_flags_that_do_not_fit_exit_2_naming_each() throws Exception {
    JarProcess.Result noRetention = jar("tasks", "add", "--name", "p", "--kind", "cleanup", "--schedule", "daily 04:00");
    assertThat(noRetention.exit()).isEqualTo(2);
    assertThat(noRetention.err()).contains("--retention: is required for a cleanup task");
    JarProcess.Result withChannel = jar("tasks", "add", "--name", "p", "--kind", "cleanup", "--retention", "90d",
        "--channel", "1100000000000000002", "--to", "console:", "--schedule", "daily 04:00");
    assertThat(withChannel.exit()).isEqualTo(2);
    assertThat(withChannel.err()).contains("--channel: a cleanup task reads no channel")
        .contains("--to: a cleanup task delivers nothing");
    JarProcess.Result summaryRetention = jar("tasks", "add", "--name", "d", "--guild", GUILD, "--channel",
        "1100000000000000002", "--to", "console:", "--schedule", "daily 04:00", "--retention", "90d");
    assertThat(summaryRetention.exit()).isEqualTo(2);
    assertThat(summaryRetention.err()).contains("--retention: only a cleanup task (--kind cleanup) has one");
    JarProcess.Result badKind = jar("tasks", "add", "--name", "p", "--kind", "vacuum", "--retention", "90d",
        "--schedule", "daily 04:00");
    assertThat(badKind.exit()).isEqualTo(2);
    assertThat(badKind.err()).contains("--kind: 'vacuum' is not one of summary, cleanup");
    assertThat(jar("tasks", "list").out()).contains("no tasks");
  }
}

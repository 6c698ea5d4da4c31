package org.summarybot.scheduling.persistence.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.json.ExportDocument;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.TaskQuery;

/**
 * A store and an export written by release 0.1.0 ({@code src/test/resources/store-0.1.0.md}) open and import with
 * this code without losing anything: tasks, history, leases and their fencing tokens, the delivery log, the prune
 * cutoff and the quarantine.
 */
class Release010StoreTest {
  @TempDir
  Path tmp;

  private Path copyOfStore() throws IOException, URISyntaxException {
    Path from = Path.of(Release010StoreTest.class.getResource("/store-0.1.0").toURI());
    Path to = tmp.resolve("store");
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.sorted().toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }

  private static String export010() throws IOException, URISyntaxException {
    return Files.readString(Path.of(Release010StoreTest.class.getResource("/export-0.1.0.json").toURI()), UTF_8);
  }

  private static List<ScheduledTask> withoutVersions(List<ScheduledTask> tasks) {
    return tasks.stream().map(t -> t.toBuilder().version(0).build())
        .sorted(Comparator.comparing(ScheduledTask::id)).toList();
  }

  @Test
  void a_store_of_release_0_1_0_opens_with_every_task_as_it_exported_them() throws Exception {
    try (FileTaskStore store = FileTaskStore.builder(copyOfStore()).fsync(false).open()) {
      List<ScheduledTask> tasks = store.list(TaskQuery.all());
      assertThat(tasks).hasSize(13);
      assertThat(withoutVersions(tasks)).isEqualTo(ExportDocument.read(export010()));
      assertThat(store.exportTasks(Optional.empty())).isEqualTo(export010());
      ScheduledTask rich = store.get(TaskId.of("rich")).orElseThrow();
      assertThat(rich.status()).isEqualTo(TaskStatus.DISABLED);
      assertThat(rich.pending().orElseThrow().summary().orElseThrow().participants())
          .containsExactly("alice", "b\u00f6b", "c, d");
      assertThat(store.get(TaskId.of("once")).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(store.get(TaskId.of("paused")).orElseThrow().status()).isEqualTo(TaskStatus.PAUSED);
      assertThat(store.get(TaskId.of("daily")).orElseThrow().version()).isEqualTo(4);
    }
  }

  @Test
  void its_history_delivery_log_leases_and_quarantine_are_all_there() throws Exception {
    Instant due2 = Instant.parse("2026-03-03T09:00:00Z");
    try (FileTaskStore store = FileTaskStore.builder(copyOfStore()).fsync(false).open()) {
      List<ExecutionRecord> history = store.history(TaskId.of("daily"), 10);
      assertThat(history).extracting(ExecutionRecord::outcome)
          .containsExactly(ExecutionOutcome.FAILED, ExecutionOutcome.SUCCEEDED, ExecutionOutcome.MISSED);
      assertThat(history.get(0).deliveries()).hasSize(2);
      assertThat(history.get(0).deliveries().get(1).error()).contains("HTTP 503 after 3 attempts");
      assertThat(history.get(2).missedCount()).isEqualTo(3);
      assertThat(store.isDelivered("manual-key")).isTrue();
      assertThat(store.isDelivered(history.get(1).id().value() + "|discord_channel:3001")).isTrue();

      // Leases of the current epoch live on with their holders; daily's ended with its completion.
      Map<TaskId, String> holders = store.leaseHolders(due2.plusSeconds(60));
      assertThat(holders).containsEntry(TaskId.of("cron5"), "node-a").doesNotContainKey(TaskId.of("daily"));
      // Fencing tokens go on from the last one handed out (21).
      List<Claim> claims = store.claimDue(due2.plus(Duration.ofDays(30)), 1, "node-c", Duration.ofMinutes(1));
      assertThat(claims).hasSize(1);
      assertThat(claims.get(0).fencingToken()).isEqualTo(22);

      assertThat(store.quarantined()).singleElement().satisfies(q -> {
        assertThat(q.file()).isEqualTo("quarantine/broken.json");
        assertThat(q.from()).contains("tasks/broken.json");
        assertThat(q.reason()).contains("not valid JSON");
      });
      assertThat(store.health().warnings()).hasSize(1);
      assertThat(store.health().problems()).isEmpty();
    }
  }

  @Test
  void a_task_of_release_0_1_0_saved_again_reads_back_the_same() throws Exception {
    Path dir = copyOfStore();
    try (FileTaskStore store = FileTaskStore.builder(dir).fsync(false).open()) {
      ScheduledTask rich = store.get(TaskId.of("rich")).orElseThrow();
      store.update(rich);
    }
    try (FileTaskStore store = FileTaskStore.builder(dir).fsync(false).open()) {
      assertThat(store.exportTasks(Optional.empty())).isEqualTo(export010());
    }
  }

  @Test
  void an_export_of_release_0_1_0_imports_whole_and_exports_the_same_document() throws Exception {
    try (FileTaskStore store = FileTaskStore.builder(tmp.resolve("fresh")).fsync(false).open()) {
      assertThat(store.importTasks(export010(), false).created()).hasSize(13);
      assertThat(store.exportTasks(Optional.empty())).isEqualTo(export010());
    }
  }
}

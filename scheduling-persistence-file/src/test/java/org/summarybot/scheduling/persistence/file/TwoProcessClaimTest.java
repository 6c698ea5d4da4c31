package org.summarybot.scheduling.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.testkit.TaskFixtures.dueTask;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.StoreHealth;

/** Two daemons on one directory never run the same (task, fire time). */
class TwoProcessClaimTest {
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static final int TASKS = 50;
  private static final long RUN_MILLIS = 4_000;

  @TempDir
  Path tmp;

  @Test
  @Timeout(90)
  void two_processes_claiming_from_one_directory_never_claim_the_same_fire() throws Exception {
    Path dir = tmp.resolve("store");
    try (FileTaskStore store = FileTaskStore.open(dir)) {
      for (int i = 0; i < TASKS; i++) {
        // Each task has a thousand past fires, so there is always work for both.
        store.create(dueTask(String.format("t%03d", i), NOW.minus(Duration.ofDays(60)),
            NOW.minus(Duration.ofHours(1000))));
      }
    }
    List<Process> children = new ArrayList<>();
    List<BufferedReader> readers = new ArrayList<>();
    for (String node : List.of("daemon-a", "daemon-b")) {
      Process p = ChildProcesses.start(ClaimChild.class, tmp.resolve(node + ".err"), dir.toString(), node,
          Long.toString(RUN_MILLIS), NOW.toString());
      children.add(p);
      readers.add(ChildProcesses.stdout(p));
    }
    // A start barrier across processes: both have opened the store before either claims.
    for (int n = 0; n < 2; n++) {
      assertThat(readers.get(n).readLine()).as("child %d opened the store", n).isEqualTo("READY");
    }
    for (Process p : children) {
      p.getOutputStream().write("GO\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      p.getOutputStream().flush();
    }
    List<CompletableFuture<List<String>>> outputs = new ArrayList<>();
    for (BufferedReader r : readers) {
      outputs.add(CompletableFuture.supplyAsync(() -> readAll(r)));
    }
    Map<String, String> claimedBy = new HashMap<>();
    List<String> duplicates = new ArrayList<>();
    Map<String, Integer> perNode = new HashMap<>();
    Map<String, Integer> perTask = new HashMap<>();
    for (int n = 0; n < 2; n++) {
      String node = n == 0 ? "daemon-a" : "daemon-b";
      List<String> lines = outputs.get(n).get(60, TimeUnit.SECONDS);
      assertThat(children.get(n).waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(lines).as("%s finished; stderr: %s", node, Files.readString(tmp.resolve(node + ".err")))
          .anyMatch(l -> l.startsWith("END "));
      for (String l : lines) {
        if (l.startsWith("CLAIM ")) {
          String fire = l.substring(6);
          String earlier = claimedBy.putIfAbsent(fire, node);
          if (earlier != null) {
            duplicates.add(fire + " claimed by " + earlier + " and " + node);
          }
          perNode.merge(node, 1, Integer::sum);
          perTask.merge(fire.split(" ")[0], 1, Integer::sum);
        }
      }
    }

    assertThat(duplicates).isEmpty();
    assertThat(perNode.getOrDefault("daemon-a", 0)).as("daemon-a worked").isGreaterThan(10);
    assertThat(perNode.getOrDefault("daemon-b", 0)).as("daemon-b worked").isGreaterThan(10);
    try (FileTaskStore store = FileTaskStore.open(dir)) {
      for (Map.Entry<String, Integer> e : perTask.entrySet()) {
        List<ExecutionRecord> h = store.history(TaskId.of(e.getKey()), 10_000);
        assertThat(h).as("history of %s", e.getKey()).hasSize(e.getValue());
      }
      assertThat(store.health()).isEqualTo(StoreHealth.healthy());
    }
    System.out.printf("two daemons, %d ms each: %s claims, %d fires, no duplicates%n", RUN_MILLIS, perNode,
        claimedBy.size());
  }

  private static List<String> readAll(BufferedReader reader) {
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = reader) {
      String l;
      while ((l = in.readLine()) != null) {
        lines.add(l);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return lines;
  }
}

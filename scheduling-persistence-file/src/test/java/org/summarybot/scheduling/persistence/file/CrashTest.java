package org.summarybot.scheduling.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.StoreHealth;

/**
 * Pulls the plug: a child JVM works on the store and is killed with SIGKILL after a random number of
 * acknowledged calls, 20 times over one directory. After each kill the store opens, nothing is quarantined,
 * and everything acknowledged is there (the same or newer).
 */
class CrashTest {
  private static final int ROUNDS = 20;

  @TempDir
  Path tmp;

  private record Ack(long version, String name) {}

  @Test
  @Timeout(180)
  void a_store_killed_at_random_moments_keeps_everything_it_acknowledged() throws Exception {
    Path dir = tmp.resolve("store");
    Random random = new Random(20260302L);
    Map<String, Ack> acked = new HashMap<>();
    Map<String, Instant> done = new HashMap<>();
    Set<String> delivered = new HashSet<>();
    long started = System.nanoTime();
    int totalAcks = 0;

    for (int round = 0; round < ROUNDS; round++) {
      int killAfter = 1 + random.nextInt(40);
      Path err = tmp.resolve("child-" + round + ".err");
      Process child = ChildProcesses.start(CrashChild.class, err, dir.toString(), Integer.toString(round));
      int acks = 0;
      try (BufferedReader in = ChildProcesses.stdout(child)) {
        String line;
        while (acks < killAfter && (line = in.readLine()) != null) {
          String[] f = line.split(" ", 4);
          switch (f[0]) {
            case "ACK" -> {
              acked.merge(f[1], new Ack(Long.parseLong(f[2]), f[3]), (a, b) -> b.version() >= a.version() ? b : a);
              acks++;
            }
            case "DONE" -> done.put(f[1], Instant.parse(f[2]));
            case "DLV" -> delivered.add(f[1]);
            default -> { }
          }
        }
        child.destroyForcibly();
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("child killed").isTrue();
      }
      assertThat(acks).as("round %d: child acknowledged before dying; stderr: %s", round, Files.readString(err))
          .isEqualTo(killAfter);
      totalAcks += acks;

      try (FileTaskStore store = FileTaskStore.open(dir)) {
        assertThat(store.health()).as("round %d", round).isEqualTo(StoreHealth.healthy());
        for (Map.Entry<String, Ack> e : acked.entrySet()) {
          ScheduledTask t = store.get(TaskId.of(e.getKey())).orElse(null);
          assertThat(t).as("round %d: acknowledged task %s", round, e.getKey()).isNotNull();
          assertThat(t.version()).as("round %d: version of %s", round, e.getKey())
              .isGreaterThanOrEqualTo(e.getValue().version());
          if (t.version() == e.getValue().version()) {
            assertThat(t.name()).isEqualTo(e.getValue().name());
          }
        }
        for (Map.Entry<String, Instant> e : done.entrySet()) {
          assertThat(store.history(TaskId.of(e.getKey()), 10)).extracting(ExecutionRecord::scheduledFor)
              .as("round %d: history of %s", round, e.getKey()).contains(e.getValue());
        }
        for (String key : delivered) {
          assertThat(store.isDelivered(key)).as("round %d: delivery %s", round, key).isTrue();
        }
      }
      assertThat(dir.resolve("quarantine")).isEmptyDirectory();
    }
    try (Stream<Path> files = Files.list(dir.resolve("tasks"))) {
      assertThat(files.count()).isGreaterThanOrEqualTo(acked.size());
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.printf("crash test: %d rounds, %d acknowledged calls, %d completions, %d ms%n", ROUNDS, totalAcks,
        done.size(), millis);
  }
}

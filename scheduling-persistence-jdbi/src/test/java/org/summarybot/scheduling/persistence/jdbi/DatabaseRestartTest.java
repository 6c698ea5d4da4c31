package org.summarybot.scheduling.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.engine.TaskScheduler;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.StoreHealth;

/**
 * Two scheduler nodes on one real PostgreSQL that is stopped and started again, on the same data directory and
 * port, several times while deliveries are in flight: no fire is ever delivered by two attempts at once (two nodes,
 * or one node twice after its lease expired in the outage), none is lost, and {@code health()} answers within a
 * second while the database is down.
 *
 * <p>Leases are judged by the database's clock, so this runs in real time, with bounded waits. Each delivery takes
 * {@value #DELIVERY_MILLIS} ms (a slow receiver), so outages begin with deliveries in flight, and each outage
 * ({@value #OUTAGE_MILLIS} ms) outlasts the lease: work held when the database went away is claimed again after it
 * comes back, while the completions of the old claims are still being written.
 */
class DatabaseRestartTest {
  private static final int OUTAGES = 3;
  private static final long OUTAGE_MILLIS = 5_000;
  private static final long DELIVERY_MILLIS = 1_500;
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration POLL = Duration.ofMillis(200);

  @TempDir
  Path dataDir;

  private EmbeddedPostgres server;
  private int port;
  private final List<JdbiTaskStore> stores = new ArrayList<>();
  private final List<TaskScheduler> nodes = new ArrayList<>();
  /** Each delivery attempt: execution id, node, start and end (System.nanoTime()). */
  private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  private record Attempt(String executionId, String node, long start, long end) {}

  @AfterEach
  void tearDown() throws IOException {
    for (TaskScheduler n : nodes) {
      try {
        n.stop(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        // stopping with the database down: leases expire by themselves
      }
    }
    stores.forEach(JdbiTaskStore::close);
    if (server != null) {
      server.close();
    }
  }

  @Test
  void two_nodes_never_run_one_fire_at_once_and_lose_none_while_the_database_restarts() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    startServer();
    String url = server.getJdbcUrl("postgres", "postgres");
    JdbiTaskStore admin = open(url);
    nodes.add(node("node-1", open(url)));
    nodes.add(node("node-2", open(url)));
    List<TaskId> ids = new ArrayList<>();
    for (String every : List.of("2s", "5s")) {
      for (int i = 0; i < 2; i++) {
        TaskId id = TaskId.of("every-" + every + "-" + i);
        nodes.get(i).schedule(RealTimeNodes.spec("restart", "every " + every), id);
        ids.add(id);
      }
    }
    nodes.forEach(TaskScheduler::start);

    for (int outage = 1; outage <= OUTAGES; outage++) {
      RealTimeNodes.await(Duration.ofSeconds(30), () -> inFlight.get() > 0);
      server.close();
      long downAt = System.nanoTime();
      // While the database is down, health answers within a second and says what is wrong.
      while (System.nanoTime() - downAt < TimeUnit.MILLISECONDS.toNanos(OUTAGE_MILLIS)) {
        long asked = System.nanoTime();
        StoreHealth h = admin.health();
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        assertThat(took).as("health() while the database is down").isLessThan(Duration.ofSeconds(1));
        assertThat(h.isHealthy()).as("health() while the database is down").isFalse();
        assertThat(h.problems()).singleElement().asString().contains("task database at");
        TimeUnit.MILLISECONDS.sleep(400);
      }
      startServer();
      RealTimeNodes.await(Duration.ofSeconds(30), () -> admin.health().isHealthy());
      System.out.printf("database restart %d: down for %d ms%n", outage,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downAt));
    }

    // After the last outage: every fire up to a point is run, by one of the nodes.
    TimeUnit.SECONDS.sleep(2);
    Instant end = Instant.now();
    Map<TaskId, List<Instant>> expected = new ConcurrentHashMap<>();
    for (TaskId id : ids) {
      ScheduledTask t = admin.get(id).orElseThrow();
      Duration every = Duration.ofSeconds(id.value().contains("-2s-") ? 2 : 5);
      List<Instant> fires = new ArrayList<>();
      for (Instant f = t.createdAt().plus(every); !f.isAfter(end); f = f.plus(every)) {
        fires.add(f);
      }
      expected.put(id, fires);
    }
    RealTimeNodes.await(Duration.ofSeconds(60), () -> ids.stream().allMatch(id -> {
      List<Instant> want = expected.get(id);
      return admin.history(id, 10_000).stream().filter(r -> !r.scheduledFor().isAfter(end)).count() >= want.size();
    }));
    for (TaskScheduler n : nodes) {
      assertThat(n.stop(Duration.ofSeconds(10))).isTrue();
    }

    // None lost, each once: every fire of each task up to the end is recorded, in order, as run and delivered.
    for (TaskId id : ids) {
      List<ExecutionRecord> history = admin.history(id, 10_000).stream()
          .filter(r -> !r.scheduledFor().isAfter(end))
          .sorted(java.util.Comparator.comparing(ExecutionRecord::scheduledFor)).toList();
      assertThat(history).extracting(ExecutionRecord::scheduledFor).as("fires of %s", id)
          .containsExactlyElementsOf(expected.get(id));
      assertThat(history).extracting(ExecutionRecord::outcome).as("outcomes of %s", id)
          .containsOnly(ExecutionOutcome.SUCCEEDED);
      for (ExecutionRecord r : history) {
        assertThat(attempts).as("%s was delivered", r.id()).anyMatch(a -> a.executionId().equals(r.id().value()));
      }
    }
    // Never at once: no two delivery attempts of one execution overlap in time, whichever nodes made them.
    Map<String, List<Attempt>> byExecution = new ConcurrentHashMap<>();
    attempts.forEach(a -> byExecution.computeIfAbsent(a.executionId(), k -> new ArrayList<>()).add(a));
    List<String> overlapping = new ArrayList<>();
    int repeated = 0;
    for (Map.Entry<String, List<Attempt>> e : byExecution.entrySet()) {
      List<Attempt> list = e.getValue();
      list.sort(java.util.Comparator.comparingLong(Attempt::start));
      repeated += list.size() - 1;
      for (int i = 1; i < list.size(); i++) {
        if (list.get(i).start() < list.get(i - 1).end()) {
          overlapping.add(e.getKey() + ": " + list.get(i - 1).node() + " and " + list.get(i).node());
        }
      }
    }
    System.out.printf("database restarts: %d outages, %d delivery attempts of %d executions, %d sent again after"
        + " an outage (at-least-once), %d at once%n", OUTAGES, attempts.size(), byExecution.size(), repeated,
        overlapping.size());
    assertThat(overlapping).as("executions delivered by two attempts at once").isEmpty();
  }

  // ---------------------------------------------------------------- wiring

  private void startServer() throws IOException {
    server = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .start();
  }

  private JdbiTaskStore open(String url) {
    JdbiTaskStore s = JdbiTaskStore.builder().url(url).user("postgres").poolSize(4)
        .connectTimeout(Duration.ofSeconds(2)).timeSource(JdbiTaskStore.TimeSource.DATABASE).build();
    stores.add(s);
    return s;
  }

  private TaskScheduler node(String nodeId, JdbiTaskStore store) {
    return RealTimeNodes.node(nodeId, store, request -> {
          long start = System.nanoTime();
          inFlight.incrementAndGet();
          try {
            TimeUnit.MILLISECONDS.sleep(DELIVERY_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            inFlight.decrementAndGet();
          }
          attempts.add(new Attempt(request.executionId().value(), nodeId, start, System.nanoTime()));
          return DeliveryOutcome.delivered("console");
        })
        .concurrency(4)
        .pollInterval(POLL)
        .lease(LEASE)
        .build();
  }
}

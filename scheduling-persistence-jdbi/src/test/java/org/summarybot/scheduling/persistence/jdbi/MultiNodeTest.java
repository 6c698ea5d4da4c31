package org.summarybot.scheduling.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.engine.TaskScheduler;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.TaskStore;

/**
 * Three scheduler nodes, each its own engine, store and pool, on one real PostgreSQL with the database clock
 * judging leases: 10,000 one-shot tasks due in one burst and 100 tasks firing every second, while one node
 * dies mid-run. Its death is emulated as a crash: its workers hang inside delivery and its store is cut off
 * from the database (closed), so it can neither finish, extend nor hand back its leases.
 *
 * <p>Shortened for this shared 2-core machine: the every-second tasks run for {@value #RECURRING_SECONDS} s
 * instead of 30 s. Figures are printed to the test's output file.
 */
class MultiNodeTest {
  private static final int ONE_SHOTS = 10_000;
  private static final int RECURRING = 100;
  private static final int RECURRING_SECONDS = 20;
  private static final int CONCURRENCY = 8;
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration TAKEOVER_SLACK = Duration.ofSeconds(5);

  private final List<JdbiTaskStore> stores = new ArrayList<>();
  private final List<TaskScheduler> nodes = new ArrayList<>();
  private final CountDownLatch unblockDeadNode = new CountDownLatch(1);
  /** Execution id -> the nodes that delivered it. */
  private final Map<String, Queue<String>> deliveredBy = new ConcurrentHashMap<>();
  private final AtomicInteger deliveries = new AtomicInteger();
  private final Queue<String> overClaims = new ConcurrentLinkedQueue<>();
  private final AtomicInteger hungInDeadNode = new AtomicInteger();
  private volatile boolean deadNodeKilled;

  @AfterEach
  void tearDown() {
    unblockDeadNode.countDown();
    for (TaskScheduler n : nodes) {
      try {
        n.stop(Duration.ZERO);
      } catch (RuntimeException e) {
        // the dead node's store is closed; handing back its leases fails, as it would for a dead process
      }
    }
    stores.forEach(JdbiTaskStore::close);
  }

  @Test
  void three_nodes_run_every_fire_exactly_once_and_take_over_a_dead_nodes_work() throws Exception {
    String url = EmbeddedPg.newDatabase("multinode");
    JdbiTaskStore admin = open(url);
    for (int i = 1; i <= 3; i++) {
      // Each node's connections carry its name, so the test can see when the dead node's last one is gone.
      nodes.add(node("node-" + i, open(url + (url.contains("?") ? "&" : "?") + "ApplicationName=node-" + i)));
    }
    TaskScheduler dead = nodes.get(2);
    JdbiTaskStore deadStore = stores.get(3);

    // 10,000 one-shot tasks, all due at one instant a few seconds ahead, created through the engines' API.
    Instant burst = Instant.now().plusSeconds(15).truncatedTo(ChronoUnit.SECONDS);
    String once = "once " + LocalDateTime.ofInstant(burst, ZoneOffset.UTC);
    long createStart = System.nanoTime();
    ExecutorService creators = Executors.newFixedThreadPool(4);
    List<Future<?>> created = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int part = t;
      created.add(creators.submit(() -> {
        for (int i = part; i < ONE_SHOTS; i += 4) {
          nodes.get(i % 3).schedule(RealTimeNodes.spec("load", once), TaskId.of(String.format("once-%05d", i)));
        }
      }));
    }
    for (Future<?> f : created) {
      f.get(60, TimeUnit.SECONDS);
    }
    creators.shutdown();
    double createSeconds = (System.nanoTime() - createStart) / 1e9;
    System.out.printf("multi-node: created %d one-shots in %.1f s, burst at %s%n", ONE_SHOTS, createSeconds, burst);
    for (int i = 0; i < RECURRING; i++) {
      nodes.get(i % 3).schedule(RealTimeNodes.spec("load", "every 1s"), TaskId.of(String.format("every-%03d", i)));
    }
    Instant started = Instant.now();
    nodes.forEach(TaskScheduler::start);

    // Mid-burst, node-3 dies: its workers hang inside delivery, then it loses its database connection.
    RealTimeNodes.await(Duration.ofSeconds(60), () -> deliveries.get() >= ONE_SHOTS / 4);
    deadNodeKilled = true;
    RealTimeNodes.await(Duration.ofSeconds(10), () -> hungInDeadNode.get() > 0);
    deadStore.close();
    // Dead means that no statement of node-3 can still commit. Closing its pool aborts its connections, but a
    // batch of completions already sent runs to its commit; the backend then finds the connection gone and ends.
    RealTimeNodes.await(Duration.ofSeconds(10), () -> Sql.count(url, "postgres",
        "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'node-3'") == 0);
    Instant killedAt = Instant.now();
    Map<String, Instant> orphans = leasesHeldBy(url, "node-3");
    System.out.printf("multi-node: node-3 died at %s holding %d leases, %d deliveries so far%n", killedAt,
        orphans.size(), deliveries.get());
    assertThat(orphans).as("the dead node held leases when it died").isNotEmpty();

    // Everything is finished by the two live nodes; the every-second tasks keep firing meanwhile.
    RealTimeNodes.await(Duration.ofSeconds(75), () -> Sql.count(url, "postgres",
        "SELECT COUNT(*) FROM executions WHERE task_id LIKE 'once-%'") >= ONE_SHOTS);
    Instant recurringEnd = started.plusSeconds(RECURRING_SECONDS);
    RealTimeNodes.await(Duration.ofSeconds(RECURRING_SECONDS + 5), () -> !Instant.now().isBefore(recurringEnd));
    // The burst delays the every-second fires (earliest due runs first); wait until each has caught up with
    // every fire up to the end of its window.
    long expectedFires = 0;
    for (int i = 0; i < RECURRING; i++) {
      Instant anchor = admin.get(TaskId.of(String.format("every-%03d", i))).orElseThrow().createdAt();
      expectedFires += Duration.between(anchor, recurringEnd).toSeconds();
    }
    long expected = expectedFires;
    RealTimeNodes.await(Duration.ofSeconds(60), () -> Sql.count(url, "postgres", "SELECT COUNT(*) FROM executions"
        + " WHERE task_id LIKE 'every-%' AND scheduled_for <= '" + recurringEnd + "'") >= expected);
    assertThat(nodes.get(0).stop(Duration.ofSeconds(10))).isTrue();
    assertThat(nodes.get(1).stop(Duration.ofSeconds(10))).isTrue();
    Instant stopped = Instant.now();
    System.out.printf("multi-node: one-shots done, nodes stopped at %s%n", stopped);

    // Exactly once: every one-shot ran once, completed, and was delivered once.
    assertThat(Sql.count(url, "postgres", "SELECT COUNT(*) FROM executions WHERE task_id LIKE 'once-%'"))
        .isEqualTo(ONE_SHOTS);
    assertThat(Sql.count(url, "postgres",
        "SELECT COUNT(*) FROM tasks WHERE id LIKE 'once-%' AND status = 'COMPLETED'")).isEqualTo(ONE_SHOTS);
    assertThat(Sql.count(url, "postgres", "SELECT COUNT(*) FROM executions WHERE outcome <> 'SUCCEEDED'"))
        .as("no fire was missed, failed or skipped").isZero();
    Map<String, String> executionIds = executionIds(url);
    List<String> undelivered = new ArrayList<>();
    List<String> duplicates = new ArrayList<>();
    for (String id : executionIds.keySet()) {
      Queue<String> by = deliveredBy.get(id);
      if (by == null || by.isEmpty()) {
        undelivered.add(executionIds.get(id));
      } else if (by.size() > 1) {
        duplicates.add(executionIds.get(id) + " by " + by);
      }
    }
    assertThat(undelivered).as("recorded executions never delivered").isEmpty();
    // At-least-once delivery allows one kind of duplicate only: the dead node sent it and died before logging.
    assertThat(duplicates).allSatisfy(d -> assertThat(d).contains("node-3"));
    assertThat(overClaims).as("claims beyond the limit asked for").isEmpty();
    assertThat(deliveredBy.keySet()).as("every delivery belongs to a recorded execution")
        .isSubsetOf(executionIds.keySet());

    // None lost: each every-second task ran every fire from its first, without gaps, and its next run is
    // the fire after the last one recorded.
    int recurringRuns = 0;
    for (int i = 0; i < RECURRING; i++) {
      TaskId id = TaskId.of(String.format("every-%03d", i));
      ScheduledTask t = admin.get(id).orElseThrow();
      List<Instant> fires = admin.history(id, 1000).stream().map(r -> r.scheduledFor()).sorted().toList();
      assertThat(fires).as("fires of %s", id).isNotEmpty();
      for (int k = 0; k < fires.size(); k++) {
        assertThat(fires.get(k)).as("fire %d of %s", k + 1, id).isEqualTo(t.createdAt().plusSeconds(k + 1));
      }
      Instant last = fires.get(fires.size() - 1);
      assertThat(t.dueAt()).as("next run of %s", id).contains(last.plusSeconds(1));
      assertThat(last).as("%s ran every fire of its window", id).isAfter(recurringEnd.minusSeconds(1));
      recurringRuns += fires.size();
    }

    // Take-over: each fire the dead node held ran on a live node within lease + poll interval (+ slack).
    Duration worst = Duration.ZERO;
    for (Map.Entry<String, Instant> o : orphans.entrySet()) {
      Instant startedAt = startedAt(url, o.getKey(), o.getValue());
      Duration d = Duration.between(killedAt, startedAt);
      worst = d.compareTo(worst) > 0 ? d : worst;
      // The dead node may have delivered and logged a delivery before it died: then the live node that finishes
      // the execution finds it in the delivery log and rightly does not send it again. Either way the execution
      // itself was run, from its start, by a live node after the death.
      assertThat(startedAt).as("%s@%s ran on a live node after node-3 died", o.getKey(), o.getValue())
          .isAfterOrEqualTo(killedAt.truncatedTo(ChronoUnit.MILLIS));
      assertThat(deliveredBy.get(executionIdOf(executionIds, o.getKey(), o.getValue())))
          .as("%s@%s was delivered", o.getKey(), o.getValue()).isNotEmpty();
    }
    assertThat(worst).as("take-over time").isLessThanOrEqualTo(LEASE.plus(POLL).plus(TAKEOVER_SLACK));

    long worstLagMillis = Sql.count(url, "postgres", "SELECT CAST(MAX(EXTRACT(EPOCH FROM started_at - scheduled_for))"
        + " * 1000 AS BIGINT) FROM executions WHERE task_id LIKE 'every-%'");
    Instant lastOneShot = lastFinished(url, "once-%");
    double burstSeconds = Duration.between(burst.isAfter(started) ? burst : started, lastOneShot).toMillis() / 1000.0;
    long total = Sql.count(url, "postgres", "SELECT COUNT(*) FROM executions");
    System.out.printf(
        "multi-node: created %d one-shots in %.1f s; burst of %d ran in %.1f s (%.0f executions/s);"
            + " %d every-second tasks ran %d fires in %d s (worst start delay %.1f s behind the burst);"
            + " %d executions in all over %.1f s;"
            + " dead node held %d leases, worst take-over %.2f s (lease %s, poll %s); duplicate deliveries %d%n",
        ONE_SHOTS, createSeconds, ONE_SHOTS, burstSeconds, ONE_SHOTS / burstSeconds, RECURRING, recurringRuns,
        RECURRING_SECONDS, worstLagMillis / 1000.0, total, Duration.between(started, stopped).toMillis() / 1000.0, orphans.size(),
        worst.toMillis() / 1000.0, LEASE, POLL, duplicates.size());
  }

  // ---------------------------------------------------------------- wiring

  private JdbiTaskStore open(String url) {
    JdbiTaskStore s = JdbiTaskStore.builder().url(url).user("postgres").poolSize(6)
        .timeSource(JdbiTaskStore.TimeSource.DATABASE).build();
    stores.add(s);
    return s;
  }

  private TaskScheduler node(String nodeId, JdbiTaskStore store) {
    boolean mayDie = nodeId.equals("node-3");
    DeliveryChannel console = request -> {
      if (mayDie && deadNodeKilled) {
        hungInDeadNode.incrementAndGet();
        try {
          unblockDeadNode.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return DeliveryOutcome.failed("node is dead");
      }
      deliveredBy.computeIfAbsent(request.executionId().value(), k -> new ConcurrentLinkedQueue<>()).add(nodeId);
      deliveries.incrementAndGet();
      return DeliveryOutcome.delivered("console");
    };
    // Checks the store's side of the bargain on every claim: never more claims than asked for.
    TaskStore checked = (TaskStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {TaskStore.class}, (proxy, method, args) -> {
          try {
            Object result = method.invoke(store, args);
            if (method.getName().equals("claimDue") && ((List<?>) result).size() > (Integer) args[1]) {
              overClaims.add(nodeId + " asked for " + args[1] + " and got " + ((List<?>) result).size());
            }
            return result;
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    return RealTimeNodes.node(nodeId, checked, console)
        .concurrency(CONCURRENCY)
        .pollInterval(POLL)
        .lease(LEASE)
        .build();
  }

  // ---------------------------------------------------------------- looking at the database

  private static Map<String, Instant> leasesHeldBy(String url, String node) throws SQLException {
    Map<String, Instant> out = new HashMap<>();
    try (Connection c = Sql.connect(url, "postgres");
        PreparedStatement s = c.prepareStatement("SELECT id, due_at FROM tasks WHERE lease_owner = ?")) {
      s.setString(1, node);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
        }
      }
    }
    return out;
  }

  /** Execution id -> "task@fire". */
  private static Map<String, String> executionIds(String url) throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (Connection c = Sql.connect(url, "postgres");
        PreparedStatement s = c.prepareStatement("SELECT execution_id, task_id, scheduled_for FROM executions");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2) + "@" + rs.getObject(3, java.time.OffsetDateTime.class).toInstant());
      }
    }
    return out;
  }

  private static String executionIdOf(Map<String, String> ids, String task, Instant fire) {
    String label = task + "@" + fire;
    return ids.entrySet().stream().filter(e -> e.getValue().equals(label)).map(Map.Entry::getKey).findFirst()
        .orElseThrow(() -> new AssertionError("no execution of " + label));
  }

  private static Instant startedAt(String url, String task, Instant fire) throws SQLException {
    try (Connection c = Sql.connect(url, "postgres");
        PreparedStatement s = c.prepareStatement(
            "SELECT started_at FROM executions WHERE task_id = ? AND scheduled_for = ?")) {
      s.setString(1, task);
      s.setObject(2, fire.atOffset(ZoneOffset.UTC));
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).as("the fire %s@%s the dead node held was run", task, fire).isTrue();
        return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
      }
    }
  }

  private static Instant lastFinished(String url, String pattern) throws SQLException {
    try (Connection c = Sql.connect(url, "postgres");
        PreparedStatement s = c.prepareStatement("SELECT MAX(finished_at) FROM executions WHERE task_id LIKE ?")) {
      s.setString(1, pattern);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return Optional.ofNullable(rs.getObject(1, java.time.OffsetDateTime.class)).orElseThrow().toInstant();
      }
    }
  }
}

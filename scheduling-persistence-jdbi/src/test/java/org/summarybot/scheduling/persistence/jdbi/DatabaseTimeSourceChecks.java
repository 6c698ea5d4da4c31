package org.summarybot.scheduling.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.testkit.TaskFixtures.dueTask;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.Claim;

/**
 * With {@link JdbiTaskStore.TimeSource#DATABASE}, the database's clock judges due times and leases, whatever
 * the caller's clock says: a node whose clock runs ahead neither runs work early nor takes over a live lease.
 * Run on PostgreSQL and on H2 by the subclasses.
 */
abstract class DatabaseTimeSourceChecks {
  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  private String url;
  private String user;
  private JdbiTaskStore store;

  /** The URL of an empty database, the same for every test of the class; emptied before each test. */
  abstract String url();

  abstract String user();

  @BeforeEach
  void open() {
    url = Dialect.effectiveUrl(url());
    user = user();
    store = JdbiTaskStore.builder().url(url).user(user).timeSource(JdbiTaskStore.TimeSource.DATABASE).build();
    Sql.clear(url, user);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void due_times_are_judged_by_the_database_clock_not_the_callers() {
    Instant db = databaseNow();
    store.create(dueTask("due", CREATED, db.minusSeconds(60)));
    store.create(dueTask("in-an-hour", CREATED, db.plusSeconds(3600)));

    List<Claim> fastNode = store.claimDue(db.plus(Duration.ofHours(2)), 10, "fast", Duration.ofMinutes(1));
    assertThat(fastNode).extracting(c -> c.task().id().value()).containsExactly("due");

    assertThat(store.releaseLease(fastNode.get(0))).isTrue();
    List<Claim> slowNode = store.claimDue(db.minus(Duration.ofHours(2)), 10, "slow", Duration.ofMinutes(1));
    assertThat(slowNode).extracting(c -> c.task().id().value()).containsExactly("due");
    assertThat(slowNode.get(0).leaseUntil()).as("told in the caller's time")
        .isEqualTo(db.minus(Duration.ofHours(2)).plus(Duration.ofMinutes(1)));
  }

  @Test
  void a_node_whose_clock_runs_ahead_cannot_take_over_a_live_lease() throws InterruptedException {
    Instant db = databaseNow();
    store.create(dueTask("a", CREATED, db.minusSeconds(5)));
    Duration lease = Duration.ofSeconds(1);
    long claimed = System.nanoTime();
    assertThat(store.claimDue(Instant.now(), 1, "node-1", lease)).hasSize(1);

    assertThat(store.claimDue(Instant.now().plus(Duration.ofHours(1)), 1, "node-2", lease))
        .as("an hour-fast clock does not expire the lease").isEmpty();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Claim> takeover = List.of();
    while (takeover.isEmpty()) {
      assertThat(System.nanoTime()).as("taken over once the database says the lease ended").isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(20);
      takeover = store.claimDue(Instant.now().plus(Duration.ofHours(1)), 1, "node-2", lease);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - claimed)).isGreaterThanOrEqualTo(lease.minusMillis(50));
  }

  @Test
  void lease_holders_are_judged_by_the_database_clock() {
    Instant db = databaseNow();
    store.create(dueTask("a", CREATED, db.minusSeconds(5)));
    store.claimDue(db.minus(Duration.ofHours(3)), 1, "slow", Duration.ofMinutes(2));

    assertThat(store.leaseHolders(Instant.now().plus(Duration.ofHours(1))))
        .as("an hour-fast clock does not end the lease").containsExactly(Map.entry(TaskId.of("a"), "slow"));
  }

  @Test
  void extending_a_lease_runs_it_from_the_database_clock() {
    Instant db = databaseNow();
    store.create(dueTask("a", CREATED, db.minusSeconds(5)));
    Instant callerNow = Instant.now().plus(Duration.ofHours(1));
    Claim claim = store.claimDue(callerNow, 1, "skewed", Duration.ofSeconds(1)).get(0);

    assertThat(store.extendLease(claim, callerNow.plusSeconds(30))).isTrue();

    Instant stored = leaseUntil("a");
    assertThat(Duration.between(databaseNow(), stored)).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31));
  }

  @Test
  void next_due_at_reports_a_live_lease_end_in_the_callers_time() {
    Instant db = databaseNow();
    store.create(dueTask("a", CREATED, db.minusSeconds(5)));
    Instant callerNow = db.minus(Duration.ofHours(3));
    store.claimDue(callerNow, 1, "slow", Duration.ofMinutes(2));

    assertThat(store.nextDueAt(callerNow)).hasValueSatisfying(t ->
        assertThat(Duration.between(callerNow, t)).isBetween(Duration.ofSeconds(110), Duration.ofSeconds(121)));
  }

  private Instant databaseNow() {
    try (Connection c = Sql.connect(url, user); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT CURRENT_TIMESTAMP")) {
      rs.next();
      return rs.getObject(1, OffsetDateTime.class).toInstant();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private Instant leaseUntil(String id) {
    try (Connection c = Sql.connect(url, user); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT lease_until FROM tasks WHERE id = '" + id + "'")) {
      rs.next();
      return rs.getObject(1, OffsetDateTime.class).toInstant();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

package org.summarybot.scheduling.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.testkit.TaskFixtures.dueTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.succeeded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.ScheduledTask;

/**
 * What the store's one-round-trip claim relies on, checked on a real PostgreSQL with the real driver: statements
 * sent in one execute on an autocommit connection run as one transaction, so a setting made for that transaction
 * ({@code set_config(..., true)}) holds for the statements after it in the same execute and ends with it, and
 * the connection goes back to the pool as it came.
 */
class PostgresOneRoundTripTest {
  private static final String URL = EmbeddedPg.newDatabase("roundtrip");
  /** When the tasks of the plan tests fall due. */
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  /** A fresh database ({@code name}) holding a task due at {@link #T0} for each id; its URL. */
  private static String databaseWithDueTasks(String name, List<String> ids) {
    String url = EmbeddedPg.newDatabase(name);
    try (JdbiTaskStore store = JdbiTaskStore.builder().url(url).user("postgres").build()) {
      for (String id : ids) {
        store.create(dueTask(id, T0, T0));
      }
    }
    return url;
  }

  /** The ids t-000, t-001, ... of {@code n} tasks. */
  private static List<String> numbered(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> String.format("t-%03d", i)).toList();
  }

  @Test
  void a_setting_for_the_transaction_holds_for_the_rest_of_one_execute_and_ends_with_it() throws SQLException {
    try (Connection c = Sql.connect(URL, "postgres")) {
      assertThat(c.getAutoCommit()).isTrue();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT set_config('enable_sort', 'off', true); SELECT current_setting('enable_sort'), ?")) {
        ps.setInt(1, 7);
        ps.execute();
        assertThat(ps.getMoreResults()).isTrue();
        try (ResultSet rs = ps.getResultSet()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("off");
          assertThat(rs.getInt(2)).isEqualTo(7);
        }
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW enable_sort")) {
        rs.next();
        assertThat(rs.getString(1)).as("the setting ended with the execute's transaction").isEqualTo("on");
      }
    }
  }

  @Test
  void the_claim_reads_its_index_in_order_without_sorting_even_when_statistics_say_the_table_is_empty()
      throws SQLException {
    Instant t0 = T0;
    String url = databaseWithDueTasks("claimplan", List.of("seed"));
    String rest = TaskRows.COLUMNS.substring(TaskRows.COLUMNS.indexOf(',') + 1);
    try (Connection c = Sql.connect(url, "postgres"); Statement s = c.createStatement()) {
      // Statistics taken while the table held one row, then a burst of 20,000 due tasks: stale statistics.
      s.execute("ANALYZE tasks");
      s.execute("INSERT INTO tasks (id, " + rest + ") SELECT 'burst-' || g, " + rest
          + " FROM tasks, generate_series(1, 20000) g WHERE id = 'seed'");
      String claim = Claiming.claimSql(true);
      int split = claim.indexOf(';') + 1;
      try (PreparedStatement ps = c.prepareStatement(claim.substring(0, split) + " EXPLAIN" + claim.substring(split))) {
        ps.setInt(1, 80);
        ps.setString(2, "node-1");
        ps.setLong(3, 30_000_000L);
        ps.execute();
        assertThat(ps.getMoreResults()).isTrue();
        String plan = plan(ps.getResultSet());
        assertThat(plan).as(plan).contains("tasks_active_due_idx").doesNotContain("Sort");
      }
    }
  }

  @Test
  void a_claim_is_a_heap_only_update_that_writes_no_index_entry() throws SQLException {
    Instant t0 = T0;
    String url = databaseWithDueTasks("hotclaim", numbered(300));
    try (Connection c = Sql.connect(url, "postgres")) {
      // The claim in a transaction of its own, so that the statistics of that transaction can be read before it
      // ends: every row it leased must have been updated in place (HOT), none with new index entries.
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(Claiming.claimSql(false))) {
        java.time.OffsetDateTime judge = t0.plusSeconds(1).atOffset(java.time.ZoneOffset.UTC);
        ps.setObject(1, judge);
        ps.setObject(2, judge);
        ps.setInt(3, 128);
        ps.setString(4, "node-1");
        ps.setObject(5, judge.plusSeconds(30));
        ps.execute();
        assertThat(ps.getMoreResults()).isTrue();
        int leased = 0;
        try (ResultSet rs = ps.getResultSet()) {
          while (rs.next()) {
            leased++;
          }
        }
        assertThat(leased).isEqualTo(128);
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = 'tasks'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).as("rows updated").isEqualTo(128);
        assertThat(rs.getLong(2)).as("of them heap-only").isEqualTo(128);
      }
      c.commit();
    }
  }

  @Test
  void the_lease_expiry_hint_is_not_computed_while_claimable_work_is_due() throws SQLException {
    Instant t0 = T0;
    String url = databaseWithDueTasks("nextdue", numbered(50));
    try (JdbiTaskStore store = JdbiTaskStore.builder().url(url).user("postgres").build()) {
      store.claimDue(t0, 10, "node-1", java.time.Duration.ofSeconds(30));
      assertThat(store.nextDueAt(t0)).contains(t0);
    }
    String sql = Leases.nextDueSql("?");
    for (boolean workDue : List.of(true, false)) {
      String plan;
      try (Connection c = Sql.connect(url, "postgres");
          PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql)) {
        java.time.OffsetDateTime judge = (workDue ? t0 : t0.minusSeconds(1)).atOffset(java.time.ZoneOffset.UTC);
        int params = (int) sql.chars().filter(ch -> ch == '?').count();
        for (int i = 1; i <= params; i++) {
          ps.setObject(i, judge);
        }
        plan = plan(ps.executeQuery());
      }
      if (workDue) {
        assertThat(plan).as(plan).contains("never executed");
      } else {
        assertThat(plan).as(plan).doesNotContain("never executed");
      }
    }
  }

  @Test
  void a_batch_finds_its_task_rows_by_primary_key_on_a_large_table_even_with_a_generic_plan() throws SQLException {
    Instant t0 = T0;
    String url = databaseWithDueTasks("batchplan", List.of("seed"));
    String rest = TaskRows.COLUMNS.substring(TaskRows.COLUMNS.indexOf(',') + 1);
    Sql.exec(url, "postgres", "INSERT INTO tasks (id, " + rest + ") SELECT 'burst-' || g, " + rest
        + " FROM tasks, generate_series(1, 50000) g WHERE id = 'seed'", "ANALYZE tasks");
    RowValues.Columns keys = new RowValues.Columns();
    RowValues.Columns tasks = new RowValues.Columns();
    RowValues.Columns records = new RowValues.Columns();
    for (int i = 1; i <= 20; i++) {
      ScheduledTask task = dueTask("burst-" + i, t0, t0).toBuilder().version(2).build();
      keys.add(new RowValues().text("delivery_key", "exec-" + i).stamp("recorded_at", t0));
      tasks.add(TaskRows.values(task).bigint("expected", 1L).bigint("token", 1L));
      records.add(ExecutionRows.values(succeeded(task, t0, t0)).text("owner", task.id().value()));
    }
    String sql = OneStatementBatch.batchSql(keys, tasks, records);
    for (String mode : List.of("force_generic_plan", "force_custom_plan")) {
      String plan;
      try (Connection c = Sql.connect(url, "postgres"); Statement s = c.createStatement()) {
        s.execute("SET plan_cache_mode = " + mode);
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
          OneStatementBatch.bindBatch(c, ps, keys, tasks, records);
          plan = plan(ps.executeQuery());
        }
      }
      assertThat(plan).as(mode + ":\n" + plan).contains("tasks_pk").doesNotContain("Seq Scan on tasks");
    }
  }

  @Test
  void statements_of_one_execute_commit_or_roll_back_together() throws SQLException {
    try (Connection c = Sql.connect(URL, "postgres"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS one_trip (v INTEGER PRIMARY KEY)");
      s.execute("DELETE FROM one_trip");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO one_trip VALUES (1); INSERT INTO one_trip VALUES (1)")) {
        ps.execute();
      } catch (SQLException expected) {
        // The second insert breaks the primary key: the first must not stay.
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM one_trip")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  /** The lines of an {@code EXPLAIN} result, one per row; closes the result set. */
  private static String plan(ResultSet rs) throws SQLException {
    try (rs) {
      StringBuilder plan = new StringBuilder();
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
      return plan.toString();
    }
  }
}

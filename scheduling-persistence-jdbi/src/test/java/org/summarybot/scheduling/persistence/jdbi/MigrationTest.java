package org.summarybot.scheduling.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.summarybot.scheduling.testkit.TaskFixtures.richTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.succeeded;
import static org.summarybot.scheduling.testkit.TaskFixtures.summaryTask;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.TaskId;

/** Schema migrations: from nothing, from an older schema holding data, and a second start that does nothing. */
class MigrationTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @TempDir
  Path dir;

  @Test
  void an_empty_postgresql_database_is_migrated_to_the_latest_schema_and_a_second_start_changes_nothing() {
    String url = EmbeddedPg.newDatabase("migrate_empty");
    emptyDatabaseIsMigratedOnce(url, "postgres");
  }

  @Test
  void an_empty_h2_database_is_migrated_to_the_latest_schema_and_a_second_start_changes_nothing() {
    String url = Dialect.effectiveUrl("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
    emptyDatabaseIsMigratedOnce(url, "sa");
  }

  private static void emptyDatabaseIsMigratedOnce(String url, String user) {
    try (JdbiTaskStore first = JdbiTaskStore.builder().url(url).user(user).build()) {
      assertThat(first.schemaVersion()).isEqualTo("11");
      first.create(summaryTask("a", T0).build());
    }
    long applied = Sql.count(url, user,
        "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL");
    assertThat(applied).as("V1 to V11").isEqualTo(11);
    long rows = Sql.count(url, user, "SELECT COUNT(*) FROM \"flyway_schema_history\"");

    try (JdbiTaskStore second = JdbiTaskStore.builder().url(url).user(user).build()) {
      assertThat(second.get(TaskId.of("a"))).isPresent();
    }
    assertThat(Sql.count(url, user, "SELECT COUNT(*) FROM \"flyway_schema_history\"")).isEqualTo(rows);
  }

  @Test
  void a_version_1_database_with_data_is_upgraded_to_the_latest_without_loss() {
    String url = EmbeddedPg.newDatabase("migrate_v1");
    Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").target("1").load()
        .migrate();
    ScheduledTask rich = withoutStoredSummary(richTask("rich", T0)).toBuilder().version(4).build();
    ScheduledTask leased = summaryTask("leased", T0).version(1).build();
    ExecutionRecord run = succeeded(rich, T0.plusSeconds(3600), T0.plusSeconds(3700));
    try (Handle h = Jdbi.create(url, "postgres", "").open()) {
      for (ScheduledTask t : List.of(rich, leased)) {
        insertBeforeV7(h, t);
      }
      h.createUpdate("UPDATE tasks SET lease_owner = 'node-1', lease_until = :until WHERE id = 'leased'")
          .bind("until", T0.plusSeconds(60).atOffset(ZoneOffset.UTC)).execute();
      var batch = h.prepareBatch(INSERT_BEFORE_V9);
      batch.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).setUnusedBindingAllowed(true);
      ExecutionRows.add(batch, run);
      batch.execute();
      h.execute("INSERT INTO delivery_log (delivery_key, recorded_at) VALUES ('exec-1/console:', CURRENT_TIMESTAMP)");
    }

    assertThatThrownBy(() -> JdbiTaskStore.builder().url(url).user("postgres").migrate(false).build())
        .isInstanceOf(SchedulingException.class)
        .hasMessageContaining("schema version 1")
        .hasMessageContaining("needs 11")
        .hasMessageContaining("migrate(false)");

    try (JdbiTaskStore store = JdbiTaskStore.builder().url(url).user("postgres").build()) {
      assertThat(store.schemaVersion()).isEqualTo("11");
      assertThat(store.get(rich.id())).contains(rich);
      assertThat(store.get(leased.id())).contains(leased);
      assertThat(store.history(rich.id(), 10)).containsExactly(run);
      assertThat(store.isDelivered("exec-1/console:")).isTrue();
      assertThat(store.claimDue(T0.plusSeconds(30), 10, "node-2", java.time.Duration.ofMinutes(1)))
          .as("the lease taken before the upgrade still holds").isEmpty();
      List<org.summarybot.scheduling.port.Claim> takeover =
          store.claimDue(latest(leased.dueAt().orElseThrow(), T0.plusSeconds(61)), 10, "node-2",
              java.time.Duration.ofMinutes(1));
      assertThat(takeover).extracting(c -> c.task().id()).contains(leased.id());
      assertThat(takeover).as("work that existed before V4 may have had a holder: never a first holder")
          .noneMatch(org.summarybot.scheduling.port.Claim::firstHolder);
    }
    assertThat(Sql.count(url, "postgres", "SELECT COUNT(*) FROM information_schema.columns"
        + " WHERE table_name = 'tasks' AND column_name = 'claimed_due'")).as("V4's column").isEqualTo(1);
    assertPostgresqlV5Schema(url);
  }

  /** V5 on PostgreSQL: no index of tasks holds a column a claim writes; BRIN indexes for pruning; room per page. */
  private static void assertPostgresqlV5Schema(String url) {
    assertThat(Sql.count(url, "postgres", "SELECT COUNT(*) FROM pg_indexes WHERE indexname IN"
        + " ('executions_finished_brin', 'delivery_log_recorded_brin') AND indexdef LIKE '%USING brin%'"))
        .as("V5's BRIN indexes for pruning").isEqualTo(2);
    assertThat(Sql.count(url, "postgres", "SELECT COUNT(*) FROM pg_indexes WHERE indexname IN"
        + " ('executions_finished_idx', 'delivery_log_recorded_idx', 'tasks_claim_idx', 'tasks_lease_idx',"
        + " 'tasks_due_idx', 'tasks_guild_idx')")).as("replaced by V5 (tasks_due_idx already by V3)").isZero();
    assertThat(Sql.count(url, "postgres", "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'tasks_active_due_idx'"
        + " AND indexdef LIKE '%(due_at) WHERE ((status)::text = ''ACTIVE''::text)'")).as("V5's claim index").isEqualTo(1);
    assertThat(Sql.count(url, "postgres", "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'tasks'"
        + " AND (indexdef LIKE '%lease%' OR indexdef LIKE '%claimed_due%')"))
        .as("no index of tasks covers a column the claim writes").isZero();
    assertThat(Sql.count(url, "postgres", "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'tasks_guild_id_idx'"
        + " AND indexdef LIKE '%(guild_id, id)'")).as("V5's guild index").isEqualTo(1);
    assertThat(Sql.count(url, "postgres", "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'tasks'"))
        .as("tasks_pk, tasks_active_due_idx, tasks_guild_id_idx").isEqualTo(3);
    assertThat(Sql.count(url, "postgres", "SELECT COUNT(*) FROM pg_class WHERE relname = 'tasks'"
        + " AND 'fillfactor=40' = ANY (reloptions)")).as("V6's fillfactor").isEqualTo(1);
  }

  @Test
  void a_version_4_postgresql_database_with_leases_and_history_is_upgraded_to_6_without_loss() {
    String url = EmbeddedPg.newDatabase("migrate_v4");
    versionFourWithDataIsUpgraded(url, "postgres", "classpath:db/migration");
    assertPostgresqlV5Schema(url);
  }

  @Test
  void a_version_4_h2_database_with_leases_and_history_is_upgraded_to_6_without_loss() {
    String url = Dialect.effectiveUrl("jdbc:h2:file:" + dir.resolve("v4").toAbsolutePath());
    versionFourWithDataIsUpgraded(url, "sa", "classpath:db/migration");
    assertThat(Sql.count(url, "sa", "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_NAME IN"
        + " ('TASKS_CLAIM_IDX', 'TASKS_LEASE_IDX', 'EXECUTIONS_FINISHED_IDX', 'DELIVERY_LOG_RECORDED_IDX')"))
        .as("H2 keeps its V4 indexes").isEqualTo(4);
  }

  /**
   * A database at V4 (through the store at V4's code, as a V4 node left it): a task leased by a node before the
   * upgrade, one completed with history, a delivery key. After the upgrade everything reads back; the lease still
   * holds until it expires, then another node takes the work over (never as a first holder); due work is claimed,
   * completed work is not.
   */
  private static void versionFourWithDataIsUpgraded(String url, String user, String common) {
    Flyway.configure().dataSource(url, user, "").locations(common).target("4").load().migrate();
    ScheduledTask rich = withoutStoredSummary(richTask("rich", T0)).toBuilder().version(4).build();
    ScheduledTask leased = summaryTask("leased", T0).version(1).build();
    ScheduledTask due = summaryTask("due", T0).version(1).build();
    ExecutionRecord run = succeeded(rich, T0.plusSeconds(3600), T0.plusSeconds(3700));
    try (Handle h = Jdbi.create(url, user, "").open()) {
      for (ScheduledTask t : List.of(rich, leased, due)) {
        insertBeforeV7(h, t);
      }
      h.createUpdate("UPDATE tasks SET lease_owner = 'node-1', lease_until = :until, claimed_due = due_at"
              + " WHERE id = 'leased'")
          .bind("until", leased.dueAt().orElseThrow().plusSeconds(60).atOffset(ZoneOffset.UTC)).execute();
      var batch = h.prepareBatch(INSERT_BEFORE_V9);
      batch.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).setUnusedBindingAllowed(true);
      ExecutionRows.add(batch, run);
      batch.execute();
      h.execute("INSERT INTO delivery_log (delivery_key, recorded_at) VALUES ('exec-1/console:', CURRENT_TIMESTAMP)");
    }
    assertThat(Sql.count(url, user, "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE"
        + " AND \"version\" IS NOT NULL")).as("at V4").isEqualTo(4);

    try (JdbiTaskStore store = JdbiTaskStore.builder().url(url).user(user).build()) {
      assertThat(store.schemaVersion()).isEqualTo("11");
      assertThat(store.get(rich.id())).contains(rich);
      assertThat(store.get(leased.id())).contains(leased);
      assertThat(store.history(rich.id(), 10)).containsExactly(run);
      assertThat(store.isDelivered("exec-1/console:")).isTrue();
      Instant dueAt = leased.dueAt().orElseThrow();
      assertThat(due.dueAt()).contains(dueAt);
      Instant whileHeld = dueAt.plusSeconds(30);
      assertThat(store.nextDueAt(whileHeld)).as("the free due task").contains(dueAt);
      assertThat(store.claimDue(whileHeld, 10, "node-2", java.time.Duration.ofMinutes(1)))
          .as("the lease taken before the upgrade still holds; the free task is claimed")
          .extracting(c -> c.task().id()).containsExactly(due.id());
      assertThat(store.nextDueAt(whileHeld)).as("the lease's expiry is the next wake-up")
          .contains(dueAt.plusSeconds(60));
      List<org.summarybot.scheduling.port.Claim> takeover =
          store.claimDue(dueAt.plusSeconds(61), 10, "node-2", java.time.Duration.ofMinutes(1));
      assertThat(takeover).extracting(c -> c.task().id()).containsExactly(leased.id());
      assertThat(takeover).as("held before the upgrade: not a first holder")
          .noneMatch(org.summarybot.scheduling.port.Claim::firstHolder);
    }
    assertThat(Sql.count(url, user, "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE"
        + " AND \"version\" IS NOT NULL")).as("V5 to V11 applied").isEqualTo(11);
  }

  /** An execution row as code before V9 wrote it: without V9's cleanup counts nor V10's usage and excuse. */
  private static final String INSERT_BEFORE_V9 = ExecutionRows.INSERT
      .replace(", usage_input_tokens, usage_output_tokens, usage_requests, usage_cost_micros, excused,"
          + " removed_history, removed_deliveries, removed_files", "")
      .replace(", :usage_input_tokens, :usage_output_tokens, :usage_requests, :usage_cost_micros, :excused,"
          + " :removed_history, :removed_deliveries, :removed_files", "");

  /**
   * A row as code before V7 wrote it: without {@code pending_summary}, V8's time options, V9's columns nor
   * V10's, which those schemas lack.
   */
  private static void insertBeforeV7(Handle h, ScheduledTask t) {
    String columns = TaskRows.COLUMNS.replace(" pending_summary,", "").replaceAll(" time_\\w+,", "")
        .replace(" summary_language,", "").replace(" summarizer,", "").replace(" pending_backfill,", "")
        .replace(" stats_last_delivered, alert_if_silent, silence_alerted_at,", "");
    var insert = h.createUpdate("INSERT INTO tasks (" + columns + ") VALUES (" + columns.replaceAll("(\\w+)", ":$1")
        + ")");
    insert.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).setUnusedBindingAllowed(true);
    TaskRows.bind(insert, t).execute();
  }

  /**
   * {@code t} with a pending run as schemas before V7 hold it (no summary kept for the retry), and the options
   * before V10 (no language, the built-in summarizer).
   */
  private static ScheduledTask withoutStoredSummary(ScheduledTask t) {
    return t.toBuilder().options(t.options().withLanguage(java.util.Optional.empty())
        .withSummarizer(org.summarybot.scheduling.model.SummarizerChoice.BUILTIN)).pending(t.pending().map(p -> new org.summarybot.scheduling.model.PendingRun(
        p.scheduledFor(), p.nextAttempt(), p.dueAt(), p.window(), p.reason()))).build();
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}

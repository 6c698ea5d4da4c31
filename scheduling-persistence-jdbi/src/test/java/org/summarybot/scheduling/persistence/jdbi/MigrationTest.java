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
import org.summarybot.scheduling.SchedulingException;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
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
      assertThat(first.schemaVersion()).isEqualTo("4");
      first.create(summaryTask("a", T0).build());
    }
    long applied = Sql.count(url, user,
        "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL");
    assertThat(applied).isEqualTo(4);
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
    ScheduledTask rich = richTask("rich", T0).toBuilder().version(4).build();
    ScheduledTask leased = summaryTask("leased", T0).version(1).build();
    ExecutionRecord run = succeeded(rich, T0.plusSeconds(3600), T0.plusSeconds(3700));
    try (Handle h = Jdbi.create(url, "postgres", "").open()) {
      for (ScheduledTask t : List.of(rich, leased)) {
        TaskRows.bind(h.createUpdate("INSERT INTO tasks (" + TaskRows.COLUMNS + ") VALUES (" + TaskRows.VALUES + ")"),
            t).execute();
      }
      h.createUpdate("UPDATE tasks SET lease_owner = 'node-1', lease_until = :until WHERE id = 'leased'")
          .bind("until", T0.plusSeconds(60).atOffset(ZoneOffset.UTC)).execute();
      var batch = h.prepareBatch(ExecutionRows.INSERT);
      ExecutionRows.add(batch, run);
      batch.execute();
      h.execute("INSERT INTO delivery_log (delivery_key, recorded_at) VALUES ('exec-1/console:', CURRENT_TIMESTAMP)");
    }

    assertThatThrownBy(() -> JdbiTaskStore.builder().url(url).user("postgres").migrate(false).build())
        .isInstanceOf(SchedulingException.class)
        .hasMessageContaining("schema version 1")
        .hasMessageContaining("needs 4")
        .hasMessageContaining("migrate(false)");

    try (JdbiTaskStore store = JdbiTaskStore.builder().url(url).user("postgres").build()) {
      assertThat(store.schemaVersion()).isEqualTo("4");
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
    assertThat(Sql.count(url, "postgres",
        "SELECT COUNT(*) FROM pg_indexes WHERE indexname IN ('executions_finished_idx', 'delivery_log_recorded_idx')"))
        .as("V2's indexes").isEqualTo(2);
    assertThat(Sql.count(url, "postgres",
        "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'tasks_claim_idx'")).as("V3's claim-order index").isEqualTo(1);
    assertThat(Sql.count(url, "postgres",
        "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'tasks_due_idx'")).as("replaced by V3").isZero();
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}

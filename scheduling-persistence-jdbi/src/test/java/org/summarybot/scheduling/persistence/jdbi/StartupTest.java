package org.summarybot.scheduling.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.summarybot.scheduling.testkit.TaskFixtures.summaryTask;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.ValidationException;

/** Opening a store: errors that name the problem, never the password; H2 mixed mode. */
class StartupTest {
  private static final String SECRET = "hunter2-do-not-print";

  @TempDir
  Path dir;

  @Test
  void a_url_that_is_not_postgresql_or_h2_is_refused_naming_the_url() {
    assertThatThrownBy(() -> JdbiTaskStore.builder().url("jdbc:mysql://db.example.com/tasks").build())
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.problems()).extracting(p -> p.field()).containsExactly("url"))
        .hasMessageContaining("jdbc:mysql://db.example.com/tasks")
        .hasMessageContaining("not a PostgreSQL or H2 JDBC URL");
  }

  @Test
  void missing_and_repeated_settings_are_named() {
    assertThatThrownBy(() -> JdbiTaskStore.builder().user("a").user("b").build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("url: is required")
        .hasMessageContaining("user: is set more than once");
  }

  @Test
  void an_unreachable_server_is_a_clear_error_without_the_password() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> JdbiTaskStore.builder().url("jdbc:postgresql://127.0.0.1:1/tasks?password=" + SECRET)
            .user("scheduler").password(SECRET).connectTimeout(Duration.ofSeconds(3)).build())
        .isInstanceOf(SchedulingException.class)
        .hasMessageContaining("cannot open the task database at jdbc:postgresql://127.0.0.1:1/tasks?password=***")
        .hasMessageContaining("is the server running and reachable")
        .hasMessageNotContaining(SECRET)
        .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain(SECRET));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void a_database_that_does_not_exist_is_named() {
    String url = EmbeddedPg.server().getJdbcUrl("postgres", "no_such_database");
    assertThatThrownBy(() -> JdbiTaskStore.builder().url(url).user("postgres").password(SECRET).build())
        .isInstanceOf(SchedulingException.class)
        .hasMessageContaining("no_such_database")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void a_schema_newer_than_the_code_is_refused_and_left_alone() {
    String url = EmbeddedPg.newDatabase("newer");
    Flyway.configure().dataSource(url, "postgres", "")
        .locations("classpath:db/migration", "classpath:db/test-future").load().migrate();

    assertThatThrownBy(() -> JdbiTaskStore.builder().url(url).user("postgres").build())
        .isInstanceOf(SchedulingException.class)
        .hasMessageContaining("schema version 999")
        .hasMessageContaining("newer than this code's latest version 9");
    assertThat(Sql.count(url, "postgres", "SELECT COUNT(*) FROM flyway_schema_history")).isEqualTo(5);
  }

  @Test
  void the_store_never_shows_its_password() {
    String url = EmbeddedPg.newDatabase("shown");
    try (JdbiTaskStore store = JdbiTaskStore.builder().url(url).user("postgres").password(SECRET).build()) {
      assertThat(store.toString()).doesNotContain(SECRET).contains(url);
      assertThat(store.health().isHealthy()).isTrue();
    }
  }

  @Test
  void an_h2_file_url_gets_automatic_mixed_mode_unless_it_says_otherwise() {
    assertThat(Dialect.effectiveUrl("jdbc:h2:file:/var/lib/tasks")).isEqualTo("jdbc:h2:file:/var/lib/tasks;AUTO_SERVER=TRUE");
    assertThat(Dialect.effectiveUrl("jdbc:h2:./tasks")).isEqualTo("jdbc:h2:./tasks;AUTO_SERVER=TRUE");
    assertThat(Dialect.effectiveUrl("jdbc:h2:~/tasks")).isEqualTo("jdbc:h2:~/tasks;AUTO_SERVER=TRUE");
    assertThat(Dialect.effectiveUrl("jdbc:h2:file:/x;AUTO_SERVER=FALSE")).isEqualTo("jdbc:h2:file:/x;AUTO_SERVER=FALSE");
    assertThat(Dialect.effectiveUrl("jdbc:h2:mem:test")).isEqualTo("jdbc:h2:mem:test");
    assertThat(Dialect.effectiveUrl("jdbc:h2:tcp://host/tasks")).isEqualTo("jdbc:h2:tcp://host/tasks");
    assertThat(Dialect.effectiveUrl("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
  }

  @Test
  void two_stores_open_one_h2_file_at_once_as_a_daemon_and_a_cli_command_do() {
    String url = "jdbc:h2:file:" + dir.resolve("shared").toAbsolutePath();
    Instant t0 = Instant.parse("2026-03-02T09:00:00Z");
    try (JdbiTaskStore daemon = JdbiTaskStore.builder().url(url).user("sa").build();
        JdbiTaskStore cli = JdbiTaskStore.builder().url(url).user("sa").build()) {
      cli.create(summaryTask("from-cli", t0).build());
      assertThat(daemon.get(TaskId.of("from-cli"))).isPresent();
      assertThat(daemon.toString()).contains("AUTO_SERVER=TRUE");
    }
  }

  @Test
  void a_closed_store_says_so() {
    String url = "jdbc:h2:file:" + dir.resolve("closed").toAbsolutePath();
    JdbiTaskStore store = JdbiTaskStore.builder().url(url).user("sa").build();
    store.close();
    store.close();
    assertThatThrownBy(() -> store.get(TaskId.of("a"))).isInstanceOf(SchedulingException.class)
        .hasMessageContaining("is closed");
    assertThat(store.health().isHealthy()).isFalse();
  }
}

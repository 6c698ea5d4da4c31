package org.summarybot.scheduling.persistence.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.port.StoreHealth;

/**
 * The store's database, as every part uses it: its dialect, a JDBI handle or a plain connection from the pool,
 * a transaction, and one way to fail. Every failure of the database is a {@link SchedulingException} naming the
 * database by its URL with the password redacted; once the store is closed every call is refused.
 */
final class Database {

  /** Work on a JDBI handle. */
  @FunctionalInterface
  interface Work<T> {
    T apply(Handle h) throws SQLException;
  }

  /** Work on a plain JDBC connection. */
  @FunctionalInterface
  interface ConnectionWork<T> {
    T apply(Connection c) throws SQLException;
  }

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final Dialect dialect;
  private final String shownUrl;
  private final AtomicBoolean closed = new AtomicBoolean();

  Database(HikariDataSource dataSource, Dialect dialect, String shownUrl) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    this.dialect = dialect;
    this.shownUrl = shownUrl;
  }

  Dialect dialect() {
    return dialect;
  }

  boolean isPostgres() {
    return dialect == Dialect.POSTGRESQL;
  }

  /** The URL as it may be shown: password redacted. */
  String shownUrl() {
    return shownUrl;
  }

  /** {@code work} on a handle, each statement in its own transaction (autocommit). */
  <T> T run(Work<T> work) {
    checkOpen();
    try {
      return jdbi.withHandle(work::apply);
    } catch (JdbiException | SQLException e) {
      throw failure(e);
    }
  }

  /** {@code work} in one transaction, committed when it returns and rolled back when it throws. */
  <T> T inTransaction(Work<T> work) {
    checkOpen();
    try {
      // The databases' default isolation (READ COMMITTED on both); naming a level would cost the JDBC driver
      // extra round trips per transaction to read and set it.
      return jdbi.inTransaction(work::apply);
    } catch (JdbiException | SQLException e) {
      throw failure(e);
    }
  }

  /**
   * Work on a pooled connection in autocommit mode, without a JDBI handle: for the statements PostgreSQL runs for
   * every execution or every few milliseconds (the claim, the group-commit batch, {@code nextDueAt}), where a
   * handle's set-up was measurable CPU.
   */
  <T> T onConnection(ConnectionWork<T> work) {
    checkOpen();
    try (Connection c = dataSource.getConnection()) {
      if (!c.getAutoCommit()) {
        throw new IllegalStateException("the pool handed out a connection that is not in autocommit mode");
      }
      return work.apply(c);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** The health check itself: a connection from the pool, and a ping. Blocks while the database is down. */
  StoreHealth check() {
    try (Connection c = dataSource.getConnection()) {
      if (c.isValid(5)) {
        return StoreHealth.healthy();
      }
      return new StoreHealth(List.of("task database at " + shownUrl + ": the connection does not answer"));
    } catch (SQLException | RuntimeException e) {
      return new StoreHealth(List.of("task database at " + shownUrl + " is unreachable: " + e.getMessage()));
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Refuses every later call; true the first time only (the caller then closes what it holds, and the pool). */
  boolean markClosed() {
    return closed.compareAndSet(false, true);
  }

  void closePool() {
    dataSource.close();
  }

  void checkOpen() {
    if (closed.get()) {
      throw new SchedulingException("the task store for " + shownUrl + " is closed");
    }
  }

  private SchedulingException failure(Exception e) {
    return new SchedulingException("task database at " + shownUrl + ": " + e.getMessage(), e);
  }

  /** Whether {@code e} or one of its causes is a unique-key violation (SQLState 23505). */
  static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}

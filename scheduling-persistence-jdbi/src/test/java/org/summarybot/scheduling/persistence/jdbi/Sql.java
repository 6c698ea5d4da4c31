package org.summarybot.scheduling.persistence.jdbi;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Plain JDBC for tests that look at or change the database behind the store's back. */
final class Sql {
  private Sql() {}

  static Connection connect(String url, String user) throws SQLException {
    return DriverManager.getConnection(url, user, "");
  }

  /** Empties every table of the store. */
  static void clear(String url, String user) {
    exec(url, user, "DELETE FROM executions", "DELETE FROM delivery_log", "DELETE FROM tasks",
        "DELETE FROM summarizer_spend", "DELETE FROM guild_settings", "DELETE FROM interaction_claims");
  }

  static void exec(String url, String user, String... statements) {
    try (Connection c = connect(url, user); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long count(String url, String user, String sql) {
    try (Connection c = connect(url, user); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

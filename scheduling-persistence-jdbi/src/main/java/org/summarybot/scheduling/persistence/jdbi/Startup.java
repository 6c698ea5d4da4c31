package org.summarybot.scheduling.persistence.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.summarybot.scheduling.model.SchedulingException;

/** Opening the pool and bringing the schema to the version this code needs, with errors that name the cause. */
final class Startup {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private Startup() {}

  /** A pool on {@code url}; fails at once, naming the problem, when no connection can be made. */
  static HikariDataSource pool(String url, String user, String password, int size, Duration connectTimeout) {
    String shown = Dialect.redact(url);
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    if (user != null) {
      c.setUsername(user);
    }
    if (password != null) {
      c.setPassword(password);
    }
    c.setMaximumPoolSize(size);
    c.setMinimumIdle(Math.min(2, size));
    c.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
    c.setValidationTimeout(Math.max(250, Math.min(5000, connectTimeout.toMillis())));
    c.setInitializationFailTimeout(1);
    c.setPoolName("summary-scheduler-jdbi-" + POOLS.incrementAndGet());
    try {
      return new HikariDataSource(c);
    } catch (RuntimeException e) {
      throw new SchedulingException("cannot open the task database at " + shown + explain(e, password), null);
    }
  }

  /**
   * Why a connection failed: the database driver's own message (the first {@link SQLException} in the chain,
   * else the root cause), its SQLState, and a hint when the server could not be reached at all.
   */
  static String explain(Throwable e, String password) {
    SQLException sql = null;
    Throwable root = e;
    boolean network = false;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (sql == null && t instanceof SQLException s) {
        sql = s;
      }
      network |= t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
          || t instanceof java.net.NoRouteToHostException || t instanceof java.net.SocketTimeoutException;
      root = t;
    }
    Throwable shown = sql != null ? sql : root;
    String why = shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
    String state = sql != null && sql.getSQLState() != null ? " [SQLState " + sql.getSQLState() + "]" : "";
    network |= sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
    String hint = network ? " (is the server running and reachable at that host and port?)" : "";
    return hint + ": " + redactSecret(why, password) + state;
  }

  /**
   * Checks the schema against this code's migrations: refuses a schema newer than the code, applies pending
   * migrations when {@code migrate} is on (a second run is a no-op) and refuses a schema that is behind when it
   * is off. Returns the schema version in use.
   */
  static String migrate(HikariDataSource ds, String shownUrl, boolean migrate, List<String> locations) {
    Flyway flyway = Flyway.configure(Startup.class.getClassLoader())
        .dataSource(ds)
        .locations(locations.toArray(new String[0]))
        .load();
    try {
      MigrationInfoService info = flyway.info();
      String latest = latest(info);
      List<String> future = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      for (MigrationInfo m : info.all()) {
        if (m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED) {
          future.add(String.valueOf(m.getVersion()));
        } else if (m.getState().isFailed()) {
          failed.add(m.getVersion() + " (" + m.getDescription() + ")");
        }
      }
      if (!future.isEmpty()) {
        throw new SchedulingException("the task database at " + shownUrl + " has schema version "
            + future.get(future.size() - 1) + ", newer than this code's latest version " + latest
            + "; run a newer version of the scheduler against it (it was upgraded by one)");
      }
      if (!failed.isEmpty()) {
        throw new SchedulingException("the task database at " + shownUrl + " has a failed migration "
            + String.join(", ", failed) + "; repair the schema (flyway repair) before starting");
      }
      MigrationInfo[] pending = info.pending();
      if (pending.length > 0) {
        if (!migrate) {
          throw new SchedulingException("the task database at " + shownUrl + " has schema version "
              + current(info) + " but this code needs " + latest
              + "; migrations are turned off (migrate(false)): apply them, or turn migration on");
        }
        flyway.migrate();
      }
      return latest;
    } catch (FlywayException e) {
      throw new SchedulingException("cannot bring the schema of the task database at " + shownUrl
          + " up to date: " + e.getMessage(), e);
    }
  }

  private static String latest(MigrationInfoService info) {
    String v = "none";
    for (MigrationInfo m : info.all()) {
      if (m.getState().isResolved() && m.getVersion() != null) {
        v = m.getVersion().toString();
      }
    }
    return v;
  }

  private static String current(MigrationInfoService info) {
    MigrationInfo c = info.current();
    return c == null || c.getVersion() == null ? "none (an empty database)" : c.getVersion().toString();
  }

  private static String redactSecret(String message, String password) {
    if (password == null || password.isEmpty()) {
      return message;
    }
    return message.replace(password, "***");
  }
}

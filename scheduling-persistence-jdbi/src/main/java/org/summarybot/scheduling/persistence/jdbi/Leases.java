package org.summarybot.scheduling.persistence.jdbi;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.statement.Query;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.Claim;

/**
 * The life of a lease after its claim ({@link Claiming}): extended by its holder's heartbeat and handed back,
 * both matched by the claim's fencing token ({@link Fence#HELD}); the live leases and their nodes; and the
 * timer's wake-up hint, the earliest time a task becomes claimable (its due time, or the end of the lease that
 * holds it). Judged by the {@link JudgingClock}, told in the caller's time.
 */
final class Leases {
  private final Database db;
  private final JudgingClock clock;

  Leases(Database db, JudgingClock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Moves the lease's end to {@code until} (the caller's time), when {@code claim} still holds it. */
  boolean extend(Claim claim, Instant until) {
    Instant stored = clock.toDatabase(until);
    return db.run(h -> h.createUpdate("UPDATE tasks SET lease_until = :until WHERE id = :id AND " + Fence.HELD)
        .bind("until", Stamps.arg(stored)).bind("id", claim.task().id().value())
        .bind("token", claim.fencingToken()).execute() == 1);
  }

  /** Hands the task back untouched, when {@code claim} still holds its lease. */
  boolean release(Claim claim) {
    return db.run(h -> h.createUpdate("UPDATE tasks SET lease_owner = NULL, lease_until = NULL WHERE id = :id AND "
        + Fence.HELD).bind("id", claim.task().id().value()).bind("token", claim.fencingToken()).execute() == 1);
  }

  /** The live leases and their nodes, live as a claim judges it (the caller's now, or the database's clock). */
  Map<TaskId, String> holders(Instant now) {
    return db.run(h -> {
      Map<TaskId, String> out = new TreeMap<>();
      h.createQuery("SELECT id, lease_owner FROM tasks WHERE lease_owner IS NOT NULL AND lease_until > :now")
          .bind("now", Stamps.arg(clock.judgeNow(h, now)))
          .map((rs, ctx) -> Map.entry(TaskId.of(rs.getString("id")), rs.getString("lease_owner")))
          .forEach(e -> out.put(e.getKey(), e.getValue()));
      return out;
    });
  }

  private static final String NEXT_DUE_DB_CLOCK = nextDueSql("CURRENT_TIMESTAMP");
  private static final String NEXT_DUE_CALLER_CLOCK = nextDueSql("?");
  /** How often the caller's-clock statement compares with its judging instant (each a parameter). */
  private static final int NEXT_DUE_PARAMETERS = (int) NEXT_DUE_CALLER_CLOCK.chars().filter(ch -> ch == '?').count();

  /** The earliest due time of an unleased active task, or the earliest live lease end if sooner. */
  Optional<Instant> nextDueAt(Instant now) {
    // PostgreSQL with the database's clock: the statement reads CURRENT_TIMESTAMP itself (no round trip of its
    // own) and returns it, so the skew is still measured.
    boolean inStatement = db.isPostgres() && clock.database();
    if (db.isPostgres()) {
      // A plain JDBC statement on an autocommit connection, as the claim: the timer asks every few milliseconds
      // while work is due, and a JDBI handle per call was CPU the drain competes for.
      String sql = inStatement ? NEXT_DUE_DB_CLOCK : NEXT_DUE_CALLER_CLOCK;
      return db.onConnection(c -> {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          if (!inStatement) {
            OffsetDateTime judge = OffsetDateTime.ofInstant(now.minusNanos(now.getNano() % 1000), ZoneOffset.UTC);
            for (int i = 1; i <= NEXT_DUE_PARAMETERS; i++) {
              ps.setObject(i, judge);
            }
          }
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (inStatement) {
              clock.noteDatabaseNow(now, rs.getObject("db_now", OffsetDateTime.class).toInstant());
            }
            return earlier(Stamps.plain(rs, "next_due"), Stamps.plain(rs, "next_expiry").map(clock::toCaller));
          }
        }
      });
    }
    String judge = ":now";
    String sql = "SELECT (SELECT MIN(due_at) FROM tasks WHERE status = 'ACTIVE' AND due_at IS NOT NULL"
            + " AND (lease_until IS NULL OR lease_until <= " + judge + ")) AS next_due,"
            + " (SELECT MIN(lease_until) FROM tasks WHERE lease_until > " + judge + ") AS next_expiry,"
            + " CURRENT_TIMESTAMP AS db_now";
    return db.run(h -> {
      Query q = h.createQuery(sql);
      if (!inStatement) {
        q.bind("now", Stamps.arg(clock.judgeNow(h, now)));
      }
      return q
          .map((rs, ctx) -> {
            if (inStatement) {
              clock.noteDatabaseNow(now, rs.getObject("db_now", OffsetDateTime.class).toInstant());
            }
            // A lease end in the database's time, told in the caller's.
            return earlier(Stamps.plain(rs, "next_due"), Stamps.plain(rs, "next_expiry").map(clock::toCaller));
          }).one();
    });
  }

  private static Optional<Instant> earlier(Optional<Instant> due, Optional<Instant> expiry) {
    if (due.isEmpty()) {
      return expiry;
    }
    return expiry.isPresent() && expiry.get().isBefore(due.get()) ? expiry : due;
  }

  /**
   * PostgreSQL's {@code nextDueAt} statement, on {@code tasks_active_due_idx} alone (no index holds lease_until,
   * so that a claim is a heap-only update; V5). An active task becomes claimable at its due time when no live
   * lease holds it then, else when its lease expires. So {@code next_due} is the earliest due time among active
   * tasks that are unleased, whose lease has expired, or that are not due yet (a lease on a task not yet due, left
   * by a person's edit, is reported at the due time: early, never late); read in index order, it stops at the
   * first such row. {@code next_expiry} is the earliest live lease end among the due active tasks, the only ones
   * left; it is needed only when no claimable work is due already, and its sub-select (an init plan, run only when
   * the CASE reaches it) is then not run at all: during a burst, when the timer asks every few milliseconds, it
   * would read every due row.
   */
  static String nextDueSql(String judge) {
    return "SELECT d.next_due, CASE WHEN d.next_due <= " + judge + " THEN NULL ELSE"
        + " (SELECT MIN(lease_until) FROM tasks WHERE status = 'ACTIVE' AND due_at <= " + judge
        + " AND lease_until > " + judge + ") END AS next_expiry, CURRENT_TIMESTAMP AS db_now"
        + " FROM (SELECT MIN(due_at) AS next_due FROM tasks WHERE status = 'ACTIVE' AND due_at IS NOT NULL"
        + " AND (lease_until IS NULL OR lease_until <= " + judge + " OR due_at > " + judge + ")) d";
  }
}

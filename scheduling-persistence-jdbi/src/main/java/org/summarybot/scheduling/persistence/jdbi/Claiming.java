package org.summarybot.scheduling.persistence.jdbi;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.port.Claim;

/**
 * Claiming due tasks: each claim leases a batch of due tasks to one node, with a fencing token per task (see
 * {@link Fence}) and whether it is the first holder of its due time ({@code claimed_due}). PostgreSQL claims in
 * one {@code FOR UPDATE SKIP LOCKED} statement, one round trip, for any number of nodes; H2 serialises the claims
 * of a store and leases row by row, for one node. Due times and lease expiry are judged by the {@link
 * JudgingClock}. The leases' later life (heartbeat, hand-back, wake-up hint) is {@link Leases}'.
 */
final class Claiming {

  /** What makes a task claimable, judged at {@code :now}. */
  static final String CLAIMABLE = "status = 'ACTIVE' AND due_at <= :now"
      + " AND (lease_until IS NULL OR lease_until <= :now)";

  /**
   * H2's claim order: earliest due first; among tasks due at the same instant, work a dead node abandoned (an
   * expired lease) goes before work nobody started. PostgreSQL orders by due_at alone (see {@link #claimSql}).
   */
  private static final String CLAIM_ORDER = "due_at, lease_until NULLS LAST";

  private final Database db;
  private final JudgingClock clock;
  private final Object h2ClaimLock = new Object();

  Claiming(Database db, JudgingClock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** A task just leased, its fencing token, and whether no node held it for this due time before. */
  private record Leased(ScheduledTask task, long token, boolean firstHolder) {}

  /** Up to {@code limit} due tasks leased to {@code nodeId} for {@code lease}, earliest due first. */
  List<Claim> claimDue(Instant now, int limit, String nodeId, Duration lease) {
    if (limit <= 0) {
      return List.of();
    }
    List<Leased> claimed = db.isPostgres()
        ? claimOnPostgres(now, limit, nodeId, lease)
        : claimOnH2(now, limit, nodeId, lease);
    Instant until = now.plus(lease);
    List<Claim> out = new ArrayList<>(claimed.size());
    for (Leased l : claimed) {
      out.add(new Claim(l.task(), l.task().dueAt().orElseThrow(), nodeId, l.token(), until, l.firstHolder()));
    }
    out.sort(Comparator.comparing(Claim::dueAt).thenComparing(c -> c.task().id()));
    return out;
  }

  /**
   * One statement. The ids are picked by a MATERIALIZED CTE, which PostgreSQL runs exactly once; a plain
   * "id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)" may be re-run by a semi-join plan, and each run skips the
   * rows the last one locked, so more than n rows could be leased. With the database's clock the statement reads
   * CURRENT_TIMESTAMP itself (one value per transaction) and returns it, rather than asking for it in a round trip
   * of its own.
   *
   * <p>The claim order is the order of tasks_active_due_idx, so the sub-select reads that index from its start and
   * stops after about {@code limit} rows. When the table's statistics are stale (a burst of tasks created since the
   * last ANALYZE) the planner guesses "few due rows" and prefers a bitmap scan that fetches every due task and
   * sorts them all, on every claim. So sorting is turned off for the claim's transaction only ({@code
   * set_config(..., true)}, the function form of SET LOCAL), and the index order is the plan whatever the
   * statistics say. Both statements go in one execute on an autocommit connection: the driver sends them in one
   * round trip ending in one Sync, and PostgreSQL runs everything before a Sync as one transaction and commits it
   * there. So a claim is one round trip and one commit, and the setting ends with it (the connection goes back to
   * the pool as it came).
   */
  private List<Leased> claimOnPostgres(Instant now, int limit, String nodeId, Duration lease) {
    boolean dbClock = clock.database();
    String sql = claimSql(dbClock);
    return db.onConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        if (!dbClock) {
          // CLAIMABLE compares with the judging instant twice.
          OffsetDateTime judge = OffsetDateTime.ofInstant(now.minusNanos(now.getNano() % 1000), ZoneOffset.UTC);
          ps.setObject(i++, judge);
          ps.setObject(i++, judge);
        }
        ps.setInt(i++, limit);
        ps.setString(i++, nodeId);
        if (dbClock) {
          ps.setLong(i, lease.toNanos() / 1_000);
        } else {
          Instant until = now.plus(lease);
          ps.setObject(i, OffsetDateTime.ofInstant(until.minusNanos(until.getNano() % 1000), ZoneOffset.UTC));
        }
        ps.execute();
        // The first result is set_config's one row; the second the leased rows.
        if (!ps.getMoreResults()) {
          throw new SQLException("the claim statement returned no rows");
        }
        List<Leased> rows = new ArrayList<>();
        try (ResultSet rs = ps.getResultSet()) {
          while (rs.next()) {
            if (rows.isEmpty() && dbClock) {
              clock.noteDatabaseNow(now, rs.getObject("db_now", OffsetDateTime.class).toInstant());
            }
            rows.add(new Leased(TaskRows.read(rs), rs.getLong("lease_token"), rs.getBoolean("first_holder")));
          }
        }
        return rows;
      }
    });
  }

  /**
   * The PostgreSQL claim: sorting off for its transaction, then the claim statement (parameters: with the
   * caller's clock the judging instant twice, then the limit, the node and the lease end; with the database's
   * clock the limit, the node and the lease length in microseconds).
   */
  static String claimSql(boolean dbClock) {
    return "SELECT set_config('enable_sort', 'off', true);"
        // The candidates are picked and locked once, by a MATERIALIZED CTE (a CTE is evaluated once, so no
        // re-run of the SKIP LOCKED sub-select can lease more rows than asked for). It also carries, read under
        // the row lock, whether the due time handed out now differs from the one last handed out (claimed_due):
        // then no node held this task for this due time before, and the claim is a first holder.
        // Ordered by due_at alone, the key of tasks_active_due_idx (V5): no index holds a column the update writes
        // (lease_owner, lease_until, claimed_due), so it is a heap-only update that writes no index entry. Among
        // tasks due at the same instant the order is the index's (by place in the table), so work whose lease
        // expired no longer surely goes before work nobody started (that order needed lease_until in the index).
        + " WITH s AS MATERIALIZED (SELECT id, claimed_due IS DISTINCT FROM due_at AS first_holder"
        + " FROM tasks WHERE " + CLAIMABLE.replace(":now", dbClock ? "CURRENT_TIMESTAMP" : "?")
        + " ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED)"
        + " UPDATE tasks t SET lease_owner = ?, lease_until = "
        + (dbClock ? "CURRENT_TIMESTAMP + ? * INTERVAL '1 microsecond'" : "?")
        + ", claimed_due = t.due_at, lease_token = nextval('lease_tokens') FROM s WHERE t.id = s.id"
        + " RETURNING t.*, s.first_holder, CURRENT_TIMESTAMP AS db_now";
  }

  /**
   * H2 has no SKIP LOCKED. Claims of this store are serialised by a lock; each row is then leased by its own
   * conditional UPDATE in its own transaction (the conditions checked again under the row lock), so another store
   * or process on the same file can neither get the same task nor deadlock with this one. Only rows this call
   * leased are returned.
   */
  private List<Leased> claimOnH2(Instant now, int limit, String nodeId, Duration lease) {
    synchronized (h2ClaimLock) {
      return db.run(h -> {
        Instant judge = clock.judgeNow(h, now);
        List<String> ids = h.createQuery("SELECT id FROM tasks WHERE " + CLAIMABLE
                + " ORDER BY " + CLAIM_ORDER + ", id LIMIT :limit")
            .bind("now", Stamps.arg(judge)).bind("limit", limit).mapTo(String.class).list();
        // Each lease is one statement that also reads, from the row as it was just before the update (H2's
        // OLD TABLE), whether the due time handed out differs from the one last handed out (a first holder).
        Map<String, Boolean> leased = new HashMap<>();
        for (String id : ids) {
          h.createQuery("SELECT claimed_due IS DISTINCT FROM due_at AS first_holder FROM OLD TABLE ("
                  + "UPDATE tasks SET lease_owner = :node, lease_until = :until, claimed_due = due_at,"
                  + " lease_token = NEXT VALUE FOR lease_tokens WHERE id = :id AND " + CLAIMABLE + ")")
              .bind("node", nodeId).bind("until", Stamps.arg(judge.plus(lease))).bind("now", Stamps.arg(judge))
              .bind("id", id).mapTo(Boolean.class).findOne().ifPresent(first -> leased.put(id, first));
        }
        if (leased.isEmpty()) {
          return List.<Leased>of();
        }
        return h.createQuery("SELECT * FROM tasks WHERE id IN (<ids>) AND lease_owner = :node"
                + " AND lease_until = :until")
            .bindList("ids", new ArrayList<>(leased.keySet())).bind("node", nodeId)
            .bind("until", Stamps.arg(judge.plus(lease)))
            .map((rs, ctx) -> {
              ScheduledTask t = TaskRows.read(rs);
              return new Leased(t, rs.getLong("lease_token"), leased.get(t.id().value()));
            }).list();
      });
    }
  }
}

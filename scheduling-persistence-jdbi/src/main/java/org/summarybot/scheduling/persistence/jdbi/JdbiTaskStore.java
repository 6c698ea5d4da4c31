package org.summarybot.scheduling.persistence.jdbi;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
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
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.summarybot.scheduling.LeaseLostException;
import org.summarybot.scheduling.model.Problems;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.VersionConflictException;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.port.StoreHealth;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;

/**
 * A {@link TaskStore} in a SQL database: PostgreSQL for one or many scheduler nodes sharing it, H2 (file mode,
 * automatic mixed mode) for one node that wants SQL without a server. Build one with {@link #builder()}.
 *
 * <p>Promises, beyond {@link TaskStore}'s: on PostgreSQL any number of nodes, each with its own store and pool,
 * may claim from one database at once and no (task, fire time) is handed to two live leases or recorded twice;
 * every completion is all or nothing (lease checked, history appended, task written one version up, lease
 * ended). On PostgreSQL, completions and delivery-log inserts of concurrent threads are group-committed (several in one
 * statement, usually one round trip and one commit, each caller returning once its own write committed, with its own
 * result or exception; see {@code GroupCommit} and the module README), and a claim is one round trip. With {@link TimeSource#DATABASE} due times and lease expiry are judged by the database's
 * clock, so a node whose clock runs ahead cannot take over a live lease early. Passwords are never logged or
 * put in messages. Schema, claiming and time source are described in the module README.
 */
public final class JdbiTaskStore implements TaskStore {

  /** Whose clock judges due times and lease expiry. */
  public enum TimeSource {
    /**
     * The {@code now} the caller passes (its {@code Clock}); deterministic, for tests and single-node use. The
     * default.
     */
    CALLER,
    /**
     * The database's {@code CURRENT_TIMESTAMP}: due times and lease expiry are compared with it, and leases run
     * for their length from it. The caller's {@code now} is used only to translate lease ends between the two
     * clocks. For several nodes whose clocks may disagree.
     */
    DATABASE
  }

  private static final String SELECT_TASK = "SELECT * FROM tasks WHERE id = :id";
  /**
   * The row's lease is the claim's: held (a holder set; release and completion clear it) and carrying the claim's
   * fencing token ({@code :token}). Every claim sets a new token from the sequence {@code lease_tokens} (V6), so a
   * stale claim, of any node, never matches.
   */
  private static final String HELD = "lease_owner IS NOT NULL AND lease_token = :token";
  private static final String CLAIMABLE = "status = 'ACTIVE' AND due_at <= :now"
      + " AND (lease_until IS NULL OR lease_until <= :now)";

  /**
   * H2's claim order: earliest due first; among tasks due at the same instant, work a dead node abandoned (an
   * expired lease) goes before work nobody started. PostgreSQL orders by due_at alone (see {@link #claimSql}).
   */
  private static final String CLAIM_ORDER = "due_at, lease_until NULLS LAST";

  /** Most writes (completions and delivery-log inserts) in one group-commit transaction. */
  static final int MAX_BATCH = 128;

  /**
   * Group-commit transactions of one store in flight at once: one, and the writes that arrive meanwhile collect
   * for the next. (Two at once made smaller batches, more commits and a lower rate in SqlStoreHarness, both with
   * batches of three JDBC batches and again with one-statement batches: 0.40 commits per execution against 0.26,
   * 2,885 executions/s against 3,502-3,964, 2 nodes.)
   */
  static final int MAX_WRITERS = 1;

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final Dialect dialect;
  private final TimeSource timeSource;
  private final String shownUrl;
  private final String schemaVersion;
  private final Object h2ClaimLock = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Database clock minus caller clock, in nanoseconds, as last seen (DATABASE time source only). */
  private final AtomicLong skewNanos = new AtomicLong();
  /** Group-commit batches that failed as a whole and were retried one write at a time (for tests). */
  private final AtomicLong batchesRetriedAlone = new AtomicLong();
  /** Completions and delivery-log inserts of this store's threads, written in shared transactions. */
  /**
   * Whether concurrent writes are group-committed: on PostgreSQL, where every commit waits for a WAL flush. Not on
   * H2, which does not flush per commit: there batching saved nothing and the single writer cost parallelism
   * (SqlStoreHarness, H2 file, 1 node: 1,251 executions/s batched against 1,610 alone). The batch writer is
   * correct on H2 too ({@code H2GroupCommitTest}).
   */
  private final boolean groupCommit;
  /**
   * Writes what a group-commit leader leaves queued once its own write is settled, for completions whose workers
   * went on without waiting (see {@link GroupCommit}): one daemon thread, started when needed and gone after a
   * second without work.
   */
  private final ThreadPoolExecutor writeRelay = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "summary-scheduler-store-writer");
        t.setDaemon(true);
        return t;
      });
  private final GroupCommit<Write> writes = new GroupCommit<>(MAX_BATCH, MAX_WRITERS, this::writeBatch, writeRelay);
  /** {@link #health()} within {@link #HEALTH_WAIT}, even while the database is down. */
  private final HealthProbe healthProbe;
  /** The most {@link #health()} waits for the database: below a second, so {@code /health} answers within one. */
  static final Duration HEALTH_WAIT = Duration.ofMillis(800);

  private JdbiTaskStore(Builder b, HikariDataSource ds, String schemaVersion) {
    this.dataSource = ds;
    this.jdbi = Jdbi.create(ds);
    this.dialect = b.dialect;
    this.timeSource = b.timeSource;
    this.groupCommit = dialect == Dialect.POSTGRESQL;
    this.shownUrl = Dialect.redact(b.effectiveUrl);
    this.schemaVersion = schemaVersion;
    this.healthProbe = new HealthProbe(this::checkHealth, HEALTH_WAIT, "task database at " + shownUrl);
  }

  /**
   * {@code url} as it may be printed or logged: the values of password-like parameters ({@code password=},
   * {@code sslpassword=}, {@code pwd=}, in a query or H2's {@code ;KEY=value} settings) and the credentials of
   * {@code //user:password@host} replaced by {@code ***}. Any text may be passed; what is not a credential stays.
   */
  public static String redactUrl(String url) {
    return Dialect.redact(requireNonNull(url, "url"));
  }

  /** A builder; {@link Builder#url} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The schema version the database is at (the latest this code knows). */
  public String schemaVersion() {
    return schemaVersion;
  }

  /** Whose clock judges due times and leases. */
  public TimeSource timeSource() {
    return timeSource;
  }

  // ---------------------------------------------------------------- tasks

  @Override
  public ScheduledTask create(ScheduledTask task) {
    requireNonNull(task, "task");
    if (task.version() != 0) {
      throw new IllegalArgumentException("a new task has version 0, not " + task.version());
    }
    ScheduledTask stored = task.toBuilder().version(1).build();
    try {
      return run(h -> {
        TaskRows.bind(h.createUpdate("INSERT INTO tasks (" + TaskRows.COLUMNS + ") VALUES (" + TaskRows.VALUES + ")"),
            stored).execute();
        return stored;
      });
    } catch (SchedulingException e) {
      if (isUniqueViolation(e)) {
        throw new SchedulingException("task " + task.id() + " already exists", null);
      }
      throw e;
    }
  }

  @Override
  public Optional<ScheduledTask> get(TaskId id) {
    requireNonNull(id, "id");
    return run(h -> h.createQuery(SELECT_TASK).bind("id", id.value())
        .map((rs, ctx) -> TaskRows.read(rs)).findOne());
  }

  @Override
  public ScheduledTask update(ScheduledTask task) {
    requireNonNull(task, "task");
    ScheduledTask next = task.toBuilder().version(task.version() + 1).build();
    return inTransaction(h -> {
      int n = TaskRows.bind(h.createUpdate("UPDATE tasks SET " + TaskRows.ASSIGNMENTS
          + " WHERE id = :id AND version = :expected"), next).bind("expected", task.version()).execute();
      if (n == 1) {
        return next;
      }
      Optional<Long> actual = h.createQuery("SELECT version FROM tasks WHERE id = :id")
          .bind("id", task.id().value()).mapTo(Long.class).findOne();
      if (actual.isEmpty()) {
        throw new TaskNotFoundException(task.id());
      }
      throw new VersionConflictException(task.id(), task.version(), actual.get());
    });
  }

  @Override
  public boolean delete(TaskId id) {
    requireNonNull(id, "id");
    return run(h -> h.createUpdate("DELETE FROM tasks WHERE id = :id").bind("id", id.value()).execute() > 0);
  }

  @Override
  public List<ScheduledTask> list(TaskQuery query) {
    requireNonNull(query, "query");
    StringBuilder sql = new StringBuilder("SELECT * FROM tasks WHERE 1 = 1");
    query.guild().ifPresent(g -> sql.append(" AND guild_id = :guild"));
    query.kind().ifPresent(k -> sql.append(" AND kind = :kind"));
    if (!query.statuses().isEmpty()) {
      sql.append(" AND status IN (<statuses>)");
    }
    List<ScheduledTask> out = run(h -> {
      Query q = h.createQuery(sql.toString());
      query.guild().ifPresent(g -> q.bind("guild", g.value()));
      query.kind().ifPresent(k -> q.bind("kind", k.name()));
      if (!query.statuses().isEmpty()) {
        q.bindList("statuses", query.statuses().stream().map(TaskStatus::name).toList());
      }
      return q.map((rs, ctx) -> TaskRows.read(rs)).list();
    });
    // Sorted here, not by ORDER BY: database collations need not order ids as Java strings do.
    return out.stream().sorted(Comparator.comparing(ScheduledTask::id)).toList();
  }

  @Override
  public Map<TaskStatus, Long> countByStatus() {
    return run(h -> {
      Map<TaskStatus, Long> counts = new java.util.EnumMap<>(TaskStatus.class);
      h.createQuery("SELECT status, COUNT(*) AS n FROM tasks GROUP BY status")
          .map((rs, ctx) -> Map.entry(TaskStatus.valueOf(rs.getString("status")), rs.getLong("n")))
          .forEach(e -> counts.put(e.getKey(), e.getValue()));
      return counts;
    });
  }

  // ---------------------------------------------------------------- claiming and leases

  @Override
  public List<Claim> claimDue(Instant now, int limit, String nodeId, Duration lease) {
    requireNonNull(now, "now");
    requireNonNull(nodeId, "nodeId");
    requireNonNull(lease, "lease");
    if (limit <= 0) {
      return List.of();
    }
    List<Leased> claimed;
    if (dialect == Dialect.POSTGRESQL) {
      // One statement. The ids are picked by a MATERIALIZED CTE, which PostgreSQL runs exactly once; a plain
      // "id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)" may be re-run by a semi-join plan, and each run
      // skips the rows the last one locked, so more than n rows could be leased. With the database's clock the
      // statement reads CURRENT_TIMESTAMP itself (one value per transaction) and returns it, rather than asking
      // for it in a round trip of its own.
      boolean dbClock = timeSource == TimeSource.DATABASE;
      // The claim order is the order of tasks_active_due_idx, so the sub-select reads that index from its start and
      // stops after about `limit` rows. When the table's statistics are stale (a burst of tasks created since the
      // last ANALYZE) the planner guesses "few due rows" and prefers a bitmap scan that fetches every due task and
      // sorts them all, on every claim: a burst of 50,000 became 50,000-row sorts. So sorting is turned off for
      // the claim's transaction only (set_config(..., true), the function form of SET LOCAL), and the index order
      // is the plan whatever the statistics say. Both statements go in one execute on an autocommit connection:
      // the driver sends them in one round trip ending in one Sync, and PostgreSQL runs everything before a Sync
      // as one transaction and commits it there. So a claim is one round trip and one commit, and the setting
      // ends with it (the connection goes back to the pool as it came).
      String sql = claimSql(dbClock);
      claimed = onConnection(c -> {
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
                noteDatabaseNow(now, rs.getObject("db_now", OffsetDateTime.class).toInstant());
              }
              rows.add(new Leased(TaskRows.read(rs), rs.getLong("lease_token"), rs.getBoolean("first_holder")));
            }
          }
          return rows;
        }
      });
    } else {
      synchronized (h2ClaimLock) {
        // H2 has no SKIP LOCKED. Claims of this store are serialised by the lock; each row is then leased by
        // its own conditional UPDATE in its own transaction (the conditions checked again under the row lock),
        // so another store or process on the same file can neither get the same task nor deadlock with this
        // one. Only rows this call leased are returned.
        claimed = run(h -> {
          Instant judge = judgeNow(h, now);
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
    Instant until = now.plus(lease);
    List<Claim> out = new ArrayList<>(claimed.size());
    for (Leased l : claimed) {
      out.add(new Claim(l.task(), l.task().dueAt().orElseThrow(), nodeId, l.token(), until, l.firstHolder()));
    }
    out.sort(Comparator.comparing(Claim::dueAt).thenComparing(c -> c.task().id()));
    return out;
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

  @Override
  public Optional<Instant> nextDueAt(Instant now) {
    requireNonNull(now, "now");
    // PostgreSQL with the database's clock: the statement reads CURRENT_TIMESTAMP itself (no round trip of its
    // own) and returns it, so the skew is still measured.
    boolean inStatement = dialect == Dialect.POSTGRESQL && timeSource == TimeSource.DATABASE;
    if (dialect == Dialect.POSTGRESQL) {
      // A plain JDBC statement on an autocommit connection, as the claim: the timer asks every few milliseconds
      // while work is due, and a JDBI handle per call was CPU the drain competes for.
      String sql = inStatement ? NEXT_DUE_DB_CLOCK : NEXT_DUE_CALLER_CLOCK;
      return onConnection(c -> {
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
              noteDatabaseNow(now, rs.getObject("db_now", OffsetDateTime.class).toInstant());
            }
            return earlier(Stamps.plain(rs, "next_due"),
                Stamps.plain(rs, "next_expiry").map(e -> e.minusNanos(skewNanos.get())));
          }
        }
      });
    }
    String judge = ":now";
    String sql = "SELECT (SELECT MIN(due_at) FROM tasks WHERE status = 'ACTIVE' AND due_at IS NOT NULL"
            + " AND (lease_until IS NULL OR lease_until <= " + judge + ")) AS next_due,"
            + " (SELECT MIN(lease_until) FROM tasks WHERE lease_until > " + judge + ") AS next_expiry,"
            + " CURRENT_TIMESTAMP AS db_now";
    return run(h -> {
      Query q = h.createQuery(sql);
      if (!inStatement) {
        q.bind("now", Stamps.arg(judgeNow(h, now)));
      }
      return q
          .map((rs, ctx) -> {
            if (inStatement) {
              noteDatabaseNow(now, rs.getObject("db_now", OffsetDateTime.class).toInstant());
            }
            // A lease end in the database's time, told in the caller's.
            return earlier(Stamps.plain(rs, "next_due"),
                Stamps.plain(rs, "next_expiry").map(e -> e.minusNanos(skewNanos.get())));
          }).one();
    });
  }

  private static Optional<Instant> earlier(Optional<Instant> due, Optional<Instant> expiry) {
    if (due.isEmpty()) {
      return expiry;
    }
    return expiry.isPresent() && expiry.get().isBefore(due.get()) ? expiry : due;
  }

  private static final String NEXT_DUE_DB_CLOCK = nextDueSql("CURRENT_TIMESTAMP");
  private static final String NEXT_DUE_CALLER_CLOCK = nextDueSql("?");
  /** How often the caller's-clock statement compares with its judging instant (each a parameter). */
  private static final int NEXT_DUE_PARAMETERS = (int) NEXT_DUE_CALLER_CLOCK.chars().filter(ch -> ch == '?').count();

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

  @Override
  public Map<TaskId, String> leaseHolders(Instant now) {
    requireNonNull(now, "now");
    // Live as claimDue judges it: by the caller's now, or with TimeSource.DATABASE by the database's clock.
    return run(h -> {
      Map<TaskId, String> out = new TreeMap<>();
      h.createQuery("SELECT id, lease_owner FROM tasks WHERE lease_owner IS NOT NULL AND lease_until > :now")
          .bind("now", Stamps.arg(judgeNow(h, now)))
          .map((rs, ctx) -> Map.entry(TaskId.of(rs.getString("id")), rs.getString("lease_owner")))
          .forEach(e -> out.put(e.getKey(), e.getValue()));
      return out;
    });
  }

  @Override
  public boolean extendLease(Claim claim, Instant until) {
    requireNonNull(claim, "claim");
    requireNonNull(until, "until");
    Instant stored = until.plusNanos(skewNanos.get());
    return run(h -> h.createUpdate("UPDATE tasks SET lease_until = :until WHERE id = :id AND " + HELD)
        .bind("until", Stamps.arg(stored)).bind("id", claim.task().id().value())
        .bind("token", claim.fencingToken()).execute() == 1);
  }

  @Override
  public boolean releaseLease(Claim claim) {
    requireNonNull(claim, "claim");
    return run(h -> h.createUpdate("UPDATE tasks SET lease_owner = NULL, lease_until = NULL WHERE id = :id AND "
        + HELD).bind("id", claim.task().id().value()).bind("token", claim.fencingToken()).execute() == 1);
  }

  // ---------------------------------------------------------------- completion and history

  @Override
  public ScheduledTask complete(Completion completion) {
    requireNonNull(completion, "completion");
    checkOpen();
    // The delivery keys go in the completion's own transaction, and are committed even when it is refused.
    if (!groupCommit) {
      return completeAlone(completion);
    }
    return (ScheduledTask) writes.submit(new Write(completion, null, null, true));
  }

  /**
   * On PostgreSQL the completion joins the group commit without its caller waiting (see {@link GroupCommit});
   * {@code done} runs once its batch committed or failed, on the thread that wrote the batch. A scheduler's
   * workers so go on with their next execution meanwhile, and the batches grow (SqlStoreHarness, 2 nodes of 10
   * workers: about 0.24 commits per execution, claims included, when each worker waited for its commit, about 0.13
   * now). On H2 it is {@link #complete}.
   */
  @Override
  public void completeThen(Completion completion, BiConsumer<ScheduledTask, RuntimeException> done) {
    requireNonNull(completion, "completion");
    requireNonNull(done, "done");
    if (!groupCommit) {
      TaskStore.super.completeThen(completion, done);
      return;
    }
    try {
      checkOpen();
    } catch (RuntimeException e) {
      done.accept(null, e);
      return;
    }
    Write w = new Write(completion, null, null, true);
    writes.submitThen(w, () -> {
      ScheduledTask stored;
      try {
        stored = (ScheduledTask) w.result();
      } catch (RuntimeException e) {
        done.accept(null, e);
        return;
      }
      done.accept(stored, null);
    });
  }

  /**
   * A completion in its own transaction: the lone write, and the retry of a batch that failed as a whole. Its
   * delivery keys are inserted first, in the same transaction; a lost lease or a deleted task is refused after
   * the transaction committed them (nothing else written). When the transaction fails (a history record already
   * there, a lost connection), the keys are written in a transaction of their own before the failure is thrown.
   */
  private ScheduledTask completeAlone(Completion completion) {
    Claim claim = completion.claim();
    TaskId id = claim.task().id();
    Object outcome;
    try {
      outcome = inTransaction(h -> {
        if (!completion.deliveryKeys().isEmpty()) {
          insertKeys(h, completion.deliveryKeys(), null, completion.completedAt());
        }
        Optional<Locked> row = h.createQuery(SELECT_TASK + " FOR UPDATE").bind("id", id.value())
            .map((rs, ctx) -> Locked.read(rs)).findOne();
        if (row.isEmpty()) {
          return new TaskNotFoundException(id);
        }
        if (!row.get().heldBy(claim)) {
          return new LeaseLostException(id, claim.nodeId(), claim.fencingToken());
        }
        ScheduledTask current = row.get().task();
        if (!completion.records().isEmpty()) {
          PreparedBatch batch = h.prepareBatch(ExecutionRows.INSERT);
          for (ExecutionRecord r : completion.records()) {
            ExecutionRows.add(batch, r);
          }
          batch.execute();
        }
        ScheduledTask next = completion.applyTo(current).toBuilder().version(current.version() + 1).build();
        TaskRows.bind(h.createUpdate("UPDATE tasks SET " + TaskRows.ASSIGNMENTS
            + ", lease_owner = NULL, lease_until = NULL WHERE id = :id"), next).execute();
        return next;
      });
    } catch (SchedulingException e) {
      SchedulingException thrown = isUniqueViolation(e)
          ? new SchedulingException("task " + id + ": an execution among "
              + completion.records().stream().map(r -> r.scheduledFor().toString()).toList()
              + " is already recorded; nothing was written (each fire runs once)", null)
          : e;
      if (!completion.deliveryKeys().isEmpty()) {
        try {
          inTransaction(h -> insertKeys(h, completion.deliveryKeys(), null, completion.completedAt()));
        } catch (RuntimeException keys) {
          thrown.addSuppressed(keys);
        }
      }
      throw thrown;
    }
    if (outcome instanceof RuntimeException refused) {
      throw refused;
    }
    return (ScheduledTask) outcome;
  }

  @Override
  public List<ExecutionRecord> history(TaskId id, int limit) {
    requireNonNull(id, "id");
    if (limit <= 0) {
      return List.of();
    }
    return run(h -> h.createQuery("SELECT * FROM executions WHERE task_id = :id ORDER BY scheduled_for DESC"
            + " LIMIT :limit")
        .bind("id", id.value()).bind("limit", limit).map((rs, ctx) -> ExecutionRows.read(rs)).list());
  }

  @Override
  public int pruneHistory(Instant olderThan) {
    requireNonNull(olderThan, "olderThan");
    return inTransaction(h -> {
      int n = h.createUpdate("DELETE FROM executions WHERE finished_at < :cutoff")
          .bind("cutoff", Stamps.arg(olderThan)).execute();
      h.createUpdate("DELETE FROM delivery_log WHERE recorded_at < :cutoff")
          .bind("cutoff", Stamps.arg(olderThan)).execute();
      return n;
    });
  }

  @Override
  public boolean recordDelivery(String deliveryKey, Instant at) {
    requireNonNull(deliveryKey, "deliveryKey");
    requireNonNull(at, "at");
    checkOpen();
    if (!groupCommit) {
      return recordDeliveryAlone(deliveryKey, at);
    }
    return (Boolean) writes.submit(new Write(null, deliveryKey, at, true));
  }

  /** A delivery key recorded in its own transaction. */
  private boolean recordDeliveryAlone(String deliveryKey, Instant at) {
    if (dialect == Dialect.POSTGRESQL) {
      return run(h -> h.createUpdate("INSERT INTO delivery_log (delivery_key, recorded_at) VALUES (:key, :at)"
          + " ON CONFLICT (delivery_key) DO NOTHING").bind("key", deliveryKey).bind("at", Stamps.arg(at))
          .execute() == 1);
    }
    try {
      return run(h -> h.createUpdate("INSERT INTO delivery_log (delivery_key, recorded_at) VALUES (:key, :at)")
          .bind("key", deliveryKey).bind("at", Stamps.arg(at)).execute() == 1);
    } catch (SchedulingException e) {
      if (isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public boolean isDelivered(String deliveryKey) {
    requireNonNull(deliveryKey, "deliveryKey");
    return run(h -> h.createQuery("SELECT COUNT(*) FROM delivery_log WHERE delivery_key = :key")
        .bind("key", deliveryKey).mapTo(Integer.class).one() > 0);
  }

  // ---------------------------------------------------------------- health and lifecycle

  /**
   * Whether the database answers: a connection from the pool and a ping, within {@link #HEALTH_WAIT}. While the
   * database is down this does not wait for the pool's connect timeout: it says the database does not answer, and
   * when it last did.
   */
  @Override
  public StoreHealth health() {
    if (closed.get()) {
      return new StoreHealth(List.of("task database at " + shownUrl + ": the store is closed"));
    }
    return healthProbe.health();
  }

  /** The health check itself: a connection from the pool, and a ping. Blocks while the database is down. */
  private StoreHealth checkHealth() {
    try (Connection c = dataSource.getConnection()) {
      if (c.isValid(5)) {
        return StoreHealth.healthy();
      }
      return new StoreHealth(List.of("task database at " + shownUrl + ": the connection does not answer"));
    } catch (SQLException | RuntimeException e) {
      return new StoreHealth(List.of("task database at " + shownUrl + " is unreachable: " + e.getMessage()));
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      healthProbe.close();
      dataSource.close();
      // A relay run already queued still runs (its writes fail and are called back with the failure); later
      // leftovers are written, failing, by their leader.
      writeRelay.shutdown();
    }
  }

  @Override
  public String toString() {
    return "JdbiTaskStore[" + shownUrl + ", " + dialect + ", time source " + timeSource + "]";
  }

  // ---------------------------------------------------------------- internals

  /** The instant that judges due times and leases: the caller's, or the database's (remembering the skew). */
  private Instant judgeNow(Handle h, Instant callerNow) {
    if (timeSource == TimeSource.CALLER) {
      return callerNow;
    }
    Instant db = h.createQuery("SELECT CURRENT_TIMESTAMP")
        .map((rs, ctx) -> rs.getObject(1, OffsetDateTime.class)).one().toInstant();
    noteDatabaseNow(callerNow, db);
    return db;
  }

  /** Remembers the skew between the database's clock and the caller's. */
  private void noteDatabaseNow(Instant callerNow, Instant db) {
    skewNanos.set(Duration.between(callerNow, db).toNanos());
  }

  /** A task just leased, and whether no node held it for this due time before. */
  private record Leased(ScheduledTask task, long token, boolean firstHolder) {}

  /** A task row read under its row lock, with its lease: the holder (null when none) and its fencing token. */
  private record Locked(ScheduledTask task, String leaseOwner, long leaseToken) {
    static Locked read(ResultSet rs) throws SQLException {
      return new Locked(TaskRows.read(rs), rs.getString("lease_owner"), rs.getLong("lease_token"));
    }

    /** Whether {@code claim} holds this row's lease (see {@link #HELD}). */
    boolean heldBy(Claim claim) {
      return leaseOwner != null && leaseToken == claim.fencingToken();
    }
  }

  // ---------------------------------------------------------------- group commit

  /** A completion or a delivery-log insert waiting for its group commit. */
  private static final class Write extends GroupCommit.Write {
    final Completion completion;
    final String deliveryKey;
    final Instant at;
    /**
     * PostgreSQL: a completion's task as it is written when its row is as claimed (claimed version + 1) and its
     * rows for the batch statement, made (and turned into text) by the calling thread before it queues, so the
     * one writer of a batch only gathers them; null when the completion does not apply to the claimed task.
     */
    final ScheduledTask next;
    final RowValues taskRow;
    final List<RowValues> recordRows;

    Write(Completion completion, String deliveryKey, Instant at, boolean rowsForOneStatement) {
      this.completion = completion;
      this.deliveryKey = deliveryKey;
      this.at = at;
      ScheduledTask n = null;
      RowValues row = null;
      List<RowValues> records = List.of();
      if (completion != null && rowsForOneStatement) {
        try {
          ScheduledTask claimed = completion.claim().task();
          n = completion.applyTo(claimed).toBuilder().version(claimed.version() + 1).build();
          row = TaskRows.values(n).bigint("expected", claimed.version())
              .bigint("token", completion.claim().fencingToken());
          row.texts();
          records = new ArrayList<>(completion.records().size());
          for (ExecutionRecord r : completion.records()) {
            RowValues record = ExecutionRows.values(r).text("owner", claimed.id().value());
            record.texts();
            records.add(record);
          }
        } catch (RuntimeException e) {
          // Not applicable to the claimed task: the batch writes it like a changed row (locked, applied to the
          // row as it then is, or failing alone with its own exception), as the lone path would.
          n = null;
          row = null;
          records = List.of();
        }
      }
      next = n;
      taskRow = row;
      recordRows = records;
    }

    @Override
    Object key() {
      // A task id (one row of tasks) or a delivery key (one row of delivery_log); the types keep them apart.
      return completion != null ? completion.claim().task().id() : deliveryKey;
    }
  }

  /**
   * Writes a batch of completions and delivery-log inserts: on PostgreSQL in one statement (see
   * {@link #writeBatchInOneStatement}), on H2 in one transaction of JDBC batches. Each write's result is set only
   * once it committed. A completion whose lease was lost or whose task is gone is refused alone, with the
   * exception it would get alone, and writes nothing but the delivery keys it brought; the rest of the batch
   * commits. When the batch fails as a whole (a history record already there, a lost connection, a deadlock),
   * nothing of it was written and every write is retried alone, in its own transaction, so it succeeds or fails
   * on its own exactly as if it had never been batched (a completion's keys are written then too).
   */
  private void writeBatch(List<Write> batch) {
    if (dialect == Dialect.POSTGRESQL) {
      writeBatchInOneStatement(batch);
      return;
    }
    if (batch.size() == 1) {
      writeAlone(batch.get(0));
      return;
    }
    List<Write> deliveries = new ArrayList<>();
    List<Write> completions = new ArrayList<>();
    for (Write w : batch) {
      (w.completion != null ? completions : deliveries).add(w);
    }
    Map<Write, Object> results;
    try {
      results = inTransaction(h -> {
        Map<Write, Object> out = new IdentityHashMap<>();
        recordDeliveries(h, deliveries, completions, out);
        if (!completions.isEmpty()) {
          completeAll(h, completions, out);
        }
        return out;
      });
    } catch (RuntimeException e) {
      batchesRetriedAlone.incrementAndGet();
      for (Write w : batch) {
        writeAlone(w);
      }
      return;
    }
    settle(batch, results);
  }

  /**
   * PostgreSQL: the batch as one statement on an autocommit connection, so one round trip and one commit (in
   * the common case where every claimed row is as it was claimed). Every column of the batch's rows travels as
   * one text array, which {@code unnest} turns back into rows; three data-modifying CTEs then insert the
   * delivery keys ({@code ON CONFLICT DO NOTHING}, returning the keys that were new), write every task row
   * still at its claimed version and leased to its claim's node one version up with its lease ended (returning
   * the ids written), and insert the history records of exactly those completions. The statement is atomic: a
   * history record already there (executions_once) fails it as a whole, nothing is written, and every write is
   * retried alone as on H2. The completions whose row was not written (a person changed the task meanwhile,
   * the lease was lost, the task is gone) had their keys committed with the statement and are then written in
   * a second transaction, locked and handled one by one as a lone completion would be, so each is refused or
   * applied on its own.
   */
  private void writeBatchInOneStatement(List<Write> batch) {
    RowValues.Columns keys = new RowValues.Columns();
    RowValues.Columns tasks = new RowValues.Columns();
    RowValues.Columns records = new RowValues.Columns();
    Set<String> seenKeys = new HashSet<>();
    for (Write w : batch) {
      if (w.completion == null) {
        // Two delivery-log writes of one key never share a batch; a completion's key may equal one of theirs.
        seenKeys.add(w.deliveryKey);
        keys.add(new RowValues().text("delivery_key", w.deliveryKey).stamp("recorded_at", w.at));
      }
    }
    for (Write w : batch) {
      if (w.completion != null) {
        for (String key : w.completion.deliveryKeys()) {
          if (seenKeys.add(key)) {
            keys.add(new RowValues().text("delivery_key", key).stamp("recorded_at", w.completion.completedAt()));
          }
        }
        if (w.taskRow != null) {
          tasks.add(w.taskRow);
          for (RowValues r : w.recordRows) {
            records.add(r);
          }
        }
      }
    }
    if (keys.rows() == 0 && tasks.rows() == 0) {
      // Only completions that do not apply to their claimed task and bring no keys: nothing for the statement.
      completeChangedInOwnTransaction(batch);
      return;
    }
    String sql = batchSql(keys, tasks, records);
    Map<String, List<String>> answered;
    try {
      answered = onConnection(c -> {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          bindBatch(c, ps, keys, tasks, records);
          Map<String, List<String>> m = new HashMap<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              m.computeIfAbsent(rs.getString(1), p -> new ArrayList<>()).add(rs.getString(2));
            }
          }
          return m;
        }
      });
    } catch (RuntimeException e) {
      batchesRetriedAlone.incrementAndGet();
      for (Write w : batch) {
        writeAlone(w);
      }
      return;
    }
    Set<String> newKeys = new HashSet<>(answered.getOrDefault("key", List.of()));
    Set<String> written = new HashSet<>(answered.getOrDefault("task", List.of()));
    List<Write> changed = new ArrayList<>();
    for (Write w : batch) {
      if (w.completion == null) {
        w.succeed(newKeys.contains(w.deliveryKey));
      } else {
        String id = w.completion.claim().task().id().value();
        if (w.taskRow != null && written.contains(id)) {
          w.succeed(w.next);
        } else {
          changed.add(w);
        }
      }
    }
    if (!changed.isEmpty()) {
      completeChangedInOwnTransaction(changed);
    }
  }

  /** The batch statements built so far, by which of the three kinds of rows they write (the SQL is fixed per kind). */
  private static final Map<Integer, String> BATCH_SQL = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The one statement of a PostgreSQL batch (see {@link #writeBatchInOneStatement}) for rows of the three kinds;
   * its parameters are the arrays of the delivery keys, then of the tasks, then of the records ({@link
   * #bindBatch}).
   */
  static String batchSql(RowValues.Columns keys, RowValues.Columns tasks, RowValues.Columns records) {
    int shape = (keys.rows() > 0 ? 1 : 0) | (tasks.rows() > 0 ? 2 : 0) | (records.rows() > 0 ? 4 : 0);
    return BATCH_SQL.computeIfAbsent(shape, k -> {
      List<String> ctes = new ArrayList<>();
      List<String> answers = new ArrayList<>();
      if (keys.rows() > 0) {
        ctes.add("k AS (INSERT INTO delivery_log (" + keys.names() + ") SELECT " + keys.typedValues("d")
            + " FROM " + keys.source("d") + " ON CONFLICT (delivery_key) DO NOTHING RETURNING delivery_key)");
        answers.add("SELECT 'key' AS part, delivery_key AS val FROM k");
      }
      if (tasks.rows() > 0) {
        ctes.add("u AS (UPDATE tasks t SET " + tasks.assignments("v", "id", "expected", "token")
            + ", lease_owner = NULL, lease_until = NULL FROM " + tasks.source("v")
            + " WHERE t.id = v.id AND t.version = CAST(v.expected AS bigint) AND t.lease_owner IS NOT NULL"
            + " AND t.lease_token = CAST(v.token AS bigint)"
            + " RETURNING t.id)");
        answers.add("SELECT 'task' AS part, id AS val FROM u");
        if (records.rows() > 0) {
          ctes.add("r AS (INSERT INTO executions (" + records.names("owner") + ") SELECT "
              + records.typedValues("x", "owner") + " FROM " + records.source("x")
              + " WHERE x.owner IN (SELECT id FROM u))");
        }
      }
      return "WITH " + String.join(", ", ctes) + " " + String.join(" UNION ALL ", answers);
    });
  }

  /** Binds the arrays of {@link #batchSql}'s statement: the kinds that have rows, in its order. */
  static void bindBatch(Connection c, PreparedStatement ps, RowValues.Columns keys, RowValues.Columns tasks,
      RowValues.Columns records) throws SQLException {
    int i = 1;
    for (RowValues.Columns kind : List.of(keys, tasks, records)) {
      if (kind.rows() == 0 || (kind == records && tasks.rows() == 0)) {
        continue;
      }
      for (String[] column : kind.arrays()) {
        ps.setArray(i++, c.createArrayOf("varchar", column));
      }
    }
  }

  /**
   * The completions of a batch whose row changed since the claim (their keys already committed): locked and
   * handled one by one in one transaction, with the history records of those written; retried alone when that
   * transaction fails as a whole.
   */
  private void completeChangedInOwnTransaction(List<Write> changed) {
    Map<Write, Object> results;
    try {
      results = inTransaction(h -> {
        Map<Write, Object> out = new IdentityHashMap<>();
        List<Write> written = new ArrayList<>();
        completeChanged(h, changed, out, written);
        insertHistory(h, written);
        return out;
      });
    } catch (RuntimeException e) {
      batchesRetriedAlone.incrementAndGet();
      for (Write w : changed) {
        writeAlone(w);
      }
      return;
    }
    settle(changed, results);
  }

  /** Gives each write its own result from a committed batch: its value, or the exception meant for it alone. */
  private static void settle(List<Write> writes, Map<Write, Object> results) {
    for (Write w : writes) {
      Object r = results.get(w);
      if (r instanceof RuntimeException e) {
        w.fail(e);
      } else {
        w.succeed(r);
      }
    }
  }

  /** The history records of the completions written, in one JDBC batch. */
  private static void insertHistory(Handle h, List<Write> written) {
    PreparedBatch history = h.prepareBatch(ExecutionRows.INSERT);
    int records = 0;
    for (Write w : written) {
      for (ExecutionRecord r : w.completion.records()) {
        ExecutionRows.add(history, r);
        records++;
      }
    }
    if (records > 0) {
      // A record already in the history (executions_once) fails the statement and so the whole batch.
      history.execute();
    }
  }

  /**
   * For tests: writes the given completions and delivery keys (recorded at {@code at}) as one group-commit
   * batch, as concurrent callers would have it written; returns, in order, each one's result (the stored task,
   * whether the key was new) or the exception its caller would get.
   */
  List<Object> writeAsOneBatch(List<?> completionsAndDeliveryKeys, Instant at) {
    List<Write> batch = new ArrayList<>();
    for (Object o : completionsAndDeliveryKeys) {
      batch.add(o instanceof Completion c ? new Write(c, null, null, dialect == Dialect.POSTGRESQL)
          : new Write(null, (String) o, at, false));
    }
    writeBatch(batch);
    List<Object> out = new ArrayList<>();
    for (Write w : batch) {
      try {
        out.add(w.result());
      } catch (RuntimeException e) {
        out.add(e);
      }
    }
    return out;
  }

  /** For tests: group-commit batches that failed as a whole and were retried one write at a time. */
  long batchesRetriedAlone() {
    return batchesRetriedAlone.get();
  }

  private void writeAlone(Write w) {
    try {
      w.succeed(w.completion != null ? completeAlone(w.completion) : recordDeliveryAlone(w.deliveryKey, w.at));
    } catch (RuntimeException e) {
      w.fail(e);
    }
  }

  /**
   * Inserts, in one JDBC batch, the keys of the delivery-log writes (each new when its row count is 1) and then
   * the delivery keys the completions bring. A key already logged is left as it is, so the completions' keys are
   * committed with the batch even when their completions are refused.
   */
  private void recordDeliveries(Handle h, List<Write> deliveries, List<Write> completions, Map<Write, Object> out) {
    List<String> keys = new ArrayList<>();
    List<Instant> ats = new ArrayList<>();
    for (Write w : deliveries) {
      keys.add(w.deliveryKey);
      ats.add(w.at);
    }
    for (Write w : completions) {
      for (String key : w.completion.deliveryKeys()) {
        keys.add(key);
        ats.add(w.completion.completedAt());
      }
    }
    if (keys.isEmpty()) {
      return;
    }
    int[] counts = insertKeys(h, keys, ats, null);
    for (int i = 0; i < deliveries.size(); i++) {
      out.put(deliveries.get(i), countOf(counts, i, keys.size()) == 1);
    }
  }

  /**
   * Inserts delivery keys in one JDBC batch, each recorded at its own instant ({@code ats}) or all at {@code at};
   * a key already logged is left as it is (row count 0, no failure). PostgreSQL: {@code ON CONFLICT DO NOTHING},
   * which also counts 0 for a key a concurrent transaction inserts and commits. H2: a {@code MERGE} that inserts
   * only a missing key.
   */
  private int[] insertKeys(Handle h, List<String> keys, List<Instant> ats, Instant at) {
    PreparedBatch b = h.prepareBatch(dialect == Dialect.POSTGRESQL
        ? "INSERT INTO delivery_log (delivery_key, recorded_at) VALUES (:key, :at) ON CONFLICT (delivery_key) DO NOTHING"
        : "MERGE INTO delivery_log d USING (VALUES (CAST(:key AS VARCHAR(600)), CAST(:at AS TIMESTAMP WITH TIME ZONE)))"
            + " AS v(k, a) ON d.delivery_key = v.k WHEN NOT MATCHED THEN INSERT (delivery_key, recorded_at)"
            + " VALUES (v.k, v.a)");
    for (int i = 0; i < keys.size(); i++) {
      b.bind("key", keys.get(i)).bind("at", Stamps.arg(ats != null ? ats.get(i) : at)).add();
    }
    return b.execute();
  }

  /**
   * Completes the claims in one transaction. First, optimistically, every row still at the claimed version and
   * leased to the claim's node is written one version up with its lease ended, in one JDBC batch (the row is then
   * exactly the claimed task, so the completion applies to it as it would to a freshly locked row). The rest (a
   * person changed the task meanwhile, the lease was lost, the task is gone) are locked in id order in one
   * statement and handled as a lone completion would be: refused with its own exception and nothing written, or
   * applied to the row as it now is. Last, the history records of every completion written go in one JDBC batch.
   */
  private void completeAll(Handle h, List<Write> ws, Map<Write, Object> out) {
    PreparedBatch unchanged = h.prepareBatch("UPDATE tasks SET " + TaskRows.ASSIGNMENTS
        + ", lease_owner = NULL, lease_until = NULL WHERE id = :id AND version = :expected AND " + HELD);
    List<ScheduledTask> nexts = new ArrayList<>(ws.size());
    for (Write w : ws) {
      Claim claim = w.completion.claim();
      ScheduledTask claimed = claim.task();
      ScheduledTask next = w.completion.applyTo(claimed).toBuilder().version(claimed.version() + 1).build();
      nexts.add(next);
      TaskRows.bind(unchanged, next).bind("expected", claimed.version()).bind("token", claim.fencingToken()).add();
    }
    int[] counts = unchanged.execute();
    List<Write> written = new ArrayList<>(ws.size());
    List<Write> changed = new ArrayList<>();
    for (int i = 0; i < ws.size(); i++) {
      if (countOf(counts, i, ws.size()) == 1) {
        out.put(ws.get(i), nexts.get(i));
        written.add(ws.get(i));
      } else {
        changed.add(ws.get(i));
      }
    }
    if (!changed.isEmpty()) {
      completeChanged(h, changed, out, written);
    }
    insertHistory(h, written);
  }

  /** The completions whose row changed since the claim: locked in id order, checked and applied one by one. */
  private void completeChanged(Handle h, List<Write> ws, Map<Write, Object> out, List<Write> written) {
    List<String> ids = new ArrayList<>(ws.size());
    for (Write w : ws) {
      ids.add(w.completion.claim().task().id().value());
    }
    Map<String, Locked> locked = new HashMap<>();
    h.createQuery("SELECT * FROM tasks WHERE id IN (<ids>) ORDER BY id FOR UPDATE").bindList("ids", ids)
        .map((rs, ctx) -> Locked.read(rs))
        .forEach(l -> locked.put(l.task().id().value(), l));
    for (Write w : ws) {
      Completion c = w.completion;
      TaskId id = c.claim().task().id();
      Locked l = locked.get(id.value());
      if (l == null) {
        out.put(w, new TaskNotFoundException(id));
        continue;
      }
      if (!l.heldBy(c.claim())) {
        out.put(w, new LeaseLostException(id, c.claim().nodeId(), c.claim().fencingToken()));
        continue;
      }
      ScheduledTask current = l.task();
      ScheduledTask next = c.applyTo(current).toBuilder().version(current.version() + 1).build();
      int n = TaskRows.bind(h.createUpdate("UPDATE tasks SET " + TaskRows.ASSIGNMENTS
          + ", lease_owner = NULL, lease_until = NULL WHERE id = :id"), next).execute();
      if (n != 1) {
        throw new IllegalStateException("a locked task row was not updated");
      }
      out.put(w, next);
      written.add(w);
    }
  }

  /** The row count of statement {@code i} of a JDBC batch of {@code n}; unknown counts fail the batch. */
  private static int countOf(int[] counts, int i, int n) {
    if (counts.length != n || counts[i] < 0) {
      throw new IllegalStateException("the JDBC driver did not report the row count of each batched statement");
    }
    return counts[i];
  }

  @FunctionalInterface
  private interface Work<T> {
    T apply(Handle h) throws SQLException;
  }

  private <T> T run(Work<T> work) {
    checkOpen();
    try {
      return jdbi.withHandle(work::apply);
    } catch (JdbiException | SQLException e) {
      throw failure(e);
    }
  }

  @FunctionalInterface
  private interface ConnectionWork<T> {
    T apply(Connection c) throws SQLException;
  }

  /**
   * Work on a pooled connection in autocommit mode, without a JDBI handle: for the two statements of every
   * execution on PostgreSQL (the claim and the batch), where a handle's set-up was measurable CPU.
   */
  private <T> T onConnection(ConnectionWork<T> work) {
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

  private <T> T inTransaction(Work<T> work) {
    checkOpen();
    try {
      // The databases' default isolation (READ COMMITTED on both); naming a level would cost the JDBC driver
      // extra round trips per transaction to read and set it.
      return jdbi.inTransaction(work::apply);
    } catch (JdbiException | SQLException e) {
      throw failure(e);
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new SchedulingException("the task store for " + shownUrl + " is closed");
    }
  }

  private SchedulingException failure(Exception e) {
    return new SchedulingException("task database at " + shownUrl + ": " + e.getMessage(), e);
  }

  private static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- builder

  /**
   * Builds a {@link JdbiTaskStore}: opens the pool, checks the schema and (by default) migrates it. Each
   * setting may be given once; a setting given twice or a missing URL fails at {@link #build()} naming it.
   */
  public static final class Builder {
    private String url;
    private String user;
    private String password;
    private Boolean migrate;
    private TimeSource timeSource;
    private Integer poolSize;
    private Duration connectTimeout;
    private final List<String> twice = new ArrayList<>();
    private Dialect dialect;
    private String effectiveUrl;

    private Builder() {}

    private <T> T once(T current, T value, String name) {
      requireNonNull(value, name);
      if (current != null) {
        twice.add(name);
      }
      return value;
    }

    /**
     * The JDBC URL: {@code jdbc:postgresql://host:port/database} or {@code jdbc:h2:file:/path/db}. An H2 file
     * URL without an {@code AUTO_SERVER} setting gets {@code ;AUTO_SERVER=TRUE}.
     */
    public Builder url(String v) { url = once(url, v, "url"); return this; }

    public Builder user(String v) { user = once(user, v, "user"); return this; }

    /** The password; it is never logged nor put in an exception message. */
    public Builder password(String v) { password = once(password, v, "password"); return this; }

    /** Whether pending migrations are applied at start (default true); when off, a schema behind fails. */
    public Builder migrate(boolean v) { migrate = once(migrate, v, "migrate"); return this; }

    /** Whose clock judges due times and leases (default {@link TimeSource#CALLER}). */
    public Builder timeSource(TimeSource v) { timeSource = once(timeSource, v, "timeSource"); return this; }

    /** Most connections the pool holds (default 10). */
    public Builder poolSize(int v) { poolSize = once(poolSize, v, "poolSize"); return this; }

    /** How long to wait for a connection, also at start (default 10 s). */
    public Builder connectTimeout(Duration v) { connectTimeout = once(connectTimeout, v, "connectTimeout"); return this; }

    /**
     * Opens the store.
     *
     * @throws org.summarybot.scheduling.model.ValidationException naming the setting when a setting is missing,
     *     repeated or impossible (such as a URL that is not a PostgreSQL or H2 JDBC URL)
     * @throws SchedulingException naming the problem when the database cannot be reached or its schema is
     *     newer than this code, or behind it with migration off
     */
    public JdbiTaskStore build() {
      Problems p = new Problems();
      for (String name : twice) {
        p.add(name, "is set more than once");
      }
      p.check(url != null && !url.isBlank(), "url", "is required");
      if (poolSize == null) {
        poolSize = 10;
      }
      p.check(poolSize >= 1 && poolSize <= 1000, "poolSize", poolSize + " is outside 1-1000");
      if (connectTimeout == null) {
        connectTimeout = Duration.ofSeconds(10);
      }
      p.check(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout", "must be positive");
      p.throwIfAny();
      dialect = Dialect.of(url);
      effectiveUrl = Dialect.effectiveUrl(url);
      if (migrate == null) {
        migrate = true;
      }
      if (timeSource == null) {
        timeSource = TimeSource.CALLER;
      }
      HikariDataSource ds = Startup.pool(effectiveUrl, user, password, poolSize, connectTimeout);
      try {
        String version = Startup.migrate(ds, Dialect.redact(effectiveUrl), migrate, dialect.migrations());
        return new JdbiTaskStore(this, ds, version);
      } catch (RuntimeException e) {
        ds.close();
        throw e;
      }
    }
  }
}

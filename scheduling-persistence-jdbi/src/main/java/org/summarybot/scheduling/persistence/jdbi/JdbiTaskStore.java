package org.summarybot.scheduling.persistence.jdbi;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.model.Problems;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.SetOnce;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.port.DaySpend;
import org.summarybot.scheduling.port.Pruned;
import org.summarybot.scheduling.port.StoreHealth;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;

/**
 * A {@link TaskStore} in a SQL database: PostgreSQL for one or many scheduler nodes sharing it, H2 (file mode,
 * automatic mixed mode) for one node that wants SQL without a server. Build one with {@link #builder()}.
 *
 * <p>Promises, beyond {@link TaskStore}'s: on PostgreSQL any number of nodes, each with its own store and pool,
 * may claim from one database at once and no (task, fire time) is handed to two live leases or recorded twice;
 * every completion is all or nothing (lease checked by its fencing token, history appended, task written one
 * version up, lease ended). On PostgreSQL, completions and delivery-log inserts of concurrent threads are
 * group-committed (several in one statement, usually one round trip and one commit, each caller returning once
 * its own write committed, with its own result or exception), and a claim is one round trip. With {@link
 * TimeSource#DATABASE} due times and lease expiry are judged by the database's clock, so a node whose clock runs
 * ahead cannot take over a live lease early. Passwords are never logged or put in messages. Schema, claiming and
 * time source are described in the module README.
 *
 * <p>The store itself only checks arguments and hands each call to the part that does the job: {@link
 * TaskWrites} and {@link TaskQueries} for people's writes and the reads, {@link Claiming} and {@link Leases} for
 * claims and their leases, {@link WriteQueue} for completions and the delivery log, {@link HealthProbe} for
 * health.
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

  /** The most {@link #health()} waits for the database: below a second, so {@code /health} answers within one. */
  static final Duration HEALTH_WAIT = Duration.ofMillis(800);

  private final Database db;
  private final JudgingClock clock;
  private final String schemaVersion;
  private final TaskWrites taskWrites;
  private final TaskQueries queries;
  private final Claiming claiming;
  private final Leases leases;
  private final Completions completions;
  private final WriteQueue writes;
  private final GuildRows guilds;
  /** {@link #health()} within {@link #HEALTH_WAIT}, even while the database is down. */
  private final HealthProbe healthProbe;
  private final Spend spend;

  private JdbiTaskStore(Builder b, HikariDataSource ds, String schemaVersion) {
    this.db = new Database(ds, b.dialect, Dialect.redact(b.effectiveUrl));
    this.clock = new JudgingClock(b.timeSource);
    this.schemaVersion = schemaVersion;
    this.taskWrites = new TaskWrites(db);
    this.queries = new TaskQueries(db);
    this.claiming = new Claiming(db, clock);
    this.leases = new Leases(db, clock);
    this.completions = new Completions(db);
    this.writes = new WriteQueue(db, completions);
    this.guilds = new GuildRows(db);
    this.healthProbe = new HealthProbe(db::check, HEALTH_WAIT, "task database at " + db.shownUrl());
    this.spend = new Spend(db);
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
    return clock.source();
  }

  // ---------------------------------------------------------------- tasks

  @Override
  public ScheduledTask create(ScheduledTask task) {
    return taskWrites.create(requireNonNull(task, "task"));
  }

  @Override
  public Optional<ScheduledTask> get(TaskId id) {
    return queries.get(requireNonNull(id, "id"));
  }

  @Override
  public ScheduledTask update(ScheduledTask task) {
    return taskWrites.update(requireNonNull(task, "task"));
  }

  @Override
  public boolean delete(TaskId id) {
    return taskWrites.delete(requireNonNull(id, "id"));
  }

  @Override
  public List<ScheduledTask> list(TaskQuery query) {
    return queries.list(requireNonNull(query, "query"));
  }

  @Override
  public Map<TaskStatus, Long> countByStatus() {
    return queries.countByStatus();
  }

  // ---------------------------------------------------------------- claiming and leases

  @Override
  public List<Claim> claimDue(Instant now, int limit, String nodeId, Duration lease) {
    requireNonNull(now, "now");
    requireNonNull(nodeId, "nodeId");
    requireNonNull(lease, "lease");
    return claiming.claimDue(now, limit, nodeId, lease);
  }

  @Override
  public Optional<Instant> nextDueAt(Instant now) {
    return leases.nextDueAt(requireNonNull(now, "now"));
  }

  @Override
  public Map<TaskId, String> leaseHolders(Instant now) {
    return leases.holders(requireNonNull(now, "now"));
  }

  @Override
  public boolean extendLease(Claim claim, Instant until) {
    requireNonNull(claim, "claim");
    requireNonNull(until, "until");
    return leases.extend(claim, until);
  }

  @Override
  public boolean releaseLease(Claim claim) {
    return leases.release(requireNonNull(claim, "claim"));
  }

  // ---------------------------------------------------------------- completion, history and delivery log

  @Override
  public ScheduledTask complete(Completion completion) {
    return writes.complete(requireNonNull(completion, "completion"));
  }

  /**
   * On PostgreSQL the completion joins the group commit without its caller waiting; {@code done} runs once its
   * batch committed or failed, on the thread that wrote the batch (see {@link GroupCommit}). On H2 it is {@link
   * #complete}.
   */
  @Override
  public void completeThen(Completion completion, BiConsumer<ScheduledTask, RuntimeException> done) {
    requireNonNull(completion, "completion");
    requireNonNull(done, "done");
    writes.completeThen(completion, done);
  }

  @Override
  public List<ExecutionRecord> history(TaskId id, int limit) {
    return queries.history(requireNonNull(id, "id"), limit);
  }

  @Override
  public Pruned prune(Optional<GuildId> guild, Instant olderThan) {
    return completions.prune(requireNonNull(guild, "guild"), requireNonNull(olderThan, "olderThan"));
  }

  @Override
  public boolean recordDelivery(String deliveryKey, Instant at) {
    requireNonNull(deliveryKey, "deliveryKey");
    requireNonNull(at, "at");
    return writes.recordDelivery(deliveryKey, at);
  }

  @Override
  public DaySpend chargeSpend(LocalDate day, long micros, long limitMicros) {
    return spend.charge(requireNonNull(day, "day"), micros, limitMicros);
  }

  @Override
  public DaySpend spend(LocalDate day) {
    return spend.get(requireNonNull(day, "day"));
  }

  @Override
  public boolean isDelivered(String deliveryKey) {
    return queries.isDelivered(requireNonNull(deliveryKey, "deliveryKey"));
  }

  @Override
  public Optional<GuildSettings> guildSettings(GuildId guild) {
    return guilds.settings(requireNonNull(guild, "guild"));
  }

  @Override
  public void saveGuildSettings(GuildSettings settings) {
    guilds.save(requireNonNull(settings, "settings"));
  }

  @Override
  public List<GuildSettings> allGuildSettings() {
    return guilds.all();
  }

  @Override
  public boolean removeGuildSettings(GuildId guild) {
    return guilds.remove(requireNonNull(guild, "guild"));
  }

  @Override
  public boolean claimInteraction(String interactionId, String nodeId, Instant now, Duration keep) {
    requireNonNull(interactionId, "interactionId");
    requireNonNull(nodeId, "nodeId");
    requireNonNull(now, "now");
    requireNonNull(keep, "keep");
    return guilds.claim(interactionId, nodeId, now, keep);
  }

  /** For tests: see {@link WriteQueue#writeAsOneBatch}. */
  List<Object> writeAsOneBatch(List<?> completionsAndDeliveryKeys, Instant at) {
    return writes.writeAsOneBatch(completionsAndDeliveryKeys, at);
  }

  /** For tests: group-commit batches that failed as a whole and were retried one write at a time. */
  long batchesRetriedAlone() {
    return writes.batchesRetriedAlone();
  }

  // ---------------------------------------------------------------- health and lifecycle

  /**
   * Whether the database answers: a connection from the pool and a ping, within {@link #HEALTH_WAIT}. While the
   * database is down this does not wait for the pool's connect timeout: it says the database does not answer, and
   * when it last did.
   */
  @Override
  public StoreHealth health() {
    if (db.isClosed()) {
      return new StoreHealth(List.of("task database at " + db.shownUrl() + ": the store is closed"));
    }
    return healthProbe.health();
  }

  @Override
  public void close() {
    if (db.markClosed()) {
      healthProbe.close();
      db.closePool();
      writes.close();
    }
  }

  @Override
  public String toString() {
    return "JdbiTaskStore[" + db.shownUrl() + ", " + db.dialect() + ", time source " + clock.source() + "]";
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
    private final SetOnce given = new SetOnce();
    private Dialect dialect;
    private String effectiveUrl;

    private Builder() {}

    /**
     * The JDBC URL: {@code jdbc:postgresql://host:port/database} or {@code jdbc:h2:file:/path/db}. An H2 file
     * URL without an {@code AUTO_SERVER} setting gets {@code ;AUTO_SERVER=TRUE}.
     */
    public Builder url(String v) { url = given.set("url", v); return this; }

    public Builder user(String v) { user = given.set("user", v); return this; }

    /** The password; it is never logged nor put in an exception message. */
    public Builder password(String v) { password = given.set("password", v); return this; }

    /** Whether pending migrations are applied at start (default true); when off, a schema behind fails. */
    public Builder migrate(boolean v) { migrate = given.set("migrate", v); return this; }

    /** Whose clock judges due times and leases (default {@link TimeSource#CALLER}). */
    public Builder timeSource(TimeSource v) { timeSource = given.set("timeSource", v); return this; }

    /** Most connections the pool holds (default 10). */
    public Builder poolSize(int v) { poolSize = given.set("poolSize", v); return this; }

    /** How long to wait for a connection, also at start (default 10 s). */
    public Builder connectTimeout(Duration v) { connectTimeout = given.set("connectTimeout", v); return this; }

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
      given.addTo(p);
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

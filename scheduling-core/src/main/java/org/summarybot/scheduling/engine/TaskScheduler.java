package org.summarybot.scheduling.engine;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.Limits;
import org.summarybot.scheduling.model.Problems;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SetOnce;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.MessageSource;
import org.summarybot.scheduling.port.Notifier;
import org.summarybot.scheduling.port.Summarizer;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;
import org.summarybot.scheduling.port.TriggerFactory;

/**
 * The scheduling engine: due tasks are claimed from the {@link TaskStore} with a lease and run on a bounded
 * set of workers; several schedulers (threads, processes, nodes) may share one store, and each fire runs once.
 *
 * <p>This class is the facade over the engine's parts, each a class of its own: the {@link TimerLoop} sleeps
 * until work is due and tells the {@link ClaimQueue}, from which the workers claim and share batches; a
 * {@link Worker} runs one claim start to finish through the {@link Executor} while the {@link Heartbeat} extends
 * its lease; the {@link CompletionHandOver} gives the completion to the store ({@link TaskStore#completeThen})
 * and the {@link Reporter} tells listeners and the notifier, in each task's order ({@link CompletionOrder}). The
 * {@link TaskManager} holds the management operations. {@link #stop(Duration)} hands queued work back at once,
 * waits for running executions and completions being written up to the drain time, then hands the leases of
 * executions still running back so another node or the next start finishes them.
 *
 * <p>For tests and manual embedding, {@link #runDueNow()} runs what is due on the calling thread without
 * starting the timer (as db-scheduler's ManualScheduler does). With a clock that jumps (a test's
 * {@code FakeClock}), moving the clock wakes the timer.
 *
 * <p>Build one with {@link #builder()}.
 */
public final class TaskScheduler implements TaskOperations {
  private static final System.Logger LOG = System.getLogger(TaskScheduler.class.getName());

  private final TaskStore store;
  private final Clock clock;
  private final Clock sourceClock;
  private final String nodeId;
  private final int concurrency;
  private final Duration pollInterval;
  private final Duration lease;

  private final Heartbeat heartbeat;
  private final ClaimQueue claims;
  private final TimerLoop timer;
  private final CompletionHandOver handOver;
  private final NodeCounters counters;
  private final Worker worker;
  private final TaskManager manager;
  private final SilenceWatch silence;
  private final Runnable clockListener;

  private volatile boolean running;
  private ExecutorService pool;

  private TaskScheduler(Builder b) {
    store = b.store;
    sourceClock = b.clock;
    clock = new EngineClock(b.clock);
    nodeId = b.nodeId;
    concurrency = b.concurrency;
    pollInterval = b.pollInterval;
    lease = b.lease;
    Triggers triggers = new Triggers(b.triggerFactory);
    StoreTrouble storeTrouble = new StoreTrouble(nodeId);
    counters = new NodeCounters();
    heartbeat = new Heartbeat(store, lease);
    claims = new ClaimQueue(store, clock, nodeId, lease, pollInterval, concurrency, heartbeat, storeTrouble);
    timer = new TimerLoop(store, clock, pollInterval, heartbeat, claims, storeTrouble);
    CompletionOrder order = new CompletionOrder(lease);
    Reporter reporter = new Reporter(List.copyOf(b.listeners), b.notifier, store, storeTrouble, order,
        counters);
    // At most twice the workers' completions in writing: batches stay large enough (see CompletionWrites).
    handOver = new CompletionHandOver(store, new CompletionWrites(Math.max(16, concurrency * 2)), order, reporter,
        claims);
    Executor executor = new Executor(clock, store, triggers, b.messageSource, b.summarizer, Map.copyOf(b.channels),
        b.random);
    worker = new Worker(claims, executor, heartbeat, handOver, reporter, counters, store, clock);
    manager = new TaskManager(store, clock, triggers, timer, heartbeat, reporter);
    silence = new SilenceWatch(store, clock, reporter, b.silenceCheckInterval);
    timer.alsoEachLoop(silence::checkIfDue);
    clockListener = timer::wake;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String nodeId() {
    return nodeId;
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Recomputes stored next runs of wall-clock schedules with this JVM's tzdata, then starts the timer.
   *
   * @throws IllegalStateException when already started
   */
  public synchronized void start() {
    if (running) {
      throw new IllegalStateException("scheduler " + nodeId + " is already running");
    }
    manager.refreshNextRuns();
    Instant startedAt = clock.now();
    counters.started(startedAt);
    // Execution ids are MD5 name-based UUIDs, and the JDK loads its security providers on the first digest of a
    // JVM: that cost is paid here, not by the first execution after a restart.
    ExecutionId.of(TaskId.of("start"), startedAt).value();
    pool = Executors.newFixedThreadPool(concurrency,
        new ThreadFactoryBuilder().setDaemon(true).setNameFormat("summary-scheduler-" + nodeId + "-%d").build());
    running = true;
    claims.open();
    for (int i = 0; i < concurrency; i++) {
      pool.execute(worker);
    }
    sourceClock.addListener(clockListener);
    timer.start(nodeId);
    LOG.log(Level.INFO, "scheduler {0} started: concurrency {1}, poll every {2}, lease {3}", nodeId, concurrency,
        pollInterval, lease);
  }

  /**
   * Stops claiming, waits up to {@code drain} for running executions, then hands back the leases of those still
   * running (their results are dropped; another node or the next start runs them again under the same
   * execution ids, and deliveries already logged are not repeated). Returns whether everything finished.
   */
  public boolean stop(Duration drain) {
    ExecutorService p;
    synchronized (this) {
      if (!running) {
        return true;
      }
      running = false;
      p = pool;
    }
    // Work that has not started is handed back at once rather than run during the drain.
    claims.close();
    timer.stop();
    p.shutdown();
    long deadline = System.nanoTime() + (drain.isNegative() ? 0
        : drain.compareTo(Duration.ofDays(365)) > 0 ? TimeUnit.DAYS.toNanos(365) : drain.toNanos());
    boolean done;
    try {
      done = p.awaitTermination(Math.max(0, drain.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done = false;
    }
    // Completions still being written (a store that batches them): their leases end with the write.
    boolean written = handOver.awaitWritten(deadline);
    handOver.tellWaiting();
    if (!written) {
      LOG.log(Level.WARNING, "scheduler {0}: {1} completion(s) still being written after the drain time; each "
          + "lease ends with its write, or expires", nodeId, handOver.inWriting());
    }
    if (!done) {
      for (Claim c : heartbeat.held()) {
        store.releaseLease(c);
        LOG.log(Level.WARNING, "task {0}: still running after the drain time; lease handed back", c.task().id());
      }
      p.shutdownNow();
    }
    sourceClock.removeListener(clockListener);
    LOG.log(Level.INFO, "scheduler {0} stopped{1}", nodeId, done && written ? ""
        : " (some executions were handed back or are still being written)");
    return done && written;
  }

  public boolean isRunning() {
    return running;
  }

  /**
   * Claims and runs everything due now on the calling thread, again until nothing is due, and returns how many
   * claims ran. For tests and manual embedding; do not mix with a started timer.
   */
  /**
   * Looks now for active tasks with {@code alertIfSilent} that went silent or deliver again, and tells the notifier
   * of each change (once across nodes); returns how many this call told. The timer does it every
   * {@code silenceCheckInterval}; tests and manual embedding call it.
   */
  public int checkSilence() {
    return silence.check();
  }

  public int runDueNow() {
    int ran = 0;
    for (int round = 0; round < 10_000; round++) {
      List<Claim> due = store.claimDue(clock.now(), Math.max(concurrency, 64), nodeId, lease);
      if (due.isEmpty()) {
        break;
      }
      for (Claim c : due) {
        heartbeat.watch(c);
        try {
          worker.runClaim(c);
        } finally {
          heartbeat.forget(c.task().id());
        }
        // A store that writes at once has called back already: its events come before the next execution's.
        handOver.tellWaiting();
        ran++;
      }
      // Completions a batching store still writes are settled, and told here, before the next round and before
      // returning.
      handOver.awaitWritten(System.nanoTime() + TimeUnit.DAYS.toNanos(1));
      handOver.tellWaiting();
    }
    return ran;
  }

  /** Wakes the timer so it looks at the store now. */
  public void wake() {
    timer.wake();
  }

  // ---------------------------------------------------------------- management (see TaskManager)

  @Override
  public ScheduledTask schedule(TaskSpec spec) {
    return manager.schedule(spec);
  }

  /** Like {@link #schedule(TaskSpec)}, with an id chosen by the caller (imports, tests). */
  public ScheduledTask schedule(TaskSpec spec, TaskId id) {
    return manager.schedule(spec, id);
  }

  @Override
  public ScheduledTask update(TaskId id, long expectedVersion, TaskSpec spec) {
    return manager.update(id, expectedVersion, spec);
  }

  @Override
  public boolean cancel(TaskId id) {
    return manager.cancel(id);
  }

  @Override
  public ScheduledTask pause(TaskId id, Optional<String> note) {
    return manager.pause(id, note);
  }

  @Override
  public List<BackfillFire> planBackfill(TaskId id, Instant from, Instant to, int max) {
    return manager.planBackfill(id, from, to, max);
  }

  @Override
  public ScheduledTask backfill(TaskId id, Instant fire) {
    return manager.backfill(id, fire);
  }

  @Override
  public ScheduledTask resume(TaskId id, ResumeMode mode) {
    return manager.resume(id, mode);
  }

  @Override
  public ScheduledTask runNow(TaskId id) {
    return manager.runNow(id);
  }

  @Override
  public Optional<ScheduledTask> get(TaskId id) {
    return manager.get(id);
  }

  @Override
  public List<ScheduledTask> list(TaskQuery query) {
    return manager.list(query);
  }

  @Override
  public TaskReport status(TaskId id) {
    return manager.status(id);
  }

  @Override
  public List<ExecutionRecord> history(TaskId id, int limit) {
    return manager.history(id, limit);
  }

  /** A view of the management operations confined to one guild. */
  public TaskOperations forGuild(GuildId guild) {
    return new GuildScope(manager, requireNonNull(guild, "guild"));
  }

  /** This node's figures and the store's task counts. */
  public SchedulerStats stats() {
    return counters.snapshot(store.countByStatus(), claims.queued(), clock.now());
  }

  // ---------------------------------------------------------------- builder

  /**
   * Builds a {@link TaskScheduler}. The store, message source, summarizer and trigger factory are required;
   * the rest have defaults. Each setting may be given once; a setting given twice or an impossible combination
   * fails at {@link #build()} with a message naming it.
   */
  public static final class Builder {
    private final SetOnce settings = new SetOnce();
    private TaskStore store;
    private Clock clock = Clock.system();
    private TriggerFactory triggerFactory;
    private MessageSource messageSource;
    private Summarizer summarizer;
    private final Map<DestinationType, DeliveryChannel> channels = new EnumMap<>(DestinationType.class);
    private Notifier notifier = Notifier.none();
    private final List<SchedulerListener> listeners = new ArrayList<>();
    private String nodeId;
    private int concurrency = 4;
    private Duration pollInterval = Duration.ofSeconds(5);
    private Duration lease = Duration.ofMinutes(2);
    private Duration silenceCheckInterval = Duration.ofMinutes(1);
    private RandomGenerator random;

    private Builder() {}

    public Builder store(TaskStore v) { store = settings.set("store", v); return this; }
    public Builder clock(Clock v) { clock = settings.set("clock", v); return this; }
    public Builder triggerFactory(TriggerFactory v) { triggerFactory = settings.set("triggerFactory", v); return this; }
    public Builder messageSource(MessageSource v) { messageSource = settings.set("messageSource", v); return this; }
    public Builder summarizer(Summarizer v) { summarizer = settings.set("summarizer", v); return this; }
    public Builder notifier(Notifier v) { notifier = settings.set("notifier", v); return this; }
    public Builder nodeId(String v) { nodeId = settings.set("nodeId", v); return this; }
    public Builder concurrency(int v) { concurrency = settings.set("concurrency", v); return this; }
    public Builder pollInterval(Duration v) { pollInterval = settings.set("pollInterval", v); return this; }
    public Builder lease(Duration v) { lease = settings.set("lease", v); return this; }
    public Builder random(RandomGenerator v) { random = settings.set("random", v); return this; }
    /** How often the timer looks for tasks gone silent or delivering again ({@code alertIfSilent}; default 1m). */
    public Builder silenceCheckInterval(Duration v) {
      silenceCheckInterval = settings.set("silenceCheckInterval", v);
      return this;
    }

    /** The channel that delivers to destinations of {@code type}. */
    public Builder deliveryChannel(DestinationType type, DeliveryChannel channel) {
      requireNonNull(type, "type");
      requireNonNull(channel, "channel");
      settings.given("deliveryChannel(" + type + ")");
      channels.put(type, channel);
      return this;
    }

    public Builder listener(SchedulerListener l) {
      listeners.add(requireNonNull(l, "listener"));
      return this;
    }

    public TaskScheduler build() {
      Problems p = new Problems();
      settings.addTo(p);
      p.check(store != null, "store", "is required");
      p.check(triggerFactory != null, "triggerFactory", "is required");
      p.check(messageSource != null, "messageSource", "is required");
      p.check(summarizer != null, "summarizer", "is required");
      if (nodeId == null) {
        nodeId = defaultNodeId();
      }
      if (random == null) {
        random = new java.util.SplittableRandom();
      }
      p.check(!nodeId.isBlank() && nodeId.length() <= Limits.NODE_ID_LENGTH, "nodeId",
          "must be 1-" + Limits.NODE_ID_LENGTH + " characters");
      p.check(concurrency >= 1 && concurrency <= Limits.CONCURRENCY, "concurrency",
          concurrency + " is outside 1-" + Limits.CONCURRENCY);
      p.check(pollInterval.toMillis() >= 1, "pollInterval", "must be at least 1ms");
      p.check(silenceCheckInterval.toMillis() >= 1, "silenceCheckInterval", "must be at least 1ms");
      p.check(lease.compareTo(pollInterval.multipliedBy(3)) >= 0, "lease",
          lease + " must be at least three poll intervals (" + pollInterval.multipliedBy(3)
              + ") so heartbeats extend it in time");
      p.throwIfAny();
      return new TaskScheduler(this);
    }

    /** A node id unique per process: host name and process id. */
    public static String defaultNodeId() {
      String host;
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        host = "localhost";
      }
      return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
  }
}

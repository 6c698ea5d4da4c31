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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.summarybot.scheduling.LeaseLostException;
import org.summarybot.scheduling.model.Problems;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.PendingRun;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.MessageSource;
import org.summarybot.scheduling.port.Notification;
import org.summarybot.scheduling.port.Notifier;
import org.summarybot.scheduling.port.Summarizer;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;
import org.summarybot.scheduling.port.Trigger;
import org.summarybot.scheduling.port.TriggerFactory;

/**
 * The scheduling engine: due tasks are claimed from the {@link TaskStore} with a lease and run on a bounded
 * set of workers; several schedulers (threads, processes, nodes) may share one store, and each fire runs once.
 *
 * <p>The timer thread sleeps until the earliest due time or the poll interval, whichever comes first; a local
 * change due sooner wakes it at once, other processes' changes are seen within a poll interval. When work is
 * due it tells the workers, who claim batches themselves and share them through one queue (claimed work never
 * passes through the timer). Claimed and running executions extend their leases each timer loop. A worker hands
 * its completion to the store ({@link TaskStore#completeThen}) and goes on: a store that writes completions in
 * shared transactions (the SQL store on PostgreSQL) queues it, and its events are published once the batch
 * committed; other stores write it at once. {@link #stop(Duration)} hands queued work back at once, waits for
 * running executions and completions being written up to the drain time, then hands the leases of executions
 * still running back so another node or the next start finishes them.
 *
 * <p>For tests and manual embedding, {@link #runDueNow()} runs what is due on the calling thread without
 * starting the timer (as db-scheduler's ManualScheduler does). With a clock that jumps (a test's {@code FakeClock}), moving the clock wakes
 * the timer.
 *
 * <p>Build one with {@link #builder()}.
 */
public final class TaskScheduler implements TaskOperations {
  private static final System.Logger LOG = System.getLogger(TaskScheduler.class.getName());
  private static final long IDLE_FLOOR_NANOS = 10_000_000L;

  private final TaskStore store;
  private final Clock clock;
  private final Clock sourceClock;
  private final Triggers triggers;
  private final Executor executor;
  private final Notifier notifier;
  private final List<SchedulerListener> listeners;
  private final String nodeId;
  /** Reports a failing store once, not at every poll. */
  private final StoreTrouble storeTrouble;
  private final int concurrency;
  private final int prefetch;
  /** A worker that leaves fewer claims than this queued claims the next batch (claim ahead): the concurrency. */
  private final int refillBelow;
  private final Duration pollInterval;
  private final Duration lease;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private boolean wakeRequested;
  /** Until when the timer sleeps (clock time), or null while it is awake and looking at the store. */
  private volatile Instant sleepingUntil;
  private volatile boolean running;
  private volatile boolean accepting;
  private Thread timer;
  private ExecutorService pool;
  private Instant startedAt;
  /** Claims this node holds: queued in {@link #ready} or running. The heartbeat extends their leases. */
  private final Map<TaskId, Claim> inFlight = new ConcurrentHashMap<>();
  /** Guards {@link #ready}, {@link #maybeDue} and {@link #claiming}; workers wait on {@link #workReady}. */
  private final ReentrantLock workLock = new ReentrantLock();
  private final Condition workReady = workLock.newCondition();
  /** Claimed work no worker has started yet, earliest due first. */
  private final java.util.ArrayDeque<Claim> ready = new java.util.ArrayDeque<>();
  /**
   * Completions written (or refused) whose counters, events and notifications a worker has yet to handle: the
   * thread that wrote them (for a batching store, the one writing the store's batches) only queues them here, so
   * listeners and notifiers never hold up the writing. A worker handles them between executions.
   */
  private final java.util.concurrent.ConcurrentLinkedQueue<Finish> finished =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  /**
   * Completions of tasks that can run again, from their hand-over until their outcome is told. A worker about to
   * tell that such a task started again tells its earlier outcome first (see {@link Finish#tellFirst}): with a
   * store that calls back after its write, the task can be claimed again in between. A completion that ends its
   * task (a one-shot task's) is not kept here.
   */
  private final Map<TaskId, Finish> untold = new ConcurrentHashMap<>();
  /**
   * Workers waiting for work; a completion written by another thread wakes one (a worker counts itself before it
   * last looks at {@link #finished}, so none is missed). Changed under {@link #workLock}.
   */
  private volatile int idleWorkers;
  /** {@link #started}, made once rather than a lambda per claim. */
  private final Executor.Starts starts = this::started;
  /** The store may have due work: a free worker claims. Cleared when a claim comes back short. */
  private boolean maybeDue;
  /** Counts the timer's "work is due" signals, so a claim that began before one does not clear it. */
  private long dueSignals;
  /** A worker is claiming from the store now; the others wait for its claims rather than claim beside it. */
  private boolean claiming;
  /** After a failed claim, no worker claims again before this (clock time): a broken store is not hammered. */
  private Instant claimAgainAt;
  private final AtomicInteger runningNow = new AtomicInteger();
  /**
   * Completions handed to the store whose write has not called back yet (a store that batches completions
   * writes them after the worker went on); {@link #stop} waits for them too. Notified on reaching 0.
   */
  private final AtomicInteger completing = new AtomicInteger();
  /**
   * Most completions being written at once before a worker waits to hand over another. Low on purpose: until a
   * completion is written its lease is not extended, and the last delivery of its attempt is logged only with
   * it, so a node that dies with completions unwritten has those executions run again elsewhere and their last
   * deliveries sent again (with the same idempotency keys). Twice the workers keeps batches large enough.
   */
  private final int maxCompleting;
  private final AtomicLong executed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Lateness lateness = new Lateness(1 << 20);
  /** The engine clock's last reading (racy by design: a stale or lost one only costs an allocation). */
  private Tick lastTick;

  private record Tick(long ms, Instant at) {}
  private final Runnable clockListener = this::wake;

  private TaskScheduler(Builder b) {
    store = b.store;
    // Every instant the engine stores is in whole milliseconds, so it survives any store (SQL keeps
    // microseconds) unchanged and execution ids derived from it agree on every node.
    Clock source = b.clock;
    clock = () -> {
      // Readings in the same millisecond share one Instant: a burst of schedules or completions keeps one
      // object per millisecond, not one per task.
      Instant reading = source.now();
      long ms;
      try {
        ms = reading.toEpochMilli();
      } catch (ArithmeticException beyondMillis) {
        // Only a test clock reads hundreds of millions of years away; truncate it as it is.
        return reading.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      }
      Tick last = lastTick;
      if (last != null && last.ms == ms) {
        return last.at;
      }
      Tick now = new Tick(ms, Instant.ofEpochMilli(ms));
      lastTick = now;
      return now.at;
    };
    sourceClock = source;
    triggers = new Triggers(b.triggerFactory);
    notifier = b.notifier;
    listeners = List.copyOf(b.listeners);
    nodeId = b.nodeId;
    storeTrouble = new StoreTrouble(nodeId);
    concurrency = b.concurrency;
    prefetch = Math.min(concurrency * 8, Math.max(concurrency, 256));
    // Ahead by about one claim per worker: enough for the others to keep running during a claim, while batches
    // stay nearly full (each claim is a transaction on a SQL store).
    refillBelow = Math.min(concurrency, prefetch / 2);
    maxCompleting = Math.max(16, concurrency * 2);
    pollInterval = b.pollInterval;
    lease = b.lease;
    executor = new Executor(clock, store, triggers, b.messageSource, b.summarizer, Map.copyOf(b.channels), b.random);
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
    refreshNextRuns();
    startedAt = clock.now();
    // Execution ids are MD5 name-based UUIDs. The JDK loads its security providers on the first digest of the
    // JVM (30-50 ms in a fresh one): pay that here, not in the first execution after a restart.
    ExecutionId.of(TaskId.of("start"), startedAt).value();
    pool = Executors.newFixedThreadPool(concurrency,
        new ThreadFactoryBuilder().setDaemon(true).setNameFormat("summary-scheduler-" + nodeId + "-%d").build());
    running = true;
    accepting = true;
    maybeDue = true;
    for (int i = 0; i < concurrency; i++) {
      pool.execute(this::work);
    }
    sourceClock.addListener(clockListener);
    timer = new ThreadFactoryBuilder().setDaemon(true).setNameFormat("summary-scheduler-timer-" + nodeId).build()
        .newThread(this::loop);
    timer.start();
    LOG.log(Level.INFO, "scheduler {0} started: concurrency {1}, poll every {2}, lease {3}", nodeId, concurrency,
        pollInterval, lease);
  }

  /**
   * Stops claiming, waits up to {@code drain} for running executions, then hands back the leases of those still
   * running (their results are dropped; another node or the next start runs them again under the same
   * execution ids, and deliveries already logged are not repeated). Returns whether everything finished.
   */
  public boolean stop(Duration drain) {
    Thread t;
    ExecutorService p;
    synchronized (this) {
      if (!running) {
        return true;
      }
      running = false;
      accepting = false;
      t = timer;
      p = pool;
    }
    signalTimer();
    try {
      t.join(Math.max(1, pollInterval.toMillis() * 2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Work that has not started is handed back at once rather than run during the drain.
    workLock.lock();
    try {
      handBack(ready);
      ready.clear();
      workReady.signalAll();
    } finally {
      workLock.unlock();
    }
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
    boolean written = awaitCompletions(deadline);
    handleFinished();
    if (!written) {
      LOG.log(Level.WARNING, "scheduler {0}: {1} completion(s) still being written after the drain time; each "
          + "lease ends with its write, or expires", nodeId, completing.get());
    }
    if (!done) {
      for (Claim c : List.copyOf(inFlight.values())) {
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
  public int runDueNow() {
    int ran = 0;
    for (int round = 0; round < 10_000; round++) {
      List<Claim> claims = store.claimDue(clock.now(), Math.max(concurrency, 64), nodeId, lease);
      if (claims.isEmpty()) {
        break;
      }
      for (Claim c : claims) {
        inFlight.put(c.task().id(), c);
        try {
          runClaim(c);
        } finally {
          inFlight.remove(c.task().id());
        }
        // A store that writes at once has called back already: its events come before the next execution's.
        handleFinished();
        ran++;
      }
      // Completions a batching store still writes are settled, and handled here, before the next round and
      // before returning.
      awaitCompletions(System.nanoTime() + TimeUnit.DAYS.toNanos(1));
      handleFinished();
    }
    return ran;
  }

  /** Wakes the timer so it looks at the store now. */
  public void wake() {
    if (running) {
      signalTimer();
    }
  }

  private void signalTimer() {
    lock.lock();
    try {
      wakeRequested = true;
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The timer: extends leases, and when the store has work due tells the workers, who claim it themselves (no
   * hand-off through this thread); then sleeps until the next due time, the poll interval, or a wake-up.
   */
  private void loop() {
    while (running) {
      try {
        sleepingUntil = null;
        Instant now = clock.now();
        heartbeat(now);
        Optional<Instant> next = store.nextDueAt(now);
        storeTrouble.succeeded();
        long waitNanos = pollInterval.toNanos();
        if (next.isPresent()) {
          long untilDue = Duration.between(clock.now(), next.get()).toNanos();
          if (untilDue <= 0) {
            workAvailable();
            // A store may report work as due that it could not hand out (another node holds it), and busy
            // workers claim as they free up: look again soon, but never spin.
            untilDue = IDLE_FLOOR_NANOS;
          }
          waitNanos = Math.min(waitNanos, untilDue);
        }
        sleepingUntil = now.plusNanos(waitNanos);
        await(waitNanos);
      } catch (RuntimeException e) {
        storeTrouble.failed("looking for due work", e);
        await(pollInterval.toNanos());
      }
    }
  }

  /** Tells the workers that the store has due work: the next free one claims it. */
  private void workAvailable() {
    workLock.lock();
    try {
      maybeDue = true;
      dueSignals++;
      if (ready.isEmpty() && !claiming) {
        workReady.signal();
      }
    } finally {
      workLock.unlock();
    }
  }

  /** A worker: runs queued claims; when none is queued and work may be due, claims a batch for everyone. */
  private void work() {
    while (true) {
      Object next = nextWork();
      if (next == null) {
        return;
      }
      if (next == HANDLE_FINISHED) {
        handleFinished();
        continue;
      }
      Claim c = (Claim) next;
      try {
        runClaim(c);
      } catch (Throwable t) {
        // Expected failures are handled inside; this is an Error (or a bug). Keep the worker: this node has no
        // other thread to take its place. The lease is left to expire (no longer extended: the claim left the
        // heartbeat's sight on the way out), so the same work is tried again after the lease time rather than at
        // once in a loop.
        LOG.log(Level.ERROR, "task " + c.task().id() + ": execution failed unexpectedly; it is tried again when "
            + "its lease expires", t);
      }
      // Its own completion, when the store wrote it at once, and any others written meanwhile.
      handleFinished();
    }
  }

  /** What {@link #nextWork} returns when written completions wait to be handled. */
  private static final Object HANDLE_FINISHED = new Object();

  /**
   * The next thing for a worker to do: handle written completions ({@link #HANDLE_FINISHED}, first) or run a
   * claim, claiming from the store when needed; null when the scheduler stops.
   */
  private Object nextWork() {
    workLock.lock();
    try {
      while (true) {
        if (!finished.isEmpty()) {
          return HANDLE_FINISHED;
        }
        if (!running) {
          return null;
        }
        Claim c = ready.pollFirst();
        if (c != null) {
          if (ready.size() < refillBelow && mayClaim()) {
            // Claim the next batch before the queue runs dry, so the other workers keep running meanwhile
            // instead of all waiting for one claim at the end of each batch.
            claimBatch();
          }
          if (!ready.isEmpty()) {
            workReady.signal();
          }
          return c;
        }
        if (mayClaim()) {
          claimBatch();
          continue;
        }
        idleWorkers++;
        try {
          // Counted idle before this last look, so a completion written meanwhile signals.
          if (finished.isEmpty()) {
            workReady.await();
          }
        } finally {
          idleWorkers--;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      workLock.unlock();
    }
  }

  /** Whether a worker may claim now: work may be due, none is being claimed, and no failed claim is cooling off. */
  private boolean mayClaim() {
    return maybeDue && accepting && !claiming && (claimAgainAt == null || !clock.now().isBefore(claimAgainAt));
  }

  /**
   * Claims up to the free prefetch from the store into {@link #ready}; called with {@link #workLock} held,
   * which it lets go during the store call.
   */
  private void claimBatch() {
    claiming = true;
    long signals = dueSignals;
    int want = Math.max(1, prefetch - inFlight.size());
    List<Claim> got = List.of();
    Instant failedAt = null;
    workLock.unlock();
    try {
      got = store.claimDue(clock.now(), want, nodeId, lease);
      storeTrouble.succeeded();
      for (int i = 0; i < got.size(); i++) {
        Claim c = got.get(i);
        inFlight.put(c.task().id(), c);
      }
    } catch (RuntimeException e) {
      failedAt = clock.now();
      storeTrouble.failed("claiming due tasks", e);
    } finally {
      workLock.lock();
      claiming = false;
    }
    claimAgainAt = failedAt == null ? null : failedAt.plus(pollInterval);
    if (got.size() < want && signals == dueSignals) {
      // Nothing more is due now (or the store failed): the timer says when to look again.
      maybeDue = false;
    }
    if (!running || !accepting) {
      handBack(got);
      return;
    }
    for (int i = 0; i < got.size(); i++) {
      ready.addLast(got.get(i));
    }
    if (!ready.isEmpty()) {
      workReady.signal();
    }
  }

  /** Releases the leases of claims that will not run here, so another node or the next start runs them. */
  private void handBack(java.util.Collection<Claim> claims) {
    for (Claim c : claims) {
      inFlight.remove(c.task().id());
      try {
        store.releaseLease(c);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "task " + c.task().id() + ": could not hand its lease back; it expires by itself", e);
      }
    }
  }

  private void await(long nanos) {
    lock.lock();
    try {
      long left = nanos;
      while (!wakeRequested && left > 0 && running) {
        left = wakeUp.awaitNanos(left);
      }
      wakeRequested = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  private void heartbeat(Instant now) {
    Duration half = lease.dividedBy(2);
    for (Claim c : inFlight.values()) {
      if (Duration.between(now, c.leaseUntil()).compareTo(half) < 0) {
        Instant until = now.plus(lease);
        if (store.extendLease(c, until)) {
          inFlight.replace(c.task().id(), c, c.withLeaseUntil(until));
        } else if (inFlight.get(c.task().id()) == c) {
          // Still ours and not completing (a completing claim leaves the map first): the lease was taken over.
          LOG.log(Level.WARNING, "task {0}: lease lost while running; its result will be dropped", c.task().id());
        }
      }
    }
  }

  /** Runs one claim to its completion, stores it, and tells listeners and the notifier. */
  private void runClaim(Claim claim) {
    runningNow.incrementAndGet();
    try {
      runClaimCounted(claim);
    } finally {
      runningNow.decrementAndGet();
    }
  }

  /**
   * Records an attempt's lateness and tells listeners it started, after the task's earlier outcome when that is
   * not told yet: listeners hear one task's events in order.
   */
  private void started(Claim claim, SchedulerEvent.Started event) {
    lateness.record(clock.now().toEpochMilli() - claim.dueAt().toEpochMilli());
    tellEarlierOutcome(claim.task().id());
    publish(event);
  }

  /** The task's completion whose outcome is not told yet, or null; cheap when there is none at all. */
  private Finish untoldOf(TaskId id) {
    return untold.isEmpty() ? null : untold.get(id);
  }

  /** Before an event of a task that runs again: tells the task's earlier outcome, if that is not told yet. */
  private void tellEarlierOutcome(TaskId id) {
    Finish before = untoldOf(id);
    if (before != null) {
      before.tellFirst();
    }
  }

  private void runClaimCounted(Claim claim) {
    Executor.Result result;
    try {
      result = executor.run(claim, starts);
    } catch (Error e) {
      inFlight.remove(claim.task().id());
      throw e;
    } catch (RuntimeException e) {
      inFlight.remove(claim.task().id());
      // Planning fails only when the stored task cannot be run at all (a schedule this version cannot parse):
      // disable it with the reason instead of handing it back to fail again at once.
      String reason = "cannot run: " + e.getMessage();
      LOG.log(Level.ERROR, "task " + claim.task().id() + ": " + reason + "; disabling it", e);
      try {
        store.complete(new org.summarybot.scheduling.port.Completion(claim, List.of(), claim.task().nextRun(),
            Optional.empty(), Optional.empty(), Optional.of(TaskStatus.DISABLED), Optional.of(reason), Map.of(),
            clock.now()));
        tellEarlierOutcome(claim.task().id());
        publish(new SchedulerEvent.Disabled(claim.task().id(), reason));
        notifier.notify(new Notification.TaskDisabled(claim.task(), reason));
      } catch (RuntimeException again) {
        LOG.log(Level.ERROR, "task " + claim.task().id() + ": could not disable it either; lease handed back", again);
        store.releaseLease(claim);
      }
      return;
    }
    // Waits, still in the heartbeat's sight (its lease extended), while the store is behind with its writes.
    awaitCompletionRoom();
    // Out of the heartbeat's sight before the store call that ends the lease: extending a lease that is being
    // given up would race with it (and report a completed execution as a lost lease).
    inFlight.remove(claim.task().id());
    // A store that batches completions may queue this one and call back later from the thread that writes its
    // batch; this worker goes on meanwhile. Counted until then, so stop() waits for it.
    org.summarybot.scheduling.port.Completion completion = result.completion();
    // Kept in sight of the task's next start while the task can run again; a one-shot task's last is not. An
    // earlier outcome of the task still untold (a claim that only recorded misses starts nothing) goes first.
    TaskId id = claim.task().id();
    Finish finish = new Finish(claim, result, completion.nextRun().isPresent() || completion.pending().isPresent(),
        untoldOf(id));
    if (finish.tracked) {
      untold.put(id, finish);
    }
    completing.incrementAndGet();
    finish.inSubmit = true;
    try {
      store.completeThen(completion, finish);
    } catch (RuntimeException | Error e) {
      if (!finish.called) {
        // The store threw instead of calling back (an Error, or a defect of the store): nothing will call back.
        completionEnded();
        finish.told();
      }
      throw e;
    } finally {
      finish.inSubmit = false;
    }
    if (finish.mine) {
      finish.handle();
    }
  }

  /**
   * The callback of one completion's write. It only records the outcome and counts the write as done: whatever
   * thread writes the store's batches must not run listeners or notifiers. Called on the submitting worker inside
   * its {@code completeThen} (a store that writes at once; or the worker became the writer of the batch), the
   * worker {@linkplain #handle handles} it once the store returned; called on another thread, it queues itself
   * in {@link #finished} for the next free worker.
   */
  private final class Finish implements java.util.function.BiConsumer<ScheduledTask, RuntimeException> {
    private final Claim claim;
    private final Executor.Result result;
    /** The worker that hands the completion over; it handles the completion itself when it wrote it. */
    private final Thread submitter = Thread.currentThread();
    /** The submitter is inside {@code completeThen} (read and written by the submitter only). */
    private boolean inSubmit;
    /** Called back on the submitter inside {@code completeThen}: handled by it once the store returns. */
    private boolean mine;
    private ScheduledTask stored;
    private RuntimeException failure;
    private volatile boolean called;
    /** In {@link #untold}: the task can run again, and its next start waits for this outcome. */
    final boolean tracked;
    /** 1 once a thread took the handling: whichever comes first of a worker, the submitter, or a next start. */
    @SuppressWarnings("unused")
    private volatile int taken;
    /** The handling is over (tracked completions only; guarded by this). */
    private boolean told;
    /** The task's previous outcome, not yet told when this was handed over; told first. */
    private Finish before;

    Finish(Claim claim, Executor.Result result, boolean tracked, Finish before) {
      this.claim = claim;
      this.result = result;
      this.tracked = tracked;
      this.before = before;
    }

    @Override
    public void accept(ScheduledTask stored, RuntimeException failure) {
      this.stored = stored;
      this.failure = failure;
      called = true;
      if (tracked) {
        synchronized (this) {
          // A next start of the task may wait for this write (tellFirst).
          notifyAll();
        }
      }
      if (Thread.currentThread() == submitter && inSubmit) {
        // Written at once by the store, or by this worker leading a batch: handled when completeThen returns
        // (after the batches it writes), not here, where listeners would hold up the writing.
        mine = true;
        completionEnded();
        return;
      }
      finished.add(this);
      if (idleWorkers > 0) {
        workLock.lock();
        try {
          workReady.signal();
        } finally {
          workLock.unlock();
        }
      }
      completionEnded();
    }

    /**
     * Counters, log lines, events and notifications of the written completion (or the failure handled), once:
     * a completion can be both queued in {@link #finished} and handled first by its task's next start.
     */
    void handle() {
      if (!TAKEN.compareAndSet(this, 0, 1)) {
        return;
      }
      try {
        Finish earlier = before;
        if (earlier != null) {
          before = null;
          earlier.tellFirst();
        }
        completed(claim, result, stored, failure);
      } catch (RuntimeException | Error e) {
        LOG.log(Level.ERROR, "task " + claim.task().id() + ": handling its stored completion failed", e);
      } finally {
        told();
      }
    }

    /** The handling is over, or will never come: a next start of the task no longer waits for it. */
    void told() {
      if (tracked) {
        untold.remove(claim.task().id(), this);
        synchronized (this) {
          told = true;
          notifyAll();
        }
      }
    }

    /**
     * Called by a worker about to tell that the same task started again: tells this outcome first. It waits for
     * the store's call back (the write is done, since the task could be claimed again, but the call back can lag
     * behind it), then handles the completion itself unless another thread already does, and waits for that.
     * The wait is bounded by the lease, in case a store never calls back.
     */
    void tellFirst() {
      long deadline = System.nanoTime() + lease.toNanos();
      try {
        if (awaitUntil(() -> called, deadline)) {
          handle();
        }
        if (awaitUntil(() -> told, deadline)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      LOG.log(Level.WARNING, "task {0}: its earlier outcome was not told within the lease time; its next start is "
          + "told first", claim.task().id());
    }

    /**
     * Waits on this (notified by {@link #accept} and {@link #told()}) until {@code condition} holds or the
     * deadline (nanoTime) passes; whether it holds.
     */
    private synchronized boolean awaitUntil(java.util.function.BooleanSupplier condition, long deadline)
        throws InterruptedException {
      for (long left = deadline - System.nanoTime(); !condition.getAsBoolean() && left > 0;
          left = deadline - System.nanoTime()) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return condition.getAsBoolean();
    }
  }

  private static final java.lang.invoke.VarHandle TAKEN;

  static {
    try {
      TAKEN = java.lang.invoke.MethodHandles.lookup().findVarHandle(Finish.class, "taken", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Handles, on this thread, every written completion no worker has handled yet (stop, runDueNow). */
  private void handleFinished() {
    for (Finish f = finished.poll(); f != null; f = finished.poll()) {
      f.handle();
    }
  }

  private void completionEnded() {
    int n = completing.decrementAndGet();
    if (n == 0 || n == maxCompleting - 1) {
      synchronized (completing) {
        completing.notifyAll();
      }
    }
  }

  /**
   * Waits while {@link #maxCompleting} completions are being written: a store that batches them is kept from
   * falling behind without bound. A completion's lease is no longer extended once it is handed over, and its
   * last delivery is logged only with it, so it must be written well within the lease.
   */
  private void awaitCompletionRoom() {
    if (completing.get() < maxCompleting) {
      return;
    }
    synchronized (completing) {
      while (completing.get() >= maxCompleting) {
        try {
          completing.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Waits until no completion write is awaited, or until {@code deadline} (nanoTime); whether none is. */
  private boolean awaitCompletions(long deadline) {
    synchronized (completing) {
      while (completing.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(completing, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /** What follows a completion's write: counters, log lines, events and notifications, or the failure handled. */
  private void completed(Claim claim, Executor.Result result, ScheduledTask stored, RuntimeException failure) {
    if (failure instanceof TaskNotFoundException) {
      LOG.log(Level.INFO, "task {0} was removed while it ran; its result is dropped", claim.task().id());
      return;
    }
    if (failure instanceof LeaseLostException) {
      LOG.log(Level.WARNING, "task {0}: lease was taken over before completion; result dropped (the new holder "
          + "runs the same execution)", claim.task().id());
      return;
    }
    if (failure != null) {
      storeTrouble.failed("storing a completion", failure);
      String lease;
      try {
        lease = store.releaseLease(claim) ? "its lease handed back" : "its lease is no longer held";
      } catch (RuntimeException e) {
        lease = "its lease expires by itself";
      }
      // One line per execution, without the stack trace the store trouble has logged once already.
      LOG.log(Level.WARNING, "task {0}: could not store the completion of execution for {1} ({2}); {3}, and the "
          + "execution runs again", claim.task().id(), claim.dueAt(), failure.getMessage(), lease);
      return;
    }
    List<ExecutionRecord> records = result.completion().records();
    for (int i = 0; i < records.size(); i++) {
      ExecutionRecord r = records.get(i);
      if (r.outcome() != org.summarybot.scheduling.model.ExecutionOutcome.MISSED) {
        executed.incrementAndGet();
        if (r.outcome() == org.summarybot.scheduling.model.ExecutionOutcome.FAILED) {
          failed.incrementAndGet();
        }
        if (LOG.isLoggable(Level.INFO)) {
          LOG.log(Level.INFO, "task {0} ({1}) execution {2} for {3}: {4} after {5} attempt(s), {6} messages{7}",
            stored.id(), stored.name(), r.id(), r.scheduledFor(), r.outcome(), r.attempts(), r.messageCount(),
            r.errorMessage().map(m -> ": " + m).orElse(""));
        }
      } else {
        LOG.log(Level.WARNING, "task {0}: {1} fire(s) from {2} through {3} missed: {4}", stored.id(),
            r.missedCount(), r.scheduledFor(), r.missedThrough().orElseThrow(), r.errorMessage().orElse(""));
      }
    }
    List<SchedulerEvent> events = result.events();
    for (int i = 0; i < events.size(); i++) {
      SchedulerEvent e = events.get(i);
      if (!(e instanceof SchedulerEvent.Started)) {
        publish(e);
      }
    }
    List<Notification> notifications = result.notifications();
    for (int i = 0; i < notifications.size(); i++) {
      Notification n = notifications.get(i);
      try {
        notifier.notify(n);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "notifier failed for task " + n.task().id(), e);
      }
    }
  }

  private void publish(SchedulerEvent event) {
    for (int i = 0; i < listeners.size(); i++) {
      SchedulerListener l = listeners.get(i);
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "listener " + l + " threw on " + event.getClass().getSimpleName(), e);
      }
    }
  }

  /** On start: wall-clock schedules get next runs computed with the tzdata of this JVM. */
  private void refreshNextRuns() {
    Instant now = clock.now();
    for (ScheduledTask t : store.list(TaskQuery.all().withStatus(TaskStatus.ACTIVE))) {
      try {
        if (t.nextRun().isEmpty() || !t.nextRun().get().isAfter(now)) {
          continue;
        }
        Trigger trigger = triggers.of(t);
        if (!trigger.followsWallClock()) {
          continue;
        }
        Optional<Instant> fresh = trigger.nextFireAfter(now);
        if (!fresh.equals(t.nextRun())) {
          store.update(t.toBuilder().nextRun(fresh).build());
          LOG.log(Level.INFO, "task {0}: next run moved from {1} to {2} (time zone rules changed)", t.id(),
              t.nextRun().get(), fresh.map(Instant::toString).orElse("never"));
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "task " + t.id() + ": could not recompute its next run", e);
      }
    }
  }

  // ---------------------------------------------------------------- management

  @Override
  public ScheduledTask schedule(TaskSpec spec) {
    return schedule(spec, TaskId.random());
  }

  /** Like {@link #schedule(TaskSpec)}, with an id chosen by the caller (imports, tests). */
  public ScheduledTask schedule(TaskSpec spec, TaskId id) {
    requireNonNull(spec, "spec");
    Instant now = clock.now();
    Problems problems = new Problems();
    Optional<Instant> next = firstRun(spec, now, now, problems);
    ScheduledTask task = spec.toNewTask(id, now, next, problems);
    ScheduledTask stored = store.create(task);
    publish(new SchedulerEvent.Scheduled(stored));
    wakeIfDueBeforePlanned(stored);
    return stored;
  }

  /**
   * Wakes the timer when {@code task} falls due before the timer would wake anyway: scheduling many tasks due
   * later does not stir it each time.
   */
  private void wakeIfDueBeforePlanned(ScheduledTask task) {
    Instant planned = sleepingUntil;
    Optional<Instant> due = task.dueAt();
    if (planned == null || due.isPresent() && due.get().isBefore(planned)) {
      wake();
    }
  }

  /** Parses the spec's schedule and computes its first run after {@code after}, noting problems. */
  private Optional<Instant> firstRun(TaskSpec spec, Instant anchor, Instant after, Problems problems) {
    String text = spec.scheduleText();
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      Trigger trigger = triggers.of(text.strip(), spec.zone(), anchor);
      Optional<Instant> next = trigger.nextFireAfter(after);
      if (next.isEmpty()) {
        problems.add("schedule", "'" + text.strip() + "' never fires after " + after
            + " in " + spec.zone() + "; a task needs a schedule that can still fire");
      }
      return next;
    } catch (ValidationException e) {
      e.problems().forEach(p -> problems.add(p.field(), p.message()));
      return Optional.empty();
    }
  }

  @Override
  public ScheduledTask update(TaskId id, long expectedVersion, TaskSpec spec) {
    ScheduledTask current = require(id);
    Instant now = clock.now();
    Problems problems = new Problems();
    boolean scheduleChanged = spec.schedule().map(s -> !s.strip().equals(current.schedule())).orElse(true)
        || !spec.zone().equals(current.zone());
    Optional<Instant> next = scheduleChanged ? firstRun(spec, current.createdAt(), now, problems) : current.nextRun();
    ScheduledTask.Builder b = spec.applyTo(current, now, problems).toBuilder().nextRun(next).version(expectedVersion);
    if (current.status() == TaskStatus.COMPLETED && scheduleChanged && next.isPresent()) {
      // A new schedule that fires again brings a completed task back (pause and resume do not).
      b.status(TaskStatus.ACTIVE).statusReason(Optional.empty());
    }
    ScheduledTask changed = b.build();
    if (!changed.guildId().equals(current.guildId())) {
      throw new ValidationException("guild", "a task cannot move to another guild");
    }
    ScheduledTask stored = store.update(changed);
    wake();
    return stored;
  }

  @Override
  public boolean cancel(TaskId id) {
    boolean removed = store.delete(id);
    wake();
    return removed;
  }

  @Override
  public ScheduledTask pause(TaskId id) {
    return change(id, t -> {
      if (t.status() == TaskStatus.COMPLETED) {
        throw completed(id, "paused");
      }
      return t.status() == TaskStatus.PAUSED ? t
          : t.toBuilder().status(TaskStatus.PAUSED).statusReason(Optional.of("paused")).updatedAt(clock.now()).build();
    });
  }

  private static SchedulingException completed(TaskId id, String what) {
    return new SchedulingException("task " + id + " has completed (its schedule has no more fires), so it cannot be "
        + what + "; give it a schedule that fires again (tasks update --schedule) to make it active", null);
  }

  @Override
  public ScheduledTask resume(TaskId id, ResumeMode mode) {
    requireNonNull(mode, "mode");
    return change(id, t -> {
      if (t.status() == TaskStatus.COMPLETED) {
        throw completed(id, "resumed");
      }
      Instant now = clock.now();
      if (t.status() == TaskStatus.ACTIVE) {
        // Nothing was stopped: the window, the next run and any pending retry stay; only destinations that were
        // disabled on their own come back. Unchanged (not even written) when none was.
        return t.destinations().stream().allMatch(Destination::enabled) ? t : t.toBuilder()
            .destinations(t.destinations().stream().map(d -> d.enabled() ? d : d.enable()).toList())
            .updatedAt(now).build();
      }
      ScheduledTask.Builder b = t.toBuilder().status(TaskStatus.ACTIVE).statusReason(Optional.empty())
          .destinations(t.destinations().stream().map(d -> d.enabled() ? d : d.enable()).toList())
          .stats(t.stats().clearConsecutiveFailures()).updatedAt(now);
      if (mode == ResumeMode.FROM_NOW) {
        b.pending(Optional.empty()).nextRun(triggers.of(t).nextFireAfter(now)).lastWindowEnd(Optional.of(now));
      }
      return b.build();
    });
  }

  @Override
  public ScheduledTask runNow(TaskId id) {
    return change(id, t -> {
      if (!t.isActive()) {
        throw new ValidationException("status", "task " + id + " is " + t.status() + "; resume it before running it");
      }
      if (t.pending().isPresent()) {
        throw new ValidationException("status", "task " + id + " already has a pending run (attempt "
            + t.pending().get().nextAttempt() + " for " + t.pending().get().scheduledFor() + ")");
      }
      Instant now = clock.now();
      TimeWindow w = Executor.windowFor(t, triggers.of(t), now);
      return t.toBuilder().pending(Optional.of(new PendingRun(now, 1, now, w, "run now"))).updatedAt(now).build();
    });
  }

  /** Applies a change to the current version, retrying when a concurrent change (such as a completion) wins. */
  private ScheduledTask change(TaskId id, java.util.function.UnaryOperator<ScheduledTask> f) {
    for (int i = 0; ; i++) {
      ScheduledTask current = require(id);
      ScheduledTask next = f.apply(current);
      if (next == current) {
        return current; // nothing to change: not written, no new version
      }
      try {
        ScheduledTask stored = store.update(next);
        wake();
        return stored;
      } catch (org.summarybot.scheduling.VersionConflictException e) {
        if (i >= 20) {
          throw e;
        }
      }
    }
  }

  private ScheduledTask require(TaskId id) {
    return store.get(requireNonNull(id, "id")).orElseThrow(() -> new TaskNotFoundException(id));
  }

  @Override
  public Optional<ScheduledTask> get(TaskId id) {
    return store.get(id);
  }

  @Override
  public List<ScheduledTask> list(TaskQuery query) {
    return store.list(query);
  }

  @Override
  public TaskReport status(TaskId id) {
    ScheduledTask t = require(id);
    List<Instant> next = new ArrayList<>(3);
    String description;
    try {
      Trigger trigger = triggers.of(t);
      description = trigger.describe();
      if (t.isActive()) {
        Optional<Instant> n = t.dueAt();
        while (n.isPresent() && next.size() < 3) {
          next.add(n.get());
          n = trigger.nextFireAfter(n.get());
        }
      }
    } catch (SchedulingException e) {
      description = "invalid schedule: " + e.getMessage();
    }
    List<ExecutionRecord> last = store.history(id, 1);
    return new TaskReport(t, next, inFlight.containsKey(id), last.stream().findFirst(), description);
  }

  @Override
  public List<ExecutionRecord> history(TaskId id, int limit) {
    require(id);
    return store.history(id, limit);
  }

  /** A view of the management operations confined to one guild. */
  public TaskOperations forGuild(GuildId guild) {
    return new GuildScope(this, requireNonNull(guild, "guild"));
  }

  /** This node's figures and the store's task counts. */
  public SchedulerStats stats() {
    Map<TaskStatus, Long> byStatus = new EnumMap<>(TaskStatus.class);
    for (TaskStatus s : TaskStatus.values()) {
      byStatus.put(s, 0L);
    }
    store.countByStatus().forEach((status, count) -> byStatus.merge(status, count, Long::sum));
    Duration up = startedAt == null ? Duration.ZERO : Duration.between(startedAt, clock.now());
    int queued;
    workLock.lock();
    try {
      queued = ready.size();
    } finally {
      workLock.unlock();
    }
    return new SchedulerStats(byStatus, runningNow.get(), queued, executed.get(), failed.get(),
        lateness.quantile(0.50), lateness.quantile(0.99), up);
  }

  // ---------------------------------------------------------------- builder

  /**
   * Builds a {@link TaskScheduler}. The store, message source, summarizer and trigger factory are required;
   * the rest have defaults. Each setting may be given once; a setting given twice or an impossible combination
   * fails at {@link #build()} with a message naming it.
   */
  public static final class Builder {
    private TaskStore store;
    private Clock clock;
    private TriggerFactory triggerFactory;
    private MessageSource messageSource;
    private Summarizer summarizer;
    private final Map<DestinationType, DeliveryChannel> channels = new EnumMap<>(DestinationType.class);
    private Notifier notifier;
    private final List<SchedulerListener> listeners = new ArrayList<>();
    private String nodeId;
    private Integer concurrency;
    private Duration pollInterval;
    private Duration lease;
    private RandomGenerator random;
    private final List<String> twice = new ArrayList<>();

    private Builder() {}

    private <T> T once(T current, T value, String name) {
      requireNonNull(value, name);
      if (current != null) {
        twice.add(name);
      }
      return value;
    }

    public Builder store(TaskStore v) { store = once(store, v, "store"); return this; }
    public Builder clock(Clock v) { clock = once(clock, v, "clock"); return this; }
    public Builder triggerFactory(TriggerFactory v) { triggerFactory = once(triggerFactory, v, "triggerFactory"); return this; }
    public Builder messageSource(MessageSource v) { messageSource = once(messageSource, v, "messageSource"); return this; }
    public Builder summarizer(Summarizer v) { summarizer = once(summarizer, v, "summarizer"); return this; }
    public Builder notifier(Notifier v) { notifier = once(notifier, v, "notifier"); return this; }
    public Builder nodeId(String v) { nodeId = once(nodeId, v, "nodeId"); return this; }
    public Builder concurrency(int v) { concurrency = once(concurrency, v, "concurrency"); return this; }
    public Builder pollInterval(Duration v) { pollInterval = once(pollInterval, v, "pollInterval"); return this; }
    public Builder lease(Duration v) { lease = once(lease, v, "lease"); return this; }
    public Builder random(RandomGenerator v) { random = once(random, v, "random"); return this; }

    /** The channel that delivers to destinations of {@code type}. */
    public Builder deliveryChannel(DestinationType type, DeliveryChannel channel) {
      requireNonNull(type, "type");
      requireNonNull(channel, "channel");
      if (channels.put(type, channel) != null) {
        twice.add("deliveryChannel(" + type + ")");
      }
      return this;
    }

    public Builder listener(SchedulerListener l) {
      listeners.add(requireNonNull(l, "listener"));
      return this;
    }

    public TaskScheduler build() {
      Problems p = new Problems();
      for (String name : twice) {
        p.add(name, "is set more than once");
      }
      p.check(store != null, "store", "is required");
      p.check(triggerFactory != null, "triggerFactory", "is required");
      p.check(messageSource != null, "messageSource", "is required");
      p.check(summarizer != null, "summarizer", "is required");
      if (clock == null) {
        clock = Clock.system();
      }
      if (notifier == null) {
        notifier = Notifier.none();
      }
      if (nodeId == null) {
        nodeId = defaultNodeId();
      }
      if (concurrency == null) {
        concurrency = 4;
      }
      if (pollInterval == null) {
        pollInterval = Duration.ofSeconds(5);
      }
      if (lease == null) {
        lease = Duration.ofMinutes(2);
      }
      if (random == null) {
        random = new java.util.SplittableRandom();
      }
      p.check(!nodeId.isBlank() && nodeId.length() <= 100, "nodeId", "must be 1-100 characters");
      p.check(concurrency >= 1 && concurrency <= 1024, "concurrency", concurrency + " is outside 1-1024");
      p.check(pollInterval.toMillis() >= 1, "pollInterval", "must be at least 1ms");
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

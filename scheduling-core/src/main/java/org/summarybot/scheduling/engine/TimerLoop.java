package org.summarybot.scheduling.engine;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.TaskStore;

/**
 * The timer thread. Each loop it extends leases ({@link Heartbeat}), asks the store when work is next due, tells
 * the {@link ClaimQueue} when work is due now, and sleeps until the next due time, the poll interval, or a
 * wake-up ({@link #wake}: a local change that falls due sooner, a jump of the clock). It never claims: claimed
 * work never passes through this thread. Other processes' changes are seen within a poll interval.
 */
final class TimerLoop implements Runnable {
  /** Shortest sleep while the store reports work due that nobody could claim yet: look again soon, never spin. */
  private static final long IDLE_FLOOR_NANOS = 10_000_000L;

  private final TaskStore store;
  private final Clock clock;
  private final Duration pollInterval;
  private final Heartbeat heartbeat;
  private final ClaimQueue claims;
  private final StoreTrouble storeTrouble;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private boolean wakeRequested;
  /** Until when the timer sleeps (clock time), or null while it is awake and looking at the store. */
  private volatile Instant sleepingUntil;
  private volatile boolean running;
  private Thread thread;
  /** Work of the loop besides claiming, done on each turn (it decides itself whether it is due). */
  private volatile Runnable eachLoop = () -> {};

  TimerLoop(TaskStore store, Clock clock, Duration pollInterval, Heartbeat heartbeat, ClaimQueue claims,
      StoreTrouble storeTrouble) {
    this.store = store;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.heartbeat = heartbeat;
    this.claims = claims;
    this.storeTrouble = storeTrouble;
  }

  /** Has {@code r} run on each turn of the loop, after the heartbeat; {@code r} never throws. */
  void alsoEachLoop(Runnable r) {
    eachLoop = r;
  }

  void start(String nodeId) {
    running = true;
    thread = new ThreadFactoryBuilder().setDaemon(true).setNameFormat("summary-scheduler-timer-" + nodeId).build()
        .newThread(this);
    thread.start();
  }

  /** Ends the loop and waits (up to two poll intervals) for the thread to end. */
  void stop() {
    running = false;
    signal();
    try {
      thread.join(Math.max(1, pollInterval.toMillis() * 2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Wakes the timer so it looks at the store now (nothing while it is not running). */
  void wake() {
    if (running) {
      signal();
    }
  }

  /**
   * Wakes the timer when {@code due} comes before the timer would wake anyway: scheduling many tasks due later
   * does not stir it each time.
   */
  void wakeIfBefore(Optional<Instant> due) {
    Instant planned = sleepingUntil;
    if (planned == null || due.isPresent() && due.get().isBefore(planned)) {
      wake();
    }
  }

  @Override
  public void run() {
    while (running) {
      try {
        sleepingUntil = null;
        Instant now = clock.now();
        heartbeat.beat(now);
        eachLoop.run();
        Optional<Instant> next = store.nextDueAt(now);
        storeTrouble.succeeded();
        long waitNanos = pollInterval.toNanos();
        if (next.isPresent()) {
          long untilDue = Duration.between(clock.now(), next.get()).toNanos();
          if (untilDue <= 0) {
            claims.workMayBeDue();
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

  private void signal() {
    lock.lock();
    try {
      wakeRequested = true;
      wakeUp.signalAll();
    } finally {
      lock.unlock();
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
}

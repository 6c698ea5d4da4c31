package org.summarybot.scheduling.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.schedule.ScheduleTriggerFactory;
import org.summarybot.scheduling.store.InMemoryTaskStore;
import org.summarybot.scheduling.testing.FakeClock;

/**
 * The real timer thread and pool: waking on clock changes, the concurrency limit, pause and stop during
 * executions. Concurrency is the subject here, so these use latches with bounded waits, never sleeps.
 */
@Timeout(30)
class EngineThreadingTest {
  static final Destination DIGEST = Destination.discord(ChannelId.of(22), DeliveryFormat.MARKDOWN);

  final FakeClock clock = FakeClock.at("2025-03-03T08:00:00Z");
  final InMemoryTaskStore store = new InMemoryTaskStore();
  final Fakes.Channels messages = new Fakes.Channels();
  final Fakes.ScriptedChannel discord = new Fakes.ScriptedChannel();
  final List<TaskScheduler> started = new java.util.ArrayList<>();

  TaskScheduler start(String node, int concurrency, SchedulerListener listener) {
    return start(store, node, concurrency, listener);
  }

  /** A started scheduler on {@code on} (the test's store, or a wrapper around it). */
  TaskScheduler start(org.summarybot.scheduling.port.TaskStore on, String node, int concurrency,
      SchedulerListener listener) {
    TaskScheduler s = TaskScheduler.builder().store(on).clock(clock).triggerFactory(new ScheduleTriggerFactory())
        .messageSource(messages).summarizer(new Fakes.CountingSummarizer())
        .deliveryChannel(DestinationType.DISCORD_CHANNEL, discord).nodeId(node).concurrency(concurrency)
        .random(new SplittableRandom(1)).pollInterval(Duration.ofMillis(20)).lease(Duration.ofSeconds(60))
        .listener(listener).build();
    s.start();
    started.add(s);
    return s;
  }

  @AfterEach
  void stopAll() {
    started.forEach(s -> s.stop(Duration.ofSeconds(5)));
  }

  TaskSpec.Builder spec(String name) {
    return TaskSpec.builder().name(name).guild(GuildId.of(1)).channel(ChannelId.of(11)).schedule("daily 09:00")
        .zone(ZoneId.of("UTC")).destination(DIGEST).options(SummaryOptions.DEFAULTS.withMinMessages(0));
  }

  /** A listener that counts {@code latch} down on every event of {@code type}. */
  static SchedulerListener countDownOn(Class<? extends SchedulerEvent> type, CountDownLatch latch) {
    return e -> {
      if (type.isInstance(e)) {
        latch.countDown();
      }
    };
  }

  /** Makes every delivery say it started, then wait (bounded) until {@code release} opens. */
  void blockDeliveries(CountDownLatch inDelivery, CountDownLatch release) {
    discord.onCall = () -> {
      inDelivery.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  @Test
  void the_timer_runs_a_task_when_the_clock_reaches_its_fire_time() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    TaskScheduler s = start("n1", 2, countDownOn(SchedulerEvent.Succeeded.class, done));
    ScheduledTask t = s.schedule(spec("a").build());
    assertThat(done.await(200, TimeUnit.MILLISECONDS)).isFalse();
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(store.history(t.id(), 10)).hasSize(1);
  }

  /**
   * On the system clock no clock listener wakes the timer: scheduling or running a task that falls due before
   * the timer's planned wake-up must wake it, while tasks due later leave it asleep.
   */
  @Test
  void a_task_due_before_the_timers_planned_wake_up_wakes_it_on_the_system_clock() throws Exception {
    java.util.concurrent.BlockingQueue<org.summarybot.scheduling.model.TaskId> succeeded =
        new java.util.concurrent.LinkedBlockingQueue<>();
    TaskScheduler s = TaskScheduler.builder().store(store).triggerFactory(new ScheduleTriggerFactory())
        .messageSource(messages).summarizer(new Fakes.CountingSummarizer())
        .deliveryChannel(DestinationType.DISCORD_CHANNEL, discord).nodeId("system-clock").concurrency(2)
        .pollInterval(Duration.ofHours(1)).lease(Duration.ofHours(3))
        .listener(e -> {
          if (e instanceof SchedulerEvent.Succeeded ok) {
            succeeded.add(ok.taskId());
          }
        }).build();
    s.start();
    started.add(s);
    // The timer sleeps until the daily run or the hour's poll; only a task due sooner must wake it.
    ScheduledTask later = s.schedule(spec("later").build());
    ScheduledTask soon = s.schedule(spec("soon").schedule("every 1s").build());
    assertThat(succeeded.poll(10, TimeUnit.SECONDS)).isEqualTo(soon.id());
    s.runNow(later.id());
    org.summarybot.scheduling.model.TaskId next;
    do {
      next = succeeded.poll(10, TimeUnit.SECONDS);
      assertThat(next).isNotNull();
    } while (!next.equals(later.id()));
    assertThat(store.history(later.id(), 10)).hasSize(1);
  }

  /**
   * Two workers, ten due tasks: both workers wait inside a delivery at once (and stats count both), never a
   * third. The test waits for both to be inside the delivery, not just started: a started execution may not have
   * reached its delivery yet, and releasing before it does would let the two run one after the other.
   */
  @Test
  void the_concurrency_limit_holds_and_every_due_task_runs_once() throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    CountDownLatch twoInDelivery = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    discord.onCall = () -> {
      max.accumulateAndGet(now.incrementAndGet(), Math::max);
      twoInDelivery.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      now.decrementAndGet();
    };
    CountDownLatch done = new CountDownLatch(10);
    TaskScheduler s = start("n1", 2, countDownOn(SchedulerEvent.Succeeded.class, done));
    for (int i = 0; i < 10; i++) {
      s.schedule(spec("t" + i).build());
    }
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(twoInDelivery.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(s.stats().running()).isEqualTo(2);
    release.countDown();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(max.get()).isEqualTo(2);
    assertThat(discord.delivered).hasSize(10);
  }

  @Test
  void pausing_while_an_execution_runs_lets_it_finish_and_the_task_stays_paused() throws Exception {
    CountDownLatch inDelivery = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    blockDeliveries(inDelivery, release);
    CountDownLatch done = new CountDownLatch(1);
    TaskScheduler s = start("n1", 2, countDownOn(SchedulerEvent.Succeeded.class, done));
    ScheduledTask t = s.schedule(spec("a").build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(inDelivery.await(10, TimeUnit.SECONDS)).isTrue();
    s.pause(t.id());
    release.countDown();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    ScheduledTask after = store.get(t.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(TaskStatus.PAUSED);
    assertThat(after.nextRun()).contains(Instant.parse("2025-03-04T09:00:00Z"));
    assertThat(store.history(t.id(), 10)).extracting(ExecutionRecord::outcome).containsExactly(ExecutionOutcome.SUCCEEDED);
    clock.set(Instant.parse("2025-03-05T09:00:00Z"));
    s.wake();
    assertThat(store.claimDue(clock.now(), 10, "probe", Duration.ofSeconds(1))).isEmpty();
  }

  @Test
  void stop_hands_back_running_work_and_a_new_scheduler_finishes_it_exactly_once() throws Exception {
    CountDownLatch inDelivery = new CountDownLatch(1);
    CountDownLatch neverReleased = new CountDownLatch(1);
    discord.onCall = () -> {
      if (Thread.currentThread().getName().contains("old")) {
        inDelivery.countDown();
        try {
          neverReleased.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the old node was stopped mid-delivery");
      }
    };
    TaskScheduler old = start("old", 1, e -> {});
    ScheduledTask t = old.schedule(spec("a").build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(inDelivery.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(old.stop(Duration.ofMillis(100))).isFalse();
    started.remove(old);

    CountDownLatch done = new CountDownLatch(1);
    start("new", 1, countDownOn(SchedulerEvent.Succeeded.class, done));
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    List<ExecutionRecord> h = store.history(t.id(), 10);
    assertThat(h).hasSize(1);
    assertThat(h.get(0).scheduledFor()).isEqualTo(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(discord.delivered).hasSize(1);
    assertThat(store.get(t.id()).orElseThrow().nextRun()).contains(Instant.parse("2025-03-04T09:00:00Z"));
  }

  @Test
  void stop_hands_back_claimed_work_that_has_not_started_without_running_it() throws Exception {
    CountDownLatch inDelivery = new CountDownLatch(1);
    CountDownLatch neverReleased = new CountDownLatch(1);
    AtomicInteger oldCalls = new AtomicInteger();
    discord.onCall = () -> {
      if (Thread.currentThread().getName().contains("old")) {
        oldCalls.incrementAndGet();
        inDelivery.countDown();
        try {
          neverReleased.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the old node was stopped mid-delivery");
      }
    };
    // One worker: the first due task blocks it, the other two wait claimed (leased) in its queue.
    TaskScheduler old = start("old", 1, e -> {});
    List<ScheduledTask> tasks = List.of(old.schedule(spec("a").build()), old.schedule(spec("b").build()),
        old.schedule(spec("c").build()));
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(inDelivery.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(old.stats().queued()).isEqualTo(2);
    assertThat(old.stop(Duration.ofMillis(100))).isFalse();
    started.remove(old);
    assertThat(oldCalls).hasValue(1);

    CountDownLatch done = new CountDownLatch(3);
    start("new", 2, countDownOn(SchedulerEvent.Succeeded.class, done));
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    for (ScheduledTask t : tasks) {
      assertThat(store.history(t.id(), 10)).extracting(ExecutionRecord::scheduledFor)
          .containsExactly(Instant.parse("2025-03-03T09:00:00Z"));
    }
    assertThat(discord.delivered).hasSize(3);
  }

  @Test
  void an_error_thrown_inside_an_execution_keeps_the_worker_and_the_work_is_retried_after_its_lease() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    discord.onCall = () -> {
      if (calls.incrementAndGet() == 1) {
        throw new StackOverflowError("simulated");
      }
    };
    java.util.concurrent.BlockingQueue<org.summarybot.scheduling.model.TaskId> succeeded =
        new java.util.concurrent.LinkedBlockingQueue<>();
    TaskScheduler s = start("n1", 1, e -> {
      if (e instanceof SchedulerEvent.Succeeded ok) {
        succeeded.add(ok.taskId());
      }
    });
    s.schedule(spec("a").build());
    s.schedule(spec("b").build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    // The one worker survives the error and runs the other task; the failed one waits for its lease to expire.
    org.summarybot.scheduling.model.TaskId failed = null;
    org.summarybot.scheduling.model.TaskId first = succeeded.poll(10, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    failed = discord.calls.get(0).task().id();
    assertThat(first).isNotEqualTo(failed);
    clock.advance(Duration.ofSeconds(61));
    assertThat(succeeded.poll(10, TimeUnit.SECONDS)).isEqualTo(failed);
    assertThat(store.history(failed, 10)).hasSize(1);
    assertThat(store.history(first, 10)).hasSize(1);
  }

  @Test
  void a_failing_claim_is_not_tried_again_before_the_poll_interval_so_a_broken_store_is_not_hammered()
      throws Exception {
    AtomicInteger claims = new AtomicInteger();
    CountDownLatch firstClaim = new CountDownLatch(1);
    CountDownLatch twoClaims = new CountDownLatch(2);
    java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicReference<CountDownLatch> timerLoops =
        new java.util.concurrent.atomic.AtomicReference<>(new CountDownLatch(0));
    org.summarybot.scheduling.port.TaskStore flaky = new Fakes.ForwardingStore(store) {
      @Override
      public List<org.summarybot.scheduling.port.Claim> claimDue(Instant now, int limit, String node,
          Duration lease) {
        claims.incrementAndGet();
        firstClaim.countDown();
        twoClaims.countDown();
        if (broken.get()) {
          throw new IllegalStateException("database down");
        }
        return super.claimDue(now, limit, node, lease);
      }

      @Override
      public java.util.Optional<Instant> nextDueAt(Instant now) {
        timerLoops.get().countDown();
        return super.nextDueAt(now);
      }
    };
    CountDownLatch done = new CountDownLatch(1);
    TaskScheduler s = TaskScheduler.builder().store(flaky).clock(clock).triggerFactory(new ScheduleTriggerFactory())
        .messageSource(messages).summarizer(new Fakes.CountingSummarizer())
        .deliveryChannel(DestinationType.DISCORD_CHANNEL, discord).nodeId("n1").concurrency(2)
        .pollInterval(Duration.ofMillis(20)).lease(Duration.ofSeconds(60))
        .listener(countDownOn(SchedulerEvent.Succeeded.class, done)).build();
    s.schedule(spec("a").build());
    s.start();
    started.add(s);
    assertThat(firstClaim.await(10, TimeUnit.SECONDS)).as("workers look for due work when they start").isTrue();
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(twoClaims.await(10, TimeUnit.SECONDS)).as("the claim at start and the one when the task fell due")
        .isTrue();
    // The timer keeps saying work is due (every 10 ms), but the clock has not moved one poll interval on.
    CountDownLatch loops = new CountDownLatch(20);
    timerLoops.set(loops);
    assertThat(loops.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(claims).hasValue(2);

    broken.set(false);
    clock.advance(Duration.ofMillis(20));
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void two_schedulers_on_one_store_run_each_fire_once() throws Exception {
    CountDownLatch done = new CountDownLatch(20);
    SchedulerListener count = countDownOn(SchedulerEvent.Succeeded.class, done);
    TaskScheduler a = start("a", 3, count);
    start("b", 3, count);
    for (int i = 0; i < 20; i++) {
      a.schedule(spec("t" + i).build());
    }
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(discord.delivered).hasSize(20);
    assertThat(discord.delivered).extracting(r -> r.executionId()).doesNotHaveDuplicates();
  }

  @Test
  void a_long_execution_keeps_its_lease_by_heartbeat_so_no_other_node_takes_it_over() throws Exception {
    CountDownLatch inDelivery = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    blockDeliveries(inDelivery, release);
    CountDownLatch extended = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    TaskScheduler s = TaskScheduler.builder().store(new ExtendWatcher(store, extended)).clock(clock)
        .triggerFactory(new ScheduleTriggerFactory()).messageSource(messages).summarizer(new Fakes.CountingSummarizer())
        .deliveryChannel(DestinationType.DISCORD_CHANNEL, discord).nodeId("worker").concurrency(1)
        .pollInterval(Duration.ofMillis(20)).lease(Duration.ofSeconds(30))
        .listener(countDownOn(SchedulerEvent.Succeeded.class, done)).build();
    s.start();
    started.add(s);
    ScheduledTask t = s.schedule(spec("long").build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(inDelivery.await(10, TimeUnit.SECONDS)).isTrue();
    clock.advance(Duration.ofSeconds(20));
    assertThat(extended.await(10, TimeUnit.SECONDS)).isTrue();
    clock.advance(Duration.ofSeconds(20));
    assertThat(store.claimDue(clock.now(), 10, "thief", Duration.ofSeconds(30))).isEmpty();
    release.countDown();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(store.history(t.id(), 10)).hasSize(1);
  }

  /**
   * An execution whose completion is being stored is out of the heartbeat's sight: the heartbeat does not extend
   * the lease that the completion is giving up (and so never reports it as lost), while it still extends the
   * lease of an execution that is running.
   */
  @Test
  void the_heartbeat_leaves_alone_an_execution_whose_completion_is_being_stored() throws Exception {
    AtomicInteger deliveries = new AtomicInteger();
    CountDownLatch inDelivery = new CountDownLatch(1);
    CountDownLatch releaseDelivery = new CountDownLatch(1);
    discord.onCall = () -> {
      if (deliveries.incrementAndGet() == 1) {
        inDelivery.countDown();
        await(releaseDelivery);
      }
    };
    AtomicInteger completions = new AtomicInteger();
    CountDownLatch completing = new CountDownLatch(1);
    CountDownLatch releaseCompletion = new CountDownLatch(1);
    java.util.Set<org.summarybot.scheduling.model.TaskId> extendedIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicReference<org.summarybot.scheduling.model.TaskId> completingId =
        new java.util.concurrent.atomic.AtomicReference<>();
    CountDownLatch extended = new CountDownLatch(1);
    CountDownLatch heartbeatPassDone = new CountDownLatch(1);
    Fakes.ForwardingStore watched = new Fakes.ForwardingStore(store) {
      @Override
      public ScheduledTask complete(org.summarybot.scheduling.port.Completion c) {
        if (completions.incrementAndGet() == 1) {
          completingId.set(c.claim().task().id());
          completing.countDown();
          EngineThreadingTest.await(releaseCompletion);
        }
        return super.complete(c);
      }

      @Override
      public boolean extendLease(org.summarybot.scheduling.port.Claim c, Instant until) {
        extendedIds.add(c.task().id());
        extended.countDown();
        return super.extendLease(c, until);
      }

      @Override
      public java.util.Optional<Instant> nextDueAt(Instant now) {
        // The timer reads the next due time right after each heartbeat pass.
        if (extended.getCount() == 0) {
          heartbeatPassDone.countDown();
        }
        return super.nextDueAt(now);
      }
    };
    CountDownLatch done = new CountDownLatch(2);
    TaskScheduler s = start(watched, "n1", 2, countDownOn(SchedulerEvent.Succeeded.class, done));
    ScheduledTask a = s.schedule(spec("a").build());
    ScheduledTask b = s.schedule(spec("b").build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(inDelivery.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(completing.await(10, TimeUnit.SECONDS)).isTrue();
    org.summarybot.scheduling.model.TaskId running = completingId.get().equals(a.id()) ? b.id() : a.id();
    // 20 s of the 60 s lease left: less than half, so the heartbeat extends every lease it sees.
    clock.advance(Duration.ofSeconds(40));
    assertThat(heartbeatPassDone.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(extendedIds).containsExactly(running);
    releaseCompletion.countDown();
    releaseDelivery.countDown();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(store.history(a.id(), 10)).hasSize(1);
    assertThat(store.history(b.id(), 10)).hasSize(1);
  }

  /**
   * A store that batches completions the way the SQL store on PostgreSQL does, under the test's control:
   * {@code completeThen} only queues the completion; {@link #writeQueued} writes what is queued and calls back.
   */
  static class BatchingStore extends Fakes.ForwardingStore {
    final java.util.concurrent.BlockingQueue<Runnable> queued = new java.util.concurrent.LinkedBlockingQueue<>();

    BatchingStore(org.summarybot.scheduling.port.TaskStore d) {
      super(d);
    }

    @Override
    public void completeThen(org.summarybot.scheduling.port.Completion c,
        java.util.function.BiConsumer<ScheduledTask, RuntimeException> done) {
      queued.add(() -> super.completeThen(c, done));
    }

    /** Writes every completion queued so far, calling each back; returns how many. */
    int writeQueued() {
      return runQueued(false);
    }

    /** Runs what is queued so far, oldest or newest first; returns how many. */
    int runQueued(boolean newestFirst) {
      List<Runnable> batch = new java.util.ArrayList<>();
      queued.drainTo(batch);
      if (newestFirst) {
        java.util.Collections.reverse(batch);
      }
      batch.forEach(Runnable::run);
      return batch.size();
    }
  }

  /**
   * A store that writes each completion at once (its lease ends, and its next run can be claimed) but queues its
   * call back until the test says: the moment between a batch's commit and its call backs, held open.
   */
  static final class LateCallbackStore extends BatchingStore {
    LateCallbackStore(org.summarybot.scheduling.port.TaskStore d) {
      super(d);
    }

    @Override
    public void completeThen(org.summarybot.scheduling.port.Completion c,
        java.util.function.BiConsumer<ScheduledTask, RuntimeException> done) {
      ScheduledTask stored = null;
      RuntimeException failure = null;
      try {
        stored = complete(c);
      } catch (RuntimeException e) {
        failure = e;
      }
      ScheduledTask s = stored;
      RuntimeException f = failure;
      queued.add(() -> done.accept(s, f));
    }

    /** Calls back every completion written so far, oldest first; returns how many. */
    int callBack() {
      return runQueued(false);
    }

    /** Calls back every completion written so far, newest first. */
    void callBackNewestFirst() {
      runQueued(true);
    }
  }

  /** A listener that writes Started, Succeeded and Missed events of one task as lines, in the order told. */
  static SchedulerListener lines(List<String> out) {
    return e -> {
      if (e instanceof SchedulerEvent.Started st) {
        out.add("started " + st.scheduledFor());
      } else if (e instanceof SchedulerEvent.Succeeded ok) {
        out.add("succeeded " + ok.record().scheduledFor());
      } else if (e instanceof SchedulerEvent.Missed m) {
        out.add("missed " + m.record().scheduledFor());
      }
    };
  }

  /** Whether a thread waits in {@code method} of the engine. */
  static boolean aThreadWaitsIn(String method) {
    return Thread.getAllStackTraces().values().stream()
        .anyMatch(trace -> java.util.Arrays.stream(trace).anyMatch(f -> f.getMethodName().equals(method))
            && java.util.Arrays.stream(trace).anyMatch(f -> f.getMethodName().equals("wait")));
  }

  /**
   * A task run again (here by runNow) once its execution's completion is written, but before the store called
   * back: the worker starting the new run tells the earlier outcome first, so listeners hear the task's events
   * in order, Started and Succeeded of one execution, then of the next.
   */
  @Test
  void a_task_started_again_before_its_last_outcome_was_told_has_that_outcome_told_first() {
    LateCallbackStore late = new LateCallbackStore(store);
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    TaskScheduler s = start(late, "n1", 1, lines(events));
    ScheduledTask t = s.schedule(spec("a").build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    awaitTrue("the first completion written, its call back held", () -> late.queued.size() == 1);

    clock.advance(Duration.ofMinutes(1));
    s.runNow(t.id());
    awaitTrue("the second run told Started, or waits to tell it",
        () -> events.size() >= 2 || aThreadWaitsIn("tellFirst"));
    awaitTrue("both outcomes told", () -> {
      late.callBack();
      return events.size() == 4;
    });

    assertThat(events).containsExactly("started 2025-03-03T09:00:00Z", "succeeded 2025-03-03T09:00:00Z",
        "started 2025-03-03T09:01:00Z", "succeeded 2025-03-03T09:01:00Z");
    assertThat(store.history(t.id(), 10)).hasSize(2);
  }

  /**
   * A claim that only records misses starts nothing, yet its Missed event must not come before the task's
   * earlier outcome: here the store calls back the miss first, and the worker handling it tells the earlier
   * Succeeded before it.
   */
  @Test
  void a_claim_that_only_records_misses_tells_them_after_the_tasks_earlier_outcome() {
    LateCallbackStore late = new LateCallbackStore(store);
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    TaskScheduler s = start(late, "n1", 1, lines(events));
    ScheduledTask t = s.schedule(spec("a").misfirePolicy(org.summarybot.scheduling.model.MisfirePolicy.SKIP).build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    awaitTrue("the first completion written, its call back held", () -> late.queued.size() == 1);

    // A day and 10 minutes later: the fire of 03-04 09:00 is past its 5 minutes of grace, and SKIP records it.
    clock.set(Instant.parse("2025-03-04T09:10:00Z"));
    awaitTrue("the miss written, its call back held", () -> late.queued.size() == 2);
    late.callBackNewestFirst();
    awaitTrue("both told", () -> events.size() == 3);

    assertThat(events).containsExactly("started 2025-03-03T09:00:00Z", "succeeded 2025-03-03T09:00:00Z",
        "missed 2025-03-04T09:00:00Z");
    assertThat(store.history(t.id(), 10)).hasSize(2);
  }

  /** Counts events of each kind. */
  static final class Counts implements SchedulerListener {
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger succeeded = new AtomicInteger();

    @Override
    public void onEvent(SchedulerEvent e) {
      if (e instanceof SchedulerEvent.Started) {
        started.incrementAndGet();
      } else if (e instanceof SchedulerEvent.Succeeded) {
        succeeded.incrementAndGet();
      }
    }
  }

  /** Waits (bounded) until {@code condition} holds. */
  static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }

  /** A started one-worker scheduler on a {@link BatchingStore}, with its event counts. */
  record Batching(BatchingStore store, Counts counts, TaskScheduler scheduler) {}

  /** Starts {@link Batching} for {@code node} with {@code due} tasks due at once. */
  Batching startBatching(String node, int due) {
    BatchingStore batching = new BatchingStore(store);
    Counts counts = new Counts();
    TaskScheduler s = start(batching, node, 1, counts);
    scheduleDue(s, due);
    return new Batching(batching, counts, s);
  }

  void scheduleDue(TaskScheduler s, int n) {
    for (int i = 0; i < n; i++) {
      s.schedule(spec("t" + i).schedule("once 2025-03-03T09:00").build());
    }
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
  }

  /**
   * One worker and a store that batches completions: the worker hands each completion over and runs the next
   * execution while the earlier ones wait for their batch; each Succeeded event comes only once its completion
   * is written.
   */
  @Test
  void a_worker_goes_on_while_its_completions_wait_for_a_batching_store_and_succeeded_follows_each_write() {
    Batching b = startBatching("n1", 3);
    BatchingStore batching = b.store();
    Counts counts = b.counts();

    awaitTrue("three completions handed over", () -> batching.queued.size() == 3);
    assertThat(counts.started.get()).isEqualTo(3);
    assertThat(counts.succeeded.get()).as("nothing written yet").isZero();
    assertThat(store.list(org.summarybot.scheduling.port.TaskQuery.all()))
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(TaskStatus.ACTIVE));

    assertThat(batching.writeQueued()).isEqualTo(3);

    awaitTrue("three Succeeded events, told by the worker", () -> counts.succeeded.get() == 3);
    assertThat(store.list(org.summarybot.scheduling.port.TaskQuery.all())).hasSize(3)
        .allSatisfy(t -> assertThat(store.history(t.id(), 10)).hasSize(1));
  }

  /** Whether a worker thread of the scheduler of {@code node} is alive. */
  static boolean workersAlive(String node) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().startsWith("summary-scheduler-" + node + "-"));
  }

  @Test
  void stop_reports_completions_not_written_within_the_drain() {
    Batching b = startBatching("n1", 1);
    awaitTrue("a completion handed over", () -> b.store().queued.size() == 1);

    // The worker is idle and ends at once; only the unwritten completion makes the stop incomplete.
    assertThat(b.scheduler().stop(Duration.ofMillis(300))).isFalse();
    assertThat(workersAlive("n1")).isFalse();
  }

  @Test
  void stop_waits_for_completions_still_being_written_after_the_workers_ended() throws Exception {
    Batching b = startBatching("n2", 1);
    BatchingStore batching = b.store();
    Counts counts = b.counts();
    TaskScheduler s = b.scheduler();
    awaitTrue("a completion handed over", () -> batching.queued.size() == 1);
    java.util.concurrent.ExecutorService stopper = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      java.util.concurrent.Future<Boolean> stopped = stopper.submit(() -> s.stop(Duration.ofSeconds(10)));
      awaitTrue("the workers ended", () -> !s.isRunning() && !workersAlive("n2"));
      assertThat(stopped.isDone()).as("stop still waits for the write").isFalse();

      batching.writeQueued();

      assertThat(stopped.get(10, TimeUnit.SECONDS)).as("everything written within the drain").isTrue();
    } finally {
      stopper.shutdownNow();
    }
    assertThat(counts.succeeded.get()).as("handled by stop itself, no worker being left").isEqualTo(1);
  }

  /**
   * A batching store that falls behind holds the workers back: with 16 completions being written (the floor of
   * the limit), the worker finishes the execution in hand and waits, its lease still extended, before handing
   * over another.
   */
  @Test
  void a_worker_waits_once_the_completions_being_written_reach_the_limit() {
    Batching b = startBatching("n1", 20);
    BatchingStore batching = b.store();
    Counts counts = b.counts();
    TaskScheduler s = b.scheduler();

    awaitTrue("the worker waits to hand over its completion", () -> aThreadWaitsIn("awaitCompletionRoom"));
    assertThat(batching.queued).hasSize(16);
    assertThat(counts.started.get()).isEqualTo(17);
    assertThat(s.stats().running()).as("the waiting execution still counts as running").isEqualTo(1);

    awaitTrue("all 20 written", () -> {
      batching.writeQueued();
      return counts.succeeded.get() == 20;
    });
    assertThat(counts.started.get()).isEqualTo(20);
  }

  static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Passes everything to a store and counts down when a lease is extended. */
  static final class ExtendWatcher extends Fakes.ForwardingStore {
    final CountDownLatch extended;

    ExtendWatcher(org.summarybot.scheduling.port.TaskStore d, CountDownLatch extended) {
      super(d);
      this.extended = extended;
    }

    @Override
    public boolean extendLease(org.summarybot.scheduling.port.Claim c, Instant until) {
      boolean ok = super.extendLease(c, until);
      extended.countDown();
      return ok;
    }
  }
}

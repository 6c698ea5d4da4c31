package org.summarybot.scheduling.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.PendingRun;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.TaskKind;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.ExternalServiceException;
import org.summarybot.scheduling.port.MessageSource;
import org.summarybot.scheduling.port.Notification;
import org.summarybot.scheduling.port.Summarizer;
import org.summarybot.scheduling.port.TaskStore;
import org.summarybot.scheduling.port.Trigger;

/**
 * Runs the due work of one claim and turns it into a {@link Completion}. It plans the claim (a pending retry, a
 * run asked for, a regular fire, or late fires handled by the misfire policy, with the message window of each),
 * tells that an attempt starts, and runs it: {@link WindowSummarizer} reads and summarises the window,
 * {@link Deliverer} delivers, {@link Recorder} classifies the outcome into the completion (a retry, auto-disable).
 * It never sleeps: a retry is a pending run stored with the task.
 */
final class Executor {
  private static final System.Logger LOG = System.getLogger(TaskScheduler.class.getName());
  /** Counting missed fires stops here; a longer outage is recorded as "at least" this many. */
  static final int MISSED_COUNT_LIMIT = 1_000_000;

  /** What running a claim produced: the completion to store, and what to tell listeners and people after. */
  record Result(Completion completion, List<SchedulerEvent> events, List<Notification> notifications) {}

  private final Clock clock;
  private final TaskStore store;
  private final Triggers triggers;
  private final WindowSummarizer summarizer;
  private final Deliverer deliverer;
  private final Recorder recorder;
  private final Cleanup cleanup;

  Executor(Clock clock, TaskStore store, Triggers triggers, MessageSource messageSource, Summarizer summarizer,
      Map<DestinationType, DeliveryChannel> channels, RandomGenerator random) {
    this.clock = clock;
    this.store = store;
    this.triggers = triggers;
    this.summarizer = new WindowSummarizer(messageSource, summarizer);
    this.deliverer = new Deliverer(store, clock, channels);
    this.recorder = new Recorder(clock, random);
    this.cleanup = new Cleanup(store, channels);
  }

  /** Told when an attempt of a claim really starts (not for pure misses), {@code at} the engine clock's time. */
  @FunctionalInterface
  interface Starts {
    void started(Claim claim, SchedulerEvent.Started event, Instant at);
  }

  /** Plans and runs a claim. {@code onStart} is told when an attempt really starts (not for pure misses). */
  Result run(Claim claim, Starts onStart) {
    ScheduledTask task = claim.task();
    Instant now = clock.now();
    if (task.pending().isPresent() && !task.pending().get().dueAt().isAfter(claim.dueAt())) {
      PendingRun p = task.pending().get();
      if (p.backfill()) {
        // A past fire: its own window, fixed from the first attempt; its record replaces what stood for it.
        Backfills.Replacement replacement = Backfills.replacementFor(triggers.of(task),
            store.history(task.id(), Backfills.HISTORY_READ), p.scheduledFor());
        return attempt(claim, p.scheduledFor(), p.nextAttempt(), p.window(), p.summary(), task.nextRun(), List.of(),
            onStart, replacement);
      }
      if (p.nextAttempt() == 1) {
        return askedRun(claim, p, onStart);
      }
      return attempt(claim, p.scheduledFor(), p.nextAttempt(), p.window(), p.summary(), task.nextRun(), List.of(),
          onStart, null);
    }
    // A regular fire is claimed at its run time, its nominal time delayed by the task's jitter; lateness is
    // measured from the run time, everything else uses the nominal time.
    Duration jitter = task.timeOptions().jitterOffset(task.id());
    Instant fire = claim.dueAt().minus(jitter);
    Trigger trigger = triggers.of(task);
    if (!now.isAfter(claim.dueAt().plus(task.misfireGrace()))) {
      return fireOf(claim, trigger, fire, jitter, List.of(), onStart);
    }
    return misfire(claim, trigger, fire, jitter, now, onStart);
  }

  /** {@link #fire} of the nominal fire {@code f}: its window, and the next run after it (computed once for both). */
  private Result fireOf(Claim claim, Trigger trigger, Instant f, Duration jitter, List<ExecutionRecord> earlier,
      Starts onStart) {
    Optional<Instant> next = trigger.nextFireAfter(f);
    return fire(claim, f, windowFor(claim.task(), next, f), runAt(next, jitter), earlier, onStart);
  }

  /** When a nominal fire runs: delayed by the task's jitter. */
  private static Optional<Instant> runAt(Optional<Instant> nominal, Duration jitter) {
    return jitter.isZero() ? nominal : nominal.map(f -> f.plus(jitter));
  }

  /**
   * The execution of a nominal fire, or, when the fire falls on one of the task's skip dates, a record that it
   * was skipped: nothing runs, and the window is not advanced, so its messages roll into the next window.
   */
  private Result fire(Claim claim, Instant fire, TimeWindow window, Optional<Instant> nextRun,
      List<ExecutionRecord> earlier, Starts onStart) {
    ScheduledTask task = claim.task();
    if (!task.timeOptions().skips(fire, task.zone())) {
      return attempt(claim, fire, 1, window, Optional.empty(), nextRun, earlier, onStart, null);
    }
    Instant now = clock.now();
    ExecutionRecord skipped = new ExecutionRecord(ExecutionId.of(task.id(), fire), task.id(), task.guildId(), fire,
        now, now, 0, ExecutionOutcome.SKIPPED_DATE, Optional.of(window), 0, List.of(), Optional.empty(),
        Optional.of("skip date " + java.time.LocalDate.ofInstant(fire, task.zone()) + " in " + task.zone().getId()),
        0, Optional.empty());
    List<ExecutionRecord> records = new ArrayList<>(earlier);
    records.add(skipped);
    // The callers have told of the earlier records already.
    List<SchedulerEvent> events = List.of(new SchedulerEvent.SkippedDate(task.id(), skipped));
    Optional<TaskStatus> status = nextRun.isEmpty() ? Optional.of(TaskStatus.COMPLETED) : Optional.empty();
    // On a first run the window's start is kept, so the next window reaches back to it.
    Optional<Instant> windowEnd = task.lastWindowEnd().isEmpty() ? Optional.of(window.from()) : Optional.empty();
    Completion c = new Completion(claim, records, nextRun, Optional.empty(), windowEnd, status,
        status.map(s -> "the schedule has no more fires"), Map.of(), now);
    return new Result(c, events, List.of());
  }

  /**
   * A run asked for ({@code runNow}): exactly one execution, for the instant it was asked for. Its window starts
   * where the last successful one ended as it starts, not as it was asked: an execution that ran meanwhile (a
   * daemon's, on another node) moved that end, and its messages are not summarised again. Regular fires due by
   * then are not run one by one after it: the window covers them, so they are recorded as coalesced into this run
   * (one record naming their range and count, as {@code CATCH_UP_ONCE} does) and the next run is the first fire
   * after the asked instant.
   */
  private Result askedRun(Claim claim, PendingRun p, Starts onStart) {
    ScheduledTask task = claim.task();
    Trigger trigger = triggers.of(task);
    Instant asked = p.scheduledFor();
    TimeWindow window = windowFor(task, trigger, asked);
    Duration jitter = task.timeOptions().jitterOffset(task.id());
    Optional<Instant> next = task.nextRun().map(n -> n.minus(jitter));
    List<ExecutionRecord> records = List.of();
    List<SchedulerEvent> events = new ArrayList<>();
    if (next.isPresent() && !next.get().isAfter(asked)) {
      Instant first = next.get();
      Instant last = first;
      int count = 0;
      Instant f = first;
      while (f != null && !f.isAfter(asked) && count < MISSED_COUNT_LIMIT) {
        count++;
        last = f;
        f = trigger.nextFireAfter(f).orElse(null);
      }
      if (count >= MISSED_COUNT_LIMIT) {
        f = trigger.nextFireAfter(asked).orElse(null);
        last = asked;
      }
      ExecutionRecord coalesced = ExecutionRecord.missed(task.id(), task.guildId(), first, last, count, clock.now(),
          "coalesced into the run asked for at " + asked);
      records = List.of(coalesced);
      events.add(new SchedulerEvent.Missed(task.id(), coalesced));
      next = Optional.ofNullable(f);
    }
    Result r = attempt(claim, asked, 1, window, Optional.empty(), runAt(next, jitter), records, onStart, null);
    if (events.isEmpty()) {
      return r;
    }
    events.addAll(r.events());
    return new Result(r.completion(), events, r.notifications());
  }

  /** Handles a fire that is later than the grace allows, per the task's misfire policy. */
  private Result misfire(Claim claim, Trigger trigger, Instant first, Duration jitter, Instant now,
      Starts onStart) {
    ScheduledTask task = claim.task();
    // The late fires: first .. last, all not after now.
    java.util.ArrayDeque<Instant> lastFires = new java.util.ArrayDeque<>();
    int keep = Math.max(task.catchUpLimit(), 1);
    int count = 0;
    Instant last = first;
    Instant f = first;
    Instant nominalNow = now.minus(jitter); // a fire is late once its run time has passed
    while (f != null && !f.isAfter(nominalNow) && count < MISSED_COUNT_LIMIT) {
      count++;
      last = f;
      lastFires.addLast(f);
      if (lastFires.size() > keep + 1) {
        lastFires.removeFirst();
      }
      f = trigger.nextFireAfter(f).orElse(null);
    }
    if (count >= MISSED_COUNT_LIMIT) {
      // Jump over the rest of the outage without counting it fire by fire.
      f = trigger.nextFireAfter(nominalNow).orElse(null);
      last = nominalNow;
    }
    Optional<Instant> next = runAt(Optional.ofNullable(f), jitter);
    List<Instant> recent = new ArrayList<>(lastFires);
    List<SchedulerEvent> events = new ArrayList<>();
    List<ExecutionRecord> records = new ArrayList<>();
    switch (task.misfirePolicy()) {
      case SKIP: {
        ExecutionRecord missed = ExecutionRecord.missed(task.id(), task.guildId(), first, last, count, now,
            "scheduler was not running at these fires (misfire policy SKIP)");
        events.add(new SchedulerEvent.Missed(task.id(), missed));
        records.add(missed);
        Optional<TaskStatus> status = next.isEmpty() ? Optional.of(TaskStatus.COMPLETED) : Optional.empty();
        Completion c = new Completion(claim, records, next, Optional.empty(), Optional.empty(), status,
            status.map(s -> "no more fires"), Map.of(), now);
        return new Result(c, events, List.of());
      }
      case CATCH_UP_ONCE: {
        if (count > 1) {
          Instant lastMissed = recent.size() >= 2 ? recent.get(recent.size() - 2) : first;
          ExecutionRecord missed = ExecutionRecord.missed(task.id(), task.guildId(), first, lastMissed, count - 1,
              now, "coalesced into the catch-up run for " + last);
          records.add(missed);
          events.add(new SchedulerEvent.Missed(task.id(), missed));
        }
        // The one run stands for every late fire: its window starts where the first late fire's would have.
        TimeWindow w = new TimeWindow(windowFor(task, trigger, first).from(), last);
        if (w.from().isBefore(last.minus(task.options().maxLookback()))) {
          w = new TimeWindow(last.minus(task.options().maxLookback()), last);
        }
        Result r = fire(claim, last, w, next, records, onStart);
        events.addAll(r.events());
        return new Result(r.completion(), events, r.notifications());
      }
      case CATCH_UP_ALL: {
        if (count <= task.catchUpLimit()) {
          return fireOf(claim, trigger, first, jitter, List.of(), onStart);
        }
        // Too many: record the oldest as missed, run the first of the newest catchUpLimit fires now.
        int missedCount = count - task.catchUpLimit();
        Instant runFire = recent.get(recent.size() - task.catchUpLimit());
        Instant lastMissed = recent.get(recent.size() - task.catchUpLimit() - 1);
        ExecutionRecord missed = ExecutionRecord.missed(task.id(), task.guildId(), first, lastMissed, missedCount, now,
            "more missed fires than the catch-up limit of " + task.catchUpLimit());
        records.add(missed);
        events.add(new SchedulerEvent.Missed(task.id(), missed));
        Result r = fireOf(claim, trigger, runFire, jitter, records, onStart);
        events.addAll(r.events());
        return new Result(r.completion(), events, r.notifications());
      }
      default:
        throw new AssertionError(task.misfirePolicy());
    }
  }

  /**
   * The window of the execution for {@code fire}: from the end of the last successful window (or one schedule
   * period, or the task's lookback, before the fire on a first run) to the fire, never longer than max lookback.
   */
  static TimeWindow windowFor(ScheduledTask task, Trigger trigger, Instant fire) {
    boolean needsPeriod = task.lastWindowEnd().isEmpty() && task.options().lookback().isEmpty();
    return windowFor(task, needsPeriod ? trigger.nextFireAfter(fire) : Optional.empty(), fire);
  }

  /** {@link #windowFor(ScheduledTask, Trigger, Instant)} given the fire after {@code fire} when it is known. */
  private static TimeWindow windowFor(ScheduledTask task, Optional<Instant> next, Instant fire) {
    Instant start;
    if (task.lastWindowEnd().isPresent()) {
      start = task.lastWindowEnd().get();
    } else {
      Optional<Duration> lookback = task.options().lookback();
      Duration span;
      if (lookback.isPresent()) {
        span = lookback.get();
      } else {
        span = next.isPresent() ? Duration.between(fire, next.get()) : ONE_DAY;
      }
      start = fire.minus(span);
    }
    Instant floor = fire.minus(task.options().maxLookback());
    if (start.isBefore(floor)) {
      start = floor;
    }
    if (!start.isBefore(fire)) {
      start = fire.minusMillis(1);
    }
    return new TimeWindow(start, fire);
  }

  /**
   * One attempt of the execution for {@code scheduledFor}; {@code summarized} is the summary an earlier attempt of
   * it made, which this one delivers instead of reading and summarising the window again; {@code backfill} is what
   * the execution's record replaces when it is a backfill's, else null.
   */
  private Result attempt(Claim claim, Instant scheduledFor, int attempt, TimeWindow window,
      Optional<Summary> summarized, Optional<Instant> nextRun, List<ExecutionRecord> earlier, Starts onStart,
      Backfills.Replacement backfill) {
    ScheduledTask task = claim.task();
    ExecutionId id = ExecutionId.of(task.id(), scheduledFor);
    Instant startedAt = clock.now();
    onStart.started(claim, new SchedulerEvent.Started(task.id(), id, scheduledFor, attempt, claim.dueAt()), startedAt);
    // A backfill may run a fire that ran before and failed: its deliveries may be in the log.
    Attempt a = new Attempt(task, id, scheduledFor, attempt, window, startedAt,
        claim.firstHolder() && attempt == 1 && backfill == null);
    a.backfill = backfill;
    a.summary = summarized.orElse(null);
    try {
      if (task.kind() == TaskKind.CLEANUP) {
        a.removed = cleanup.run(task, startedAt);
        a.outcome = ExecutionOutcome.SUCCEEDED;
      } else {
        summarizeAndDeliver(a);
      }
    } catch (ExternalServiceException e) {
      a.fail(e.permanent(), e.getClass().getSimpleName(), e.getMessage(), e.retryAfter());
      a.excused = e.excused();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "task " + task.id() + ": unexpected error in execution " + id, e);
      a.fail(false, e.getClass().getName(), String.valueOf(e.getMessage()), Optional.empty());
    }
    return recorder.record(claim, a, nextRun, earlier);
  }

  private void summarizeAndDeliver(Attempt a) {
    List<Destination> targets = a.task.enabledDestinations();
    if (targets.isEmpty()) {
      a.fail(true, "NoDestination", "every destination of the task is disabled; fix them and resume the task",
          Optional.empty());
      return;
    }
    Summary summary = a.summary != null ? a.summary : summarizer.summarize(a);
    if (summary == null) {
      return;
    }
    deliverer.deliver(a, targets, summary);
  }

  /** The window of a first run of a schedule with no next fire to measure a period by. */
  private static final Duration ONE_DAY = Duration.ofDays(1);
}

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
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.DeliveryStatus;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.PendingRun;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.TaskKind;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryRequest;
import org.summarybot.scheduling.port.ExternalServiceException;
import org.summarybot.scheduling.port.MessageBatch;
import org.summarybot.scheduling.port.MessageSource;
import org.summarybot.scheduling.port.Notification;
import org.summarybot.scheduling.port.Summarizer;
import org.summarybot.scheduling.port.SummaryRequest;
import org.summarybot.scheduling.port.TaskStore;
import org.summarybot.scheduling.port.Trigger;

/**
 * Runs the due work of one claim and turns it into a {@link Completion}: misfire handling, the message window,
 * fetching, the content threshold, summarising, delivering to each destination not yet delivered, classifying
 * the outcome, scheduling a retry, auto-disable. It never sleeps: a retry is a pending run stored with the task.
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
  private final MessageSource messageSource;
  private final Summarizer summarizer;
  private final Map<DestinationType, DeliveryChannel> channels;
  private final RandomGenerator random;

  Executor(Clock clock, TaskStore store, Triggers triggers, MessageSource messageSource, Summarizer summarizer,
      Map<DestinationType, DeliveryChannel> channels, RandomGenerator random) {
    this.clock = clock;
    this.store = store;
    this.triggers = triggers;
    this.messageSource = messageSource;
    this.summarizer = summarizer;
    this.channels = channels;
    this.random = random;
  }

  /** Told when an attempt of a claim really starts (not for pure misses). */
  @FunctionalInterface
  interface Starts {
    void started(Claim claim, SchedulerEvent.Started event);
  }

  /** Plans and runs a claim. {@code onStart} is told when an attempt really starts (not for pure misses). */
  Result run(Claim claim, Starts onStart) {
    ScheduledTask task = claim.task();
    Instant now = clock.now();
    if (task.pending().isPresent() && !task.pending().get().dueAt().isAfter(claim.dueAt())) {
      PendingRun p = task.pending().get();
      if (p.nextAttempt() == 1) {
        return askedRun(claim, p, onStart);
      }
      return attempt(claim, p.scheduledFor(), p.nextAttempt(), p.window(), p.summary(), task.nextRun(), List.of(),
          onStart);
    }
    Instant fire = claim.dueAt();
    Trigger trigger = triggers.of(task);
    if (!now.isAfter(fire.plus(task.misfireGrace()))) {
      return attempt(claim, fire, 1, windowFor(task, trigger, fire), Optional.empty(), trigger.nextFireAfter(fire),
          List.of(), onStart);
    }
    return misfire(claim, trigger, fire, now, onStart);
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
    Optional<Instant> next = task.nextRun();
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
    Result r = attempt(claim, asked, 1, window, Optional.empty(), next, records, onStart);
    if (events.isEmpty()) {
      return r;
    }
    events.addAll(r.events());
    return new Result(r.completion(), events, r.notifications());
  }

  /** Handles a fire that is later than the grace allows, per the task's misfire policy. */
  private Result misfire(Claim claim, Trigger trigger, Instant first, Instant now,
      Starts onStart) {
    ScheduledTask task = claim.task();
    // The late fires: first .. last, all not after now.
    java.util.ArrayDeque<Instant> lastFires = new java.util.ArrayDeque<>();
    int keep = Math.max(task.catchUpLimit(), 1);
    int count = 0;
    Instant last = first;
    Instant f = first;
    while (f != null && !f.isAfter(now) && count < MISSED_COUNT_LIMIT) {
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
      f = trigger.nextFireAfter(now).orElse(null);
      last = now;
    }
    Optional<Instant> next = Optional.ofNullable(f);
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
        Result r = attempt(claim, last, 1, w, Optional.empty(), next, records, onStart);
        events.addAll(r.events());
        return new Result(r.completion(), events, r.notifications());
      }
      case CATCH_UP_ALL: {
        if (count <= task.catchUpLimit()) {
          return attempt(claim, first, 1, windowFor(task, trigger, first), Optional.empty(),
              trigger.nextFireAfter(first), List.of(), onStart);
        }
        // Too many: record the oldest as missed, run the first of the newest catchUpLimit fires now.
        int missedCount = count - task.catchUpLimit();
        Instant runFire = recent.get(recent.size() - task.catchUpLimit());
        Instant lastMissed = recent.get(recent.size() - task.catchUpLimit() - 1);
        ExecutionRecord missed = ExecutionRecord.missed(task.id(), task.guildId(), first, lastMissed, missedCount, now,
            "more missed fires than the catch-up limit of " + task.catchUpLimit());
        records.add(missed);
        events.add(new SchedulerEvent.Missed(task.id(), missed));
        Result r = attempt(claim, runFire, 1, windowFor(task, trigger, runFire), Optional.empty(),
            trigger.nextFireAfter(runFire), records, onStart);
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
    Instant start;
    if (task.lastWindowEnd().isPresent()) {
      start = task.lastWindowEnd().get();
    } else {
      Optional<Duration> lookback = task.options().lookback();
      Duration span;
      if (lookback.isPresent()) {
        span = lookback.get();
      } else {
        Optional<Instant> next = trigger.nextFireAfter(fire);
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
   * it made, which this one delivers instead of reading and summarising the window again.
   */
  private Result attempt(Claim claim, Instant scheduledFor, int attempt, TimeWindow window,
      Optional<Summary> summarized, Optional<Instant> nextRun, List<ExecutionRecord> earlier, Starts onStart) {
    ScheduledTask task = claim.task();
    ExecutionId id = ExecutionId.of(task.id(), scheduledFor);
    Instant startedAt = clock.now();
    onStart.started(claim, new SchedulerEvent.Started(task.id(), id, scheduledFor, attempt));
    Attempt a = new Attempt(task, id, scheduledFor, attempt, window, claim.firstHolder() && attempt == 1);
    a.summary = summarized.orElse(null);
    try {
      if (task.kind() == TaskKind.CLEANUP) {
        Instant cutoff = startedAt.minus(task.retention().orElseThrow());
        int pruned = store.pruneHistory(cutoff);
        LOG.log(Level.INFO, "task {0}: pruned {1} history records older than {2}", task.id(), pruned, cutoff);
        a.outcome = ExecutionOutcome.SUCCEEDED;
      } else {
        summarizeAndDeliver(a);
      }
    } catch (ExternalServiceException e) {
      a.fail(e.permanent(), e.getClass().getSimpleName(), e.getMessage(), e.retryAfter());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "task " + task.id() + ": unexpected error in execution " + id, e);
      a.fail(false, e.getClass().getName(), String.valueOf(e.getMessage()), Optional.empty());
    }
    return finish(claim, a, startedAt, nextRun, earlier);
  }

  /** The state of one attempt as it runs. */
  private static final class Attempt {
    final ScheduledTask task;
    final ExecutionId id;
    final Instant scheduledFor;
    final int number;
    final TimeWindow window;
    /**
     * Nothing of this execution can be in the delivery log: the store says no node held this fire before, and
     * this is its first attempt. Reading the log is then skipped.
     */
    final boolean logKnownEmpty;
    /** The last delivery of this attempt, logged with the completion rather than by a write of its own. */
    List<String> deferredKeys = List.of();
    ExecutionOutcome outcome;
    boolean retryable;
    Optional<Duration> retryAfter = Optional.empty();
    String errorClass;
    String errorMessage;
    int messageCount;
    /** The summary this attempt delivers: an earlier attempt's, or its own once made; null before. */
    Summary summary;
    final List<DeliveryResult> deliveries;
    /** Destinations found gone, by key, with the reason; immutable and empty until one is. */
    Map<String, String> disabled = Map.of();
    /** Notifications of this attempt; immutable and empty until there is one. */
    List<Notification> notifications = List.of();

    Attempt(ScheduledTask task, ExecutionId id, Instant scheduledFor, int number, TimeWindow window,
        boolean logKnownEmpty) {
      this.task = task;
      this.id = id;
      this.scheduledFor = scheduledFor;
      this.number = number;
      this.window = window;
      this.logKnownEmpty = logKnownEmpty;
      this.deliveries = new ArrayList<>(task.destinations().size());
    }

    void destinationGone(Destination d, String reason) {
      if (disabled.isEmpty()) {
        disabled = new HashMap<>();
      }
      disabled.put(d.key(), reason);
      notify(new Notification.DestinationDisabled(task, d, reason));
    }

    void notify(Notification n) {
      if (notifications.isEmpty()) {
        notifications = new ArrayList<>();
      }
      notifications.add(n);
    }

    void fail(boolean permanent, String errorClass, String message, Optional<Duration> retryAfter) {
      this.outcome = ExecutionOutcome.FAILED;
      this.retryable = !permanent;
      this.errorClass = errorClass;
      this.errorMessage = message;
      if (retryAfter.isPresent()
          && (this.retryAfter.isEmpty() || retryAfter.get().compareTo(this.retryAfter.get()) > 0)) {
        this.retryAfter = retryAfter;
      }
    }
  }

  private void summarizeAndDeliver(Attempt a) {
    ScheduledTask task = a.task;
    List<Destination> targets = task.enabledDestinations();
    if (targets.isEmpty()) {
      a.fail(true, "NoDestination", "every destination of the task is disabled; fix them and resume the task",
          Optional.empty());
      return;
    }
    Summary summary = a.summary != null ? a.summary : summarize(a);
    if (summary == null) {
      return;
    }
    deliver(a, targets, summary);
  }

  /**
   * Reads the attempt's window and summarises it; null when it has too few messages (the attempt is then
   * {@code SKIPPED_NO_CONTENT}).
   */
  private Summary summarize(Attempt a) {
    ScheduledTask task = a.task;
    List<Message> messages = List.of();
    boolean truncated = false;
    List<ChannelId> channelIds = task.channelIds();
    for (int c = 0; c < channelIds.size(); c++) {
      ChannelId channel = channelIds.get(c);
      MessageBatch batch = messageSource.fetch(task.guildId(), channel, a.window, task.options().maxMessages(),
          task.options().includeBots());
      if (messages.isEmpty()) {
        messages = batch.messages();
      } else {
        messages = new ArrayList<>(messages);
        messages.addAll(batch.messages());
      }
      truncated |= batch.truncated();
    }
    messages = inTimeOrder(messages);
    a.messageCount = messages.size();
    if (messages.size() < task.options().minMessages()) {
      a.outcome = ExecutionOutcome.SKIPPED_NO_CONTENT;
      return null;
    }
    a.summary = summarizer.summarize(
        new SummaryRequest(task.name(), task.channelIds(), a.window, messages, task.options(), truncated,
            task.zone()));
    return a.summary;
  }

  /** Delivers {@code summary} to each target not yet in the delivery log for this execution. */
  private void deliver(Attempt a, List<Destination> targets, Summary summary) {
    ScheduledTask task = a.task;
    if (a.messageCount == 0) {
      a.messageCount = summary.messageCount();
    }
    int delivered = 0;
    for (int i = 0; i < targets.size(); i++) {
      Destination d = targets.get(i);
      String key = a.id.deliveryKey(d);
      if (!a.logKnownEmpty && store.isDelivered(key)) {
        a.deliveries.add(DeliveryResult.delivered(d.describe()));
        delivered++;
        continue;
      }
      DeliveryChannel channel = channels.get(d.type());
      DeliveryOutcome out;
      if (channel == null) {
        out = DeliveryOutcome.failed("no delivery channel for " + d.type() + " is configured on this node");
      } else {
        try {
          out = channel.deliver(new DeliveryRequest(a.id, task, d, summary, a.scheduledFor, a.number,
              new StoreJournal(store, key, clock, a.logKnownEmpty)));
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "delivery channel for " + d.type() + " threw instead of returning an outcome", e);
          out = DeliveryOutcome.retryLater(e.getClass().getSimpleName() + ": " + e.getMessage(), Optional.empty());
        }
      }
      if (out instanceof DeliveryOutcome.Delivered) {
        if (i == targets.size() - 1) {
          // Nothing slow happens between the last delivery and the completion: log it with the completion.
          a.deferredKeys = List.of(key);
        } else {
          store.recordDelivery(key, clock.now());
        }
        a.deliveries.add(DeliveryResult.delivered(d.describe()));
        delivered++;
      } else if (out instanceof DeliveryOutcome.TransientFailure t) {
        a.deliveries.add(new DeliveryResult(d.describe(), DeliveryStatus.RETRYING, Optional.of(t.reason())));
        a.fail(false, "DeliveryFailed", d.describe() + ": " + t.reason(), t.retryAfter());
      } else if (out instanceof DeliveryOutcome.PermanentFailure p) {
        if (p.destinationGone()) {
          a.deliveries.add(new DeliveryResult(d.describe(), DeliveryStatus.DISABLED, Optional.of(p.reason())));
          a.destinationGone(d, p.reason());
        } else {
          a.deliveries.add(new DeliveryResult(d.describe(), DeliveryStatus.FAILED, Optional.of(p.reason())));
          a.fail(true, "DeliveryFailed", d.describe() + ": " + p.reason(), Optional.empty());
        }
      }
    }
    if (a.outcome == null) {
      if (delivered == 0) {
        a.fail(true, "NoDestination", "every destination failed permanently and was disabled", Optional.empty());
      } else {
        a.outcome = ExecutionOutcome.SUCCEEDED;
      }
    }
  }

  /** The status and reason of a task whose schedule has no more fires: every one-shot task ends with them. */
  private static final Optional<TaskStatus> COMPLETED = Optional.of(TaskStatus.COMPLETED);
  private static final Optional<String> NO_MORE_FIRES = Optional.of("the schedule has no more fires");

  /** The window of a first run of a schedule with no next fire to measure a period by. */
  private static final Duration ONE_DAY = Duration.ofDays(1);

  private static final Comparator<Message> BY_TIME = Comparator.comparing(Message::timestamp);

  /** {@code messages} oldest first: the list itself when it already is, else a sorted copy. */
  static List<Message> inTimeOrder(List<Message> messages) {
    for (int i = 1; i < messages.size(); i++) {
      if (messages.get(i - 1).timestamp().isAfter(messages.get(i).timestamp())) {
        List<Message> sorted = new ArrayList<>(messages);
        sorted.sort(BY_TIME);
        return sorted;
      }
    }
    return messages;
  }

  private Result finish(Claim claim, Attempt a, Instant startedAt, Optional<Instant> nextRun,
      List<ExecutionRecord> earlier) {
    ScheduledTask task = claim.task();
    Instant now = clock.now();
    if (a.outcome == ExecutionOutcome.FAILED && a.retryable && task.retryPolicy().allowsAttemptAfter(a.number)) {
      Duration delay = task.retryPolicy().delayBeforeAttempt(a.number + 1, a.retryAfter, random);
      Instant retryAt = now.plus(delay);
      // The summary goes with the retry, unless a summarizer answered for another window than it was asked for.
      PendingRun pending = new PendingRun(a.scheduledFor, a.number + 1, retryAt, a.window, a.errorMessage,
          Optional.ofNullable(a.summary).filter(s -> s.window().equals(a.window)));
      List<SchedulerEvent> events =
          List.of(new SchedulerEvent.Retrying(task.id(), a.id, a.number + 1, retryAt, a.errorMessage));
      Completion c = new Completion(claim, earlier, nextRun, Optional.of(pending), Optional.empty(), Optional.empty(),
          Optional.empty(), a.disabled, now, a.deferredKeys);
      return new Result(c, events, a.notifications);
    }
    // Ensure the update of the task's delivery results shows the failures of this final attempt.
    ExecutionRecord record = new ExecutionRecord(a.id, task.id(), task.guildId(), a.scheduledFor, startedAt, now,
        a.number, a.outcome, Optional.of(a.window), a.messageCount, finalDeliveries(a), Optional.ofNullable(a.errorClass),
        Optional.ofNullable(a.errorMessage), 0, Optional.empty());
    List<ExecutionRecord> records;
    if (earlier.isEmpty()) {
      records = List.of(record);
    } else {
      records = new ArrayList<>(earlier);
      records.add(record);
    }
    List<SchedulerEvent> events;
    Optional<TaskStatus> status = Optional.empty();
    Optional<String> reason = Optional.empty();
    boolean advanced = a.outcome != ExecutionOutcome.FAILED;
    if (a.outcome == ExecutionOutcome.FAILED) {
      events = new ArrayList<>(2);
      events.add(new SchedulerEvent.Failed(task.id(), record));
      a.notify(new Notification.ExecutionFailed(task, record));
      int consecutive = task.stats().consecutiveFailures() + 1;
      if (consecutive >= task.maxConsecutiveFailures()) {
        status = Optional.of(TaskStatus.DISABLED);
        reason = Optional.of("disabled after " + consecutive + " consecutive failed executions; last error: "
            + a.errorMessage);
        events.add(new SchedulerEvent.Disabled(task.id(), reason.get()));
        a.notify(new Notification.TaskDisabled(task, reason.get()));
      }
    } else {
      events = List.of(new SchedulerEvent.Succeeded(task.id(), record));
    }
    if (status.isEmpty() && nextRun.isEmpty()) {
      status = COMPLETED;
      reason = NO_MORE_FIRES;
    }
    // A failed window is not advanced past, so its messages are summarised by the next run; on a first run,
    // its start is kept so the next window reaches back to it.
    Optional<Instant> windowEnd = advanced ? Optional.of(a.window.to())
        : task.lastWindowEnd().isEmpty() ? Optional.of(a.window.from()) : Optional.empty();
    Completion c = new Completion(claim, records, nextRun, Optional.empty(), windowEnd, status, reason, a.disabled,
        now, a.deferredKeys);
    return new Result(c, events, a.notifications);
  }

  private static List<DeliveryResult> finalDeliveries(Attempt a) {
    boolean retrying = false;
    for (int i = 0; i < a.deliveries.size(); i++) {
      retrying |= a.deliveries.get(i).status() == DeliveryStatus.RETRYING;
    }
    if (!retrying) {
      return a.deliveries;
    }
    List<DeliveryResult> out = new ArrayList<>(a.deliveries.size());
    for (DeliveryResult r : a.deliveries) {
      out.add(r.status() == DeliveryStatus.RETRYING
          ? new DeliveryResult(r.destination(), DeliveryStatus.FAILED, r.error()) : r);
    }
    return out;
  }

  /**
   * A delivery journal backed by the store's delivery log, one key per part; when the log is known to hold
   * nothing of this execution, parts are not looked up.
   */
  private record StoreJournal(TaskStore store, String key, Clock clock, boolean knownEmpty)
      implements DeliveryJournal {
    @Override
    public boolean isDelivered(String part) {
      return !knownEmpty && store.isDelivered(key + "#" + part);
    }

    @Override
    public void markDelivered(String part) {
      store.recordDelivery(key + "#" + part, clock.now());
    }
  }
}

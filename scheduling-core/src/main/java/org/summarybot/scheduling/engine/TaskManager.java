package org.summarybot.scheduling.engine;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.VersionConflictException;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.Limits;
import org.summarybot.scheduling.model.PendingRun;
import org.summarybot.scheduling.model.Problems;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskKind;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.TimeOptions;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;
import org.summarybot.scheduling.port.Trigger;

/**
 * The management operations ({@link TaskOperations}) over the store: validate, compute next runs, write, and
 * wake the timer when a change may fall due sooner than it would look. Also recomputes stored next runs with this
 * JVM's tzdata on start ({@link #refreshNextRuns}).
 */
final class TaskManager implements TaskOperations {
  private static final System.Logger LOG = System.getLogger(TaskScheduler.class.getName());
  /** Attempts of a change that keeps losing to concurrent ones (such as completions) before giving up. */
  private static final int CHANGE_ATTEMPTS = 21;

  private final TaskStore store;
  private final Clock clock;
  private final Triggers triggers;
  private final TimerLoop timer;
  private final Heartbeat heartbeat;
  private final Reporter reporter;

  TaskManager(TaskStore store, Clock clock, Triggers triggers, TimerLoop timer, Heartbeat heartbeat,
      Reporter reporter) {
    this.store = store;
    this.clock = clock;
    this.triggers = triggers;
    this.timer = timer;
    this.heartbeat = heartbeat;
    this.reporter = reporter;
  }

  @Override
  public ScheduledTask schedule(TaskSpec spec) {
    return schedule(spec, TaskId.random());
  }

  ScheduledTask schedule(TaskSpec spec, TaskId id) {
    requireNonNull(spec, "spec");
    Instant now = clock.now();
    Problems problems = new Problems();
    Optional<Instant> next = firstRun(spec, id, now, now, problems);
    ScheduledTask task = spec.toNewTask(id, now, next, problems);
    ScheduledTask stored = store.create(task);
    reporter.publish(new SchedulerEvent.Scheduled(stored));
    timer.wakeIfBefore(stored.dueAt());
    return stored;
  }

  /**
   * Parses the spec's schedule and computes the run time of its first nominal fire after {@code after} (delayed by
   * task {@code id}'s jitter), noting problems. {@code createdAt} anchors an {@code every} without starts.
   */
  private Optional<Instant> firstRun(TaskSpec spec, TaskId id, Instant createdAt, Instant after, Problems problems) {
    String text = spec.scheduleText();
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      Trigger trigger = triggers.of(text.strip(), spec.zone(), createdAt, spec.timeOptions());
      Optional<Instant> next = trigger.nextFireAfter(after);
      if (next.isEmpty()) {
        boolean bounded = spec.timeOptions().ends().isPresent() || spec.timeOptions().starts().isPresent();
        problems.add(bounded && spec.timeOptions().ends().isPresent() ? "ends" : "schedule", "'" + text.strip()
            + "' never fires after " + after + " in " + spec.zone()
            + (bounded ? " within starts and ends" : "") + "; a task needs a schedule that can still fire");
      }
      Duration jitter = spec.timeOptions().jitterOffset(id);
      return next.map(n -> n.plus(jitter));
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
    TimeOptions was = current.timeOptions();
    TimeOptions options = spec.timeOptions();
    boolean timesChanged = !options.equals(was);
    boolean reachedMaxRuns = options.reachedMaxRuns(current.stats().ran());
    Optional<Instant> next = current.nextRun();
    if (reachedMaxRuns) {
      next = Optional.empty();
    } else if (scheduleChanged || timesChanged) {
      // New fire rules: the next run is their first fire after now.
      next = firstRun(spec, id, current.createdAt(), now, problems);
    }
    ScheduledTask.Builder b = spec.applyTo(current, now, problems).toBuilder().nextRun(next).version(expectedVersion);
    boolean fireRulesChanged = scheduleChanged || !options.ends().equals(was.ends())
        || !options.maxRuns().equals(was.maxRuns()) || !options.starts().equals(was.starts());
    if (current.status() == TaskStatus.COMPLETED && fireRulesChanged && next.isPresent()) {
      // A schedule, end or run limit that lets the task fire again brings a completed task back (pause and
      // resume do not).
      b.status(TaskStatus.ACTIVE).statusReason(Optional.empty());
    } else if (reachedMaxRuns && current.status() != TaskStatus.COMPLETED) {
      b.status(TaskStatus.COMPLETED).statusReason(Optional.of("reached its max runs: " + current.stats().ran()
          + " of " + options.maxRuns().get() + " ran"));
    }
    ScheduledTask changed = b.build();
    if (!changed.guildId().equals(current.guildId())) {
      throw new ValidationException("guild", "a task cannot move to another guild");
    }
    ScheduledTask stored = store.update(changed);
    timer.wake();
    return stored;
  }

  @Override
  public boolean cancel(TaskId id) {
    boolean removed = store.delete(id);
    timer.wake();
    return removed;
  }

  @Override
  public ScheduledTask pause(TaskId id, Optional<String> note) {
    String reason = note.map(TaskManager::pauseNote).orElse("paused");
    return change(id, t -> {
      if (t.status() == TaskStatus.COMPLETED) {
        throw completed(id, "paused");
      }
      if (t.status() == TaskStatus.PAUSED && (note.isEmpty() || t.statusReason().equals(Optional.of(reason)))) {
        return t;
      }
      return t.toBuilder().status(TaskStatus.PAUSED).statusReason(Optional.of(reason)).updatedAt(clock.now()).build();
    });
  }

  /** A pause note as kept: stripped, checked. */
  private static String pauseNote(String note) {
    String n = note.strip();
    Problems p = new Problems();
    p.check(!n.isEmpty(), "note", "is blank");
    p.check(n.length() <= Limits.PAUSE_NOTE_LENGTH, "note", "is longer than " + Limits.PAUSE_NOTE_LENGTH
        + " characters");
    p.check(n.chars().noneMatch(Character::isISOControl), "note", "has control characters (a line break, say)");
    p.throwIfAny();
    return n;
  }

  @Override
  public List<BackfillFire> planBackfill(TaskId id, Instant from, Instant to, int max) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    ScheduledTask t = require(id);
    Instant now = clock.now();
    Problems p = new Problems();
    p.check(t.kind() == TaskKind.SUMMARY, "task", "task " + id + " is a " + t.kind() + " task; only summary tasks"
        + " are backfilled");
    p.check(!to.isBefore(from), "to", to + " is before from (" + from + ")");
    p.check(!to.isAfter(now), "to", to + " is in the future (now is " + now + "); backfill runs past fires");
    p.check(max >= 1 && max <= Limits.BACKFILL_MAX, "max", max + " is outside 1-" + Limits.BACKFILL_MAX);
    p.throwIfAny();
    return Backfills.plan(t, triggers.of(t), store.history(id, Backfills.HISTORY_READ), from, to, max);
  }

  @Override
  public ScheduledTask backfill(TaskId id, Instant fire) {
    requireNonNull(fire, "fire");
    return change(id, t -> {
      Instant now = clock.now();
      Trigger trigger = triggers.of(t);
      Problems p = new Problems();
      p.check(t.kind() == TaskKind.SUMMARY, "task", "task " + id + " is a " + t.kind() + " task; only summary"
          + " tasks are backfilled");
      p.check(t.isActive(), "status", "task " + id + " is " + t.status() + "; resume it before backfilling it");
      t.pending().ifPresent(r -> p.add("status", "task " + id + " already has a pending run (attempt "
          + r.nextAttempt() + " for " + r.scheduledFor() + ")"));
      p.check(trigger.nextFireAfter(fire.minusMillis(1)).filter(fire::equals).isPresent(), "fire",
          fire + " is not a fire of the schedule '" + t.schedule() + "' in " + t.zone());
      p.check(!fire.isAfter(now), "fire", fire + " is in the future (now is " + now + "); backfill runs past fires");
      p.check(fire.isAfter(now) || t.nextRun().isEmpty() || fire.isBefore(t.nextRun().get()), "fire",
          fire + " is not passed yet (the next regular run is " + t.nextRun().map(Instant::toString).orElse("none")
              + "); the scheduler runs it as a regular fire");
      p.throwIfAny();
      Optional<String> done = Backfills.notToRun(t, store.history(id, Backfills.HISTORY_READ), fire);
      if (done.isPresent()) {
        throw new ValidationException("fire", fire + " needs no run: " + done.get());
      }
      TimeWindow w = Backfills.ownWindow(t, trigger, fire);
      return t.toBuilder().pending(Optional.of(PendingRun.backfill(fire, now, w))).updatedAt(now).build();
    });
  }

  private static SchedulingException completed(TaskId id, String what) {
    return new SchedulingException("task " + id + " has completed (its schedule has no more fires), so it cannot be "
        + what + "; give it a schedule, an end or a run limit that lets it fire again (tasks update --schedule, "
        + "--ends, --max-runs) to make it active", null);
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
        Duration jitter = t.timeOptions().jitterOffset(t.id());
        b.pending(Optional.empty()).nextRun(triggers.of(t).nextFireAfter(now).map(n -> n.plus(jitter)))
            .lastWindowEnd(Optional.of(now));
      }
      return b.build();
    });
  }

  @Override
  public ScheduledTask runNow(TaskId id) {
    return change(id, t -> {
      if (t.status() == TaskStatus.COMPLETED) {
        throw new ValidationException("status", "task " + id + " has completed (" + t.statusReason().orElse("")
            + "); give it a schedule, an end or a run limit that lets it fire again (tasks update) to run it");
      }
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
  private ScheduledTask change(TaskId id, UnaryOperator<ScheduledTask> f) {
    for (int i = 1; ; i++) {
      ScheduledTask current = require(id);
      ScheduledTask next = f.apply(current);
      if (next == current) {
        return current; // nothing to change: not written, no new version
      }
      try {
        ScheduledTask stored = store.update(next);
        timer.wake();
        return stored;
      } catch (VersionConflictException e) {
        if (i >= CHANGE_ATTEMPTS) {
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
        // Runs, not fires: a fire on a skip date is left out, and so is any beyond the run limit.
        TimeOptions options = t.timeOptions();
        Duration jitter = options.jitterOffset(t.id());
        long runsLeft = options.maxRuns().map(m -> m - t.stats().ran()).orElse(Long.MAX_VALUE);
        t.pending().ifPresent(p -> next.add(p.dueAt()));
        Optional<Instant> n = t.nextRun();
        for (int looked = 0; n.isPresent() && next.size() < Math.min(3, runsLeft) && looked < 10_000; looked++) {
          Instant nominal = n.get().minus(jitter);
          if (!options.skips(nominal, t.zone())) {
            next.add(n.get());
          }
          n = trigger.nextFireAfter(nominal).map(f -> f.plus(jitter));
        }
      }
    } catch (SchedulingException e) {
      description = "invalid schedule: " + e.getMessage();
    }
    List<ExecutionRecord> last = store.history(id, 1);
    return new TaskReport(t, next, heartbeat.holds(id), last.stream().findFirst(), description);
  }

  @Override
  public List<ExecutionRecord> history(TaskId id, int limit) {
    require(id);
    return store.history(id, limit);
  }

  /** On start: wall-clock schedules get next runs computed with the tzdata of this JVM. */
  void refreshNextRuns() {
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
        Duration jitter = t.timeOptions().jitterOffset(t.id());
        Optional<Instant> fresh = trigger.nextFireAfter(now.minus(jitter)).map(n -> n.plus(jitter));
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
}

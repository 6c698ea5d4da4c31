package org.summarybot.scheduling.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.Trigger;

/**
 * The rules of backfill, over a task's trigger and history: which past fires of a range still need a run (those
 * that no successful execution covered), the window of each (its own), and which stored records the run of a fire
 * replaces (an unsuccessful record of it; a {@code MISSED} range holding it, split around it).
 *
 * <p>The fires come from the task's trigger, the one that decides when the task fires, so every schedule option
 * is applied to backfill as to the regular fires.
 */
final class Backfills {
  /** History records read to judge a range: the newest this many. */
  static final int HISTORY_READ = 100_000;
  /** Fires of one range looked at, done ones included. */
  static final int FIRES_LOOKED_AT = 100_000;

  private Backfills() {}

  /** What a run of a fire replaces: stored records, and the records that go in their place besides the run's. */
  record Replacement(List<ExecutionRecord> replaced, List<ExecutionRecord> remainders) {
    static final Replacement NONE = new Replacement(List.of(), List.of());
  }

  /**
   * The fires from {@code from} through {@code to} (both included), oldest first, up to and including the
   * {@code max}-th one that needs a run.
   */
  static List<BackfillFire> plan(ScheduledTask task, Trigger trigger, List<ExecutionRecord> history, Instant from,
      Instant to, int max) {
    // Only successful records make a fire done: look through those alone for each fire.
    List<ExecutionRecord> successes = history.stream().filter(Backfills::successful).toList();
    List<BackfillFire> out = new ArrayList<>();
    int toRun = 0;
    Instant previous = null;
    Optional<Instant> f = trigger.nextFireAfter(from.minusMillis(1));
    while (f.isPresent() && !f.get().isAfter(to) && toRun < max && out.size() < FIRES_LOOKED_AT) {
      Instant fire = f.get();
      TimeWindow window = previous == null ? ownWindow(task, trigger, fire) : capped(task, previous, fire);
      Optional<String> done = notToRun(task, successes, fire);
      out.add(new BackfillFire(fire, window, done));
      if (done.isEmpty()) {
        toRun++;
      }
      if (!skipped(task, fire)) {
        previous = fire; // a skipped fire's messages belong to the next fire's window, as in a regular run
      }
      f = trigger.nextFireAfter(fire);
    }
    return List.copyOf(out);
  }

  /**
   * The own window of {@code fire}: from the schedule's previous fire within max lookback, or, when there is none,
   * as a first run's (one period, or the task's lookback), never longer than max lookback.
   */
  static TimeWindow ownWindow(ScheduledTask task, Trigger trigger, Instant fire) {
    Instant floor = fire.minus(task.options().maxLookback());
    Instant previous = null;
    Optional<Instant> f = trigger.nextFireAfter(floor.minusMillis(1));
    for (int i = 0; f.isPresent() && f.get().isBefore(fire) && i < FIRES_LOOKED_AT; i++) {
      if (!skipped(task, f.get())) {
        previous = f.get();
      }
      f = trigger.nextFireAfter(f.get());
    }
    if (previous != null) {
      return capped(task, previous, fire);
    }
    return Executor.windowFor(task.toBuilder().lastWindowEnd(Optional.empty()).build(), trigger, fire);
  }

  private static TimeWindow capped(ScheduledTask task, Instant previous, Instant fire) {
    Instant floor = fire.minus(task.options().maxLookback());
    return new TimeWindow(previous.isBefore(floor) ? floor : previous, fire);
  }

  /**
   * Why {@code fire} of {@code task} is not to be run, or empty: it falls on one of the task's skip dates (such a
   * fire never runs, backfilled or not), or {@link #doneBy} says why.
   */
  static Optional<String> notToRun(ScheduledTask task, List<ExecutionRecord> history, Instant fire) {
    if (skipped(task, fire)) {
      return Optional.of("a skip date of the task: such a fire does not run");
    }
    return doneBy(history, fire);
  }

  private static boolean skipped(ScheduledTask task, Instant fire) {
    return task.timeOptions().skips(fire, task.zone());
  }

  /**
   * Why {@code fire} needs no run, or empty: a successful execution of it (succeeded, or skipped for no content),
   * or a successful execution whose window reached over it (from before it to it or later), which summarised its
   * messages.
   */
  static Optional<String> doneBy(List<ExecutionRecord> history, Instant fire) {
    for (ExecutionRecord r : history) {
      if (!successful(r)) {
        continue;
      }
      if (r.scheduledFor().equals(fire)) {
        return Optional.of("already " + r.outcome().name() + " (execution " + r.id() + ")");
      }
      if (r.window().isPresent() && r.window().get().from().isBefore(fire) && !r.window().get().to().isBefore(fire)) {
        return Optional.of("covered by the " + r.outcome().name() + " execution for " + r.scheduledFor()
            + " (its window " + r.window().get().from() + " to " + r.window().get().to() + ")");
      }
    }
    return Optional.empty();
  }

  private static boolean successful(ExecutionRecord r) {
    return r.outcome() == ExecutionOutcome.SUCCEEDED || r.outcome() == ExecutionOutcome.SKIPPED_NO_CONTENT;
  }

  /**
   * What the record of the run of {@code fire} replaces: a stored unsuccessful record of {@code fire}, and a
   * {@code MISSED} range holding it, whose fires before and after it stay recorded as missed (the remainders).
   */
  static Replacement replacementFor(Trigger trigger, List<ExecutionRecord> history, Instant fire) {
    List<ExecutionRecord> replaced = new ArrayList<>(2);
    List<ExecutionRecord> remainders = new ArrayList<>(2);
    for (ExecutionRecord r : history) {
      boolean holds = r.outcome() == ExecutionOutcome.MISSED && !r.scheduledFor().isAfter(fire)
          && !r.missedThrough().orElseThrow().isBefore(fire);
      if (!holds) {
        if (r.scheduledFor().equals(fire) && !successful(r)) {
          replaced.add(r);
        }
        continue;
      }
      // The fires of the range before the one run, and after it.
      int before = 0;
      Instant lastBefore = null;
      Optional<Instant> f = Optional.of(r.scheduledFor());
      while (f.isPresent() && f.get().isBefore(fire) && before < Executor.MISSED_COUNT_LIMIT) {
        before++;
        lastBefore = f.get();
        f = trigger.nextFireAfter(f.get());
      }
      if (!r.scheduledFor().equals(fire) && before == 0) {
        continue; // the schedule changed since: the range is not this schedule's, and stays as it is
      }
      replaced.add(r);
      if (before > 0) {
        remainders.add(missed(r, r.scheduledFor(), lastBefore, before));
      }
      int after = r.missedCount() - before - 1;
      Optional<Instant> firstAfter = trigger.nextFireAfter(fire);
      if (after > 0 && firstAfter.isPresent() && !firstAfter.get().isAfter(r.missedThrough().get())
          && history.stream().noneMatch(h -> h.scheduledFor().equals(firstAfter.get()))) {
        remainders.add(missed(r, firstAfter.get(), r.missedThrough().get(), after));
      }
    }
    return replaced.isEmpty() ? Replacement.NONE : new Replacement(List.copyOf(replaced), List.copyOf(remainders));
  }

  private static ExecutionRecord missed(ExecutionRecord range, Instant first, Instant last, int count) {
    return ExecutionRecord.missed(range.taskId(), range.guildId(), first, last, count, range.startedAt(),
        range.errorMessage().orElse("missed"));
  }
}

package org.summarybot.scheduling.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.summarybot.scheduling.model.DurationText;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.PendingRun;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;

/**
 * Runs one pending execution of a task in this process and waits for its history record, retries included: the
 * wait of {@code tasks run-now} and {@code tasks backfill}. The execution is claimed through the store, so it never
 * runs beside another execution of the task (a daemon's included), and whichever node claims it first runs it.
 *
 * <p>Every wait is bounded and ends with a message: for an execution of the task running elsewhere, at most
 * {@code maxWait}; for a retry, the retry policy's longest course; and whenever the task is removed, paused,
 * disabled or the pending run dropped by another command meanwhile, at once.
 */
final class ExecutionWait {
  private static final Duration POLL = Duration.ofMillis(250);
  /** History records searched for the finished execution (a backfilled fire may be far from the newest). */
  private static final int HISTORY_SEARCHED = 100_000;

  private final Wiring w;
  private final Config config;
  private final PrintWriter err;
  private final String command;
  private final Duration maxWait;

  /** {@code command} names the waiting command in messages ({@code run-now}, {@code backfill}). */
  ExecutionWait(Wiring w, Config config, PrintWriter err, String command, Duration maxWait) {
    this.w = w;
    this.config = config;
    this.err = err;
    this.command = command;
    this.maxWait = maxWait;
  }

  /** Waits for the execution of {@code task}'s pending run for {@code scheduledFor}; returns its history record. */
  ExecutionRecord await(ScheduledTask task, Instant scheduledFor) throws InterruptedException {
    TaskId tid = task.id();
    ExecutionId exec = ExecutionId.of(tid, scheduledFor);
    Duration retries = task.retryPolicy().maxDelay().plus(config.lease()).plusMinutes(1)
        .multipliedBy(task.retryPolicy().maxAttempts());
    Instant retryDeadline = Instant.now().plus(retries);
    Instant elsewhereSince = null;
    Instant toldRetryAt = null;
    while (true) {
      Instant tried = Instant.now();
      int ran = w.scheduler.runDueNow();
      Optional<ScheduledTask> now = w.scheduler.get(tid);
      Optional<PendingRun> mine = now.flatMap(ScheduledTask::pending).filter(p -> p.scheduledFor().equals(scheduledFor));
      if (mine.isEmpty()) {
        // The completion that wrote the record cleared the pending run in the same step.
        Optional<ExecutionRecord> done = w.store.history(tid, HISTORY_SEARCHED).stream()
            .filter(r -> r.id().equals(exec) && r.attempts() > 0).findFirst();
        if (done.isPresent()) {
          return done.get();
        }
        if (now.isEmpty()) {
          throw new Failure("task " + tid + " was removed while " + command + " waited; execution " + exec
              + " did not run");
        }
        throw new Failure("the run asked for (execution " + exec + ") is no longer pending: another command"
            + " changed the task while " + command + " waited, and it did not run");
      }
      ScheduledTask current = now.get();
      if (!current.isActive()) {
        throw new Failure("task " + tid + " is " + current.status().name().toLowerCase(Locale.ROOT)
            + " now (changed by another command while " + command + " waited); execution " + exec
            + " did not finish: its attempt " + mine.get().nextAttempt() + " waits until the task is resumed");
      }
      PendingRun p = mine.get();
      Instant clock = Instant.now();
      if (!p.dueAt().isAfter(clock)) {
        // Only a run due before this process tried it, and not run, is held elsewhere; one that fell due since is
        // tried on the next turn.
        if (ran == 0 && !p.dueAt().isAfter(tried)) {
          // Due, yet this process could not claim it: an execution of the task holds its lease elsewhere.
          if (elsewhereSince == null) {
            elsewhereSince = clock;
            err.println(command + ": an execution of task " + tid + " is running elsewhere; waiting up to "
                + DurationText.format(maxWait) + " for it to finish (--wait)");
            err.flush();
          } else if (Duration.between(elsewhereSince, clock).compareTo(maxWait) > 0) {
            throw new Failure("an execution of task " + tid + " was still running elsewhere after "
                + DurationText.format(maxWait) + " (--wait); the run asked for stays pending and runs after it,"
                + " on whichever node claims it (tasks history " + tid + " shows it)");
          }
        }
      } else {
        elsewhereSince = null;
        if (!p.dueAt().equals(toldRetryAt)) {
          toldRetryAt = p.dueAt();
          err.println(command + ": attempt " + (p.nextAttempt() - 1) + " failed (" + p.reason() + "); attempt "
              + p.nextAttempt() + " at " + p.dueAt());
          err.flush();
        }
      }
      if (Instant.now().isAfter(retryDeadline)) {
        throw new Failure("execution " + exec + " of task " + tid + " did not finish within "
            + DurationText.format(retries) + " (the retry policy's longest course)");
      }
      Duration wait = Duration.between(Instant.now(), p.dueAt());
      if (wait.compareTo(POLL) < 0) {
        wait = POLL;
      }
      Thread.sleep(Math.min(wait.toMillis(), Duration.ofSeconds(5).toMillis()));
    }
  }

  /** {@code --wait}: at most 1 day. */
  static Duration waitBound(String text) {
    Duration d;
    try {
      d = DurationText.parse(text, "--wait");
    } catch (org.summarybot.scheduling.model.ValidationException e) {
      throw new UsageException("--wait: " + e.problems().get(0).message());
    }
    if (d.isNegative() || d.compareTo(Duration.ofDays(1)) > 0) {
      throw new UsageException("--wait: " + text + " is outside 0s-1d");
    }
    return d;
  }
}

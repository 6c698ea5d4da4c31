package org.summarybot.scheduling.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.DurationText;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.PendingRun;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tasks run-now ID}: one execution now, claimed through the store (so it never runs beside another
 * execution of the task, a daemon's included), waited for with its retries, and reported. Exit 0 on
 * {@code SUCCEEDED} or {@code SKIPPED_NO_CONTENT}, 1 otherwise.
 *
 * <p>Every wait is bounded and ends with a message: for an execution of the task running elsewhere, at most
 * {@code --wait}; for a retry, the retry policy's longest course; and whenever the task is removed, paused,
 * disabled or its asked run dropped by another command meanwhile, at once.
 */
@Command(name = "run-now", mixinStandardHelpOptions = true,
    description = "Run one execution of a task now in this process and wait for its outcome (retries included).")
final class RunNowCommand extends TasksCommand.Base {
  private static final Duration POLL = Duration.ofMillis(250);

  @Parameters(paramLabel = "ID") String id;

  @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "60s",
      description = "How long to wait while an execution of the task runs elsewhere, a daemon's say (default 60s,"
          + " at most 1d). The run asked for starts after it, its window where that execution's ended.")
  String waitText;

  @Override
  public Integer call() throws InterruptedException {
    TaskId tid = id(id);
    Duration maxWait = waitBound();
    Config config = config();
    OneTaskStore[] view = new OneTaskStore[1];
    Wiring.Overrides o = new Wiring.Overrides(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), List.of(), s -> view[0] = new OneTaskStore(s, tid), true);
    PrintWriter err = spec.commandLine().getErr();
    try (Wiring w = Wiring.open(config, out(), o)) {
      ScheduledTask t = w.scheduler.runNow(tid);
      Instant scheduledFor = t.pending().orElseThrow().scheduledFor();
      // Exactly that execution here: regular fires falling due while it runs are the daemon's.
      view[0].onlyExecution(scheduledFor);
      ExecutionId exec = ExecutionId.of(tid, scheduledFor);
      Duration retries = t.retryPolicy().maxDelay().plus(config.lease()).plusMinutes(1)
          .multipliedBy(t.retryPolicy().maxAttempts());
      Instant retryDeadline = Instant.now().plus(retries);
      Instant elsewhereSince = null;
      Instant toldRetryAt = null;
      while (true) {
        int ran = w.scheduler.runDueNow();
        Optional<ExecutionRecord> done = w.scheduler.history(tid, 50).stream()
            .filter(r -> r.id().equals(exec)).findFirst();
        if (done.isPresent()) {
          w.scheduler.history(tid, 50).stream()
              .filter(r -> r.outcome() == ExecutionOutcome.MISSED && r.errorMessage()
                  .filter(m -> m.endsWith("the run asked for at " + scheduledFor)).isPresent())
              .forEach(r -> out().println("overdue fire(s) covered by this run, not run again: " + r.missedCount()
                  + " from " + r.scheduledFor() + r.missedThrough().map(m -> " through " + m).orElse("")));
          return report(done.get());
        }
        Optional<ScheduledTask> now = w.scheduler.get(tid);
        if (now.isEmpty()) {
          throw new Failure("task " + tid + " was removed while run-now waited; execution " + exec + " did not run");
        }
        ScheduledTask current = now.get();
        Optional<PendingRun> mine = current.pending().filter(p -> p.scheduledFor().equals(scheduledFor));
        if (!current.isActive()) {
          throw new Failure("task " + tid + " is " + current.status().name().toLowerCase(java.util.Locale.ROOT)
              + " now (changed by another command while run-now waited); execution " + exec + " did not finish"
              + mine.map(p -> ": its attempt " + p.nextAttempt() + " waits until the task is resumed").orElse(""));
        }
        if (mine.isEmpty()) {
          throw new Failure("the run asked for (execution " + exec + ") is no longer pending: another command"
              + " changed the task while run-now waited, and it did not run");
        }
        PendingRun p = mine.get();
        Instant clock = Instant.now();
        if (!p.dueAt().isAfter(clock)) {
          if (ran == 0) {
            // Due, yet this process could not claim it: an execution of the task holds its lease elsewhere.
            if (elsewhereSince == null) {
              elsewhereSince = clock;
              err.println("run-now: an execution of task " + tid + " is running elsewhere; waiting up to "
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
            err.println("run-now: attempt " + (p.nextAttempt() - 1) + " failed (" + p.reason() + "); attempt "
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
  }

  private Duration waitBound() {
    Duration d;
    try {
      d = DurationText.parse(waitText, "--wait");
    } catch (ValidationException e) {
      throw new UsageException("--wait: " + e.problems().get(0).message());
    }
    if (d.isNegative() || d.compareTo(Duration.ofDays(1)) > 0) {
      throw new UsageException("--wait: " + waitText + " is outside 0s-1d");
    }
    return d;
  }

  private int report(ExecutionRecord r) {
    PrintWriter out = out();
    out.println("execution " + r.id() + ": " + r.outcome() + " after " + r.attempts() + " attempt(s), "
        + r.messageCount() + " messages" + r.errorMessage().map(m -> ": " + DestinationText.shown(m)).orElse(""));
    r.window().ifPresent(w -> out.println("  window " + w.from() + " to " + w.to()));
    for (DeliveryResult d : r.deliveries()) {
      out.println("  " + DestinationText.shown(d.destination()) + ": " + d.status()
          + d.error().map(e -> " (" + DestinationText.shown(e) + ")").orElse(""));
    }
    out.flush();
    return r.outcome() == ExecutionOutcome.SUCCEEDED || r.outcome() == ExecutionOutcome.SKIPPED_NO_CONTENT
        ? Main.OK : Main.FAILED;
  }
}

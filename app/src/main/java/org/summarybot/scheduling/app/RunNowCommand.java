package org.summarybot.scheduling.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tasks run-now ID}: one execution now, in this process, claimed through the store (so it never runs
 * beside a daemon's run of the same task), waited for with its retries, and reported. Exit 0 on
 * {@code SUCCEEDED} or {@code SKIPPED_NO_CONTENT}, 1 otherwise.
 */
@Command(name = "run-now", mixinStandardHelpOptions = true,
    description = "Run one execution of a task now in this process and wait for its outcome (retries included).")
final class RunNowCommand extends TasksCommand.Base {
  private static final Duration POLL = Duration.ofMillis(250);

  @Parameters(paramLabel = "ID") String id;

  @Override
  public Integer call() throws InterruptedException {
    TaskId tid = id(id);
    Config config = config();
    Wiring.Overrides o = new Wiring.Overrides(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), List.of(), s -> new OneTaskStore(s, tid), true);
    try (Wiring w = Wiring.open(config, out(), o)) {
      ScheduledTask t = w.scheduler.runNow(tid);
      Instant scheduledFor = t.pending().orElseThrow().scheduledFor();
      ExecutionId exec = ExecutionId.of(tid, scheduledFor);
      Duration bound = t.retryPolicy().maxDelay().plus(config.lease()).plusMinutes(1)
          .multipliedBy(t.retryPolicy().maxAttempts());
      Instant deadline = Instant.now().plus(bound);
      while (true) {
        w.scheduler.runDueNow();
        Optional<ExecutionRecord> done = w.scheduler.history(tid, 50).stream()
            .filter(r -> r.id().equals(exec)).findFirst();
        if (done.isPresent()) {
          return report(done.get());
        }
        if (Instant.now().isAfter(deadline)) {
          throw new Failure("execution " + exec + " of task " + tid + " did not finish within " + bound);
        }
        Optional<Instant> due = w.scheduler.get(tid).flatMap(ScheduledTask::pending).map(p -> p.dueAt());
        Duration wait = due.map(d -> Duration.between(Instant.now(), d)).filter(d -> d.compareTo(POLL) > 0)
            .orElse(POLL);
        due.ifPresent(d -> {
          if (wait.compareTo(Duration.ofSeconds(1)) > 0) {
            spec.commandLine().getErr().println("run-now: retrying at " + d);
          }
        });
        Thread.sleep(Math.min(wait.toMillis(), Duration.ofMinutes(1).toMillis()));
      }
    }
  }

  private int report(ExecutionRecord r) {
    PrintWriter out = out();
    out.println("execution " + r.id() + ": " + r.outcome() + " after " + r.attempts() + " attempt(s), "
        + r.messageCount() + " messages" + r.errorMessage().map(m -> ": " + m).orElse(""));
    for (DeliveryResult d : r.deliveries()) {
      out.println("  " + d.destination() + ": " + d.status() + d.error().map(e -> " (" + e + ")").orElse(""));
    }
    out.flush();
    return r.outcome() == ExecutionOutcome.SUCCEEDED || r.outcome() == ExecutionOutcome.SKIPPED_NO_CONTENT
        ? Main.OK : Main.FAILED;
  }
}

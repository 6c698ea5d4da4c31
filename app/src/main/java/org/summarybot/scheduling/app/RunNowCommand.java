package org.summarybot.scheduling.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tasks run-now ID}: one execution now, claimed through the store (so it never runs beside another
 * execution of the task, a daemon's included), waited for with its retries ({@link ExecutionWait}), and reported.
 * Exit 0 on {@code SUCCEEDED} or {@code SKIPPED_NO_CONTENT}, 1 otherwise.
 */
@Command(name = "run-now", mixinStandardHelpOptions = true,
    description = "Run one execution of a task now in this process and wait for its outcome (retries included).")
final class RunNowCommand extends TasksCommand.Base {
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
      ExecutionRecord done = new ExecutionWait(w, config, err, "run-now", maxWait).await(t, scheduledFor);
      w.scheduler.history(tid, 50).stream()
          .filter(r -> r.outcome() == ExecutionOutcome.MISSED && r.errorMessage()
              .filter(m -> m.endsWith("the run asked for at " + scheduledFor)).isPresent())
          .forEach(r -> out().println("overdue fire(s) covered by this run, not run again: " + r.missedCount()
              + " from " + r.scheduledFor() + r.missedThrough().map(m -> " through " + m).orElse("")));
      return report(out(), done);
    }
  }

  private Duration waitBound() {
    return ExecutionWait.waitBound(waitText);
  }

  static int report(PrintWriter out, ExecutionRecord r) {
    out.println("execution " + r.id() + ": " + r.outcome() + " after " + r.attempts() + " attempt(s), "
        + r.messageCount() + " messages" + r.errorMessage().map(m -> ": " + DestinationText.shown(m)).orElse(""));
    r.window().ifPresent(w -> out.println("  window " + w.from() + " to " + w.to()));
    r.removed().ifPresent(c -> out.println("  removed " + c.describe()));
    for (DeliveryResult d : r.deliveries()) {
      out.println("  " + DestinationText.shown(d.destination()) + ": " + d.status()
          + d.error().map(e -> " (" + DestinationText.shown(e) + ")").orElse(""));
    }
    out.flush();
    return r.outcome() == ExecutionOutcome.SUCCEEDED || r.outcome() == ExecutionOutcome.SKIPPED_NO_CONTENT
        ? Main.OK : Main.FAILED;
  }
}

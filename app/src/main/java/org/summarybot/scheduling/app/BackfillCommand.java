package org.summarybot.scheduling.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.engine.BackfillFire;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.Limits;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tasks backfill ID --from --to [--max N]}: runs the task for each past fire of the range that no
 * successful execution covered, oldest first, one at a time, each as a normal execution with the fire's own window
 * and execution id, claimed through the store ({@link ExecutionWait}): a daemon on another node may run it
 * instead, and never beside another execution of the task. Prints each fire and its outcome; a second backfill of
 * the same range finds every fire done and sends nothing. Exit 0 when every fire run succeeded (or was skipped for
 * no content), 1 when one failed, 2 for bad input.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = {"Run a task for each past fire from --from through --to that has no successful execution yet,"
        + " oldest first, each with its own window and execution id.",
        "A fire that failed or was recorded missed runs now (its record replaced); a fire whose messages a later run"
            + " summarised (a catch-up, a run-now) counts as done."})
final class BackfillCommand extends TasksCommand.Base {
  @Parameters(paramLabel = "ID") String id;

  @Option(names = "--from", required = true, paramLabel = "DATETIME",
      description = "The first fire time looked at (included); a local date-time or date is read in the task's zone.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "DATETIME",
      description = "The last fire time looked at (included), not after now; read as --from.")
  String to;

  @Option(names = "--max", defaultValue = "50", paramLabel = "N",
      description = "Run at most N fires (default 50, at most " + Limits.BACKFILL_MAX + ").")
  int max;

  @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "60s",
      description = "How long to wait while an execution of the task runs elsewhere (default 60s, at most 1d).")
  String waitText;

  @Mixin TasksCommand.JsonFlag json;

  @Override
  public Integer call() throws InterruptedException {
    TaskId tid = id(id);
    Duration maxWait = ExecutionWait.waitBound(waitText);
    Config config = config();
    OneTaskStore[] view = new OneTaskStore[1];
    Wiring.Overrides o = new Wiring.Overrides(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), List.of(), s -> view[0] = new OneTaskStore(s, tid), true);
    PrintWriter out = out();
    try (Wiring w = Wiring.open(config, out, o)) {
      ScheduledTask task = require(w, tid);
      ZoneId zone = task.zone();
      List<String> errors = new ArrayList<>();
      Instant start = instant("--from", from, zone, errors);
      Instant end = instant("--to", to, zone, errors);
      if (!errors.isEmpty()) {
        throw new UsageException(errors);
      }
      List<BackfillFire> plan;
      try {
        plan = w.scheduler.planBackfill(tid, start, end, max);
      } catch (ValidationException e) {
        throw new UsageException(e.problems().stream()
            .map(p -> (p.field().equals("task") ? "ID" : "--" + p.field()) + ": " + p.message()).toList());
      }
      long toRun = plan.stream().filter(BackfillFire::toRun).count();
      if (!json.json) {
        out.println("backfill of task " + tid + " (" + FreeText.printable(task.name()) + ") from "
            + Times.at(start, zone) + " to " + Times.at(end, zone) + ": " + plan.size() + " fire(s), " + toRun
            + " to run");
        out.flush();
      }
      ExecutionWait wait = new ExecutionWait(w, config, spec.commandLine().getErr(), "backfill", maxWait);
      ArrayNode fires = Json.MAPPER.createArrayNode();
      int ran = 0;
      int failed = 0;
      int done = 0;
      for (BackfillFire f : plan) {
        ObjectNode fo = fires.addObject().put("fire", Times.at(f.fire(), zone))
            .put("execution", ExecutionId.of(tid, f.fire()).toString());
        Optional<String> doneBy = f.done();
        ExecutionRecord r = null;
        if (doneBy.isEmpty()) {
          try {
            ScheduledTask asked = w.scheduler.backfill(tid, f.fire());
            view[0].onlyExecution(f.fire());
            r = wait.await(asked, f.fire());
          } catch (ValidationException e) {
            String why = e.problems().get(0).message();
            if (!e.problems().get(0).field().equals("fire") || !why.contains("needs no run")) {
              throw new Failure("backfill stopped at " + Times.at(f.fire(), zone) + ": " + why + " (ran " + ran
                  + " fire(s) before it)");
            }
            doneBy = Optional.of("done meanwhile by another process: " + why);
          }
        }
        if (r == null) {
          done++;
          fo.put("ran", false).put("done", doneBy.orElseThrow());
          if (!json.json) {
            out.println("  " + Times.at(f.fire(), zone) + "  already done: " + doneBy.get());
          }
        } else {
          ran++;
          boolean ok = r.outcome() == ExecutionOutcome.SUCCEEDED || r.outcome() == ExecutionOutcome.SKIPPED_NO_CONTENT;
          failed += ok ? 0 : 1;
          fo.put("ran", true).put("outcome", r.outcome().name()).set("record", Json.record(r));
          if (!json.json) {
            out.println("  " + Times.at(f.fire(), zone) + "  " + r.outcome() + ", " + r.messageCount() + " messages"
                + r.window().map(win -> ", window " + Times.at(win.from(), zone) + " to " + Times.at(win.to(), zone))
                    .orElse("")
                + r.errorMessage().map(m -> ": " + FreeText.printable(DestinationText.shown(m))).orElse(""));
          }
        }
        out.flush();
      }
      if (json.json) {
        ObjectNode result = Json.MAPPER.createObjectNode().put("task", tid.value())
            .put("from", Times.at(start, zone)).put("to", Times.at(end, zone));
        result.set("fires", fires);
        result.put("ran", ran).put("failed", failed).put("alreadyDone", done);
        out.println(Json.write(result));
      } else {
        out.println("ran " + ran + " fire(s), " + failed + " failed; " + done + " already done"
            + (toRun >= max ? " (stopped at --max " + max + "; run again for the rest)" : ""));
      }
      out.flush();
      return failed == 0 ? Main.OK : Main.FAILED;
    }
  }

  private static Instant instant(String option, String text, ZoneId zone, List<String> errors) {
    try {
      return PreviewCommand.parseFrom(text, zone);
    } catch (DateTimeException e) {
      errors.add(option + ": '" + FreeText.cut(FreeText.printable(text.strip()), 40) + "' is not an ISO-8601"
          + " date-time (such as 2025-03-29T09:00:00+01:00, 2025-03-29T09:00 or 2025-03-29)");
      return Instant.EPOCH;
    }
  }
}

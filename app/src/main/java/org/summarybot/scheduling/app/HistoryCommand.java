package org.summarybot.scheduling.app;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SummaryUsage;
import org.summarybot.scheduling.model.TaskId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tasks history ID}: a task's executions newest first, a table or {@code --json}; a removed task's history
 * is still shown until it is pruned.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "A task's executions, newest first; a removed task's until they are pruned.")
final class HistoryCommand extends TasksCommand.Base {
  @Parameters(paramLabel = "ID") String id;

  @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "At most N entries (default 20).")
  int limit;

  @Mixin TasksCommand.JsonFlag json;

  @Override
  public Integer call() {
    if (limit < 1 || limit > 10_000) {
      throw new UsageException("--limit: " + limit + " is outside 1-10000");
    }
    TaskId tid = id(id);
    try (Wiring w = open()) {
      // A removed task's history stays in the store until it is pruned, and is still shown.
      Optional<ScheduledTask> task = w.scheduler.get(tid);
      List<ExecutionRecord> records = task.isPresent() ? w.scheduler.history(tid, limit) : w.store.history(tid, limit);
      if (task.isEmpty() && records.isEmpty()) {
        throw new TaskNotFoundException(tid);
      }
      ZoneId zone = task.map(ScheduledTask::zone).orElse(w.config.zone());
      PrintWriter out = out();
      if (json.json) {
        out.println(Json.write(Json.array(records.stream().map(Json::record).toList())));
      } else if (records.isEmpty()) {
        out.println("no executions yet");
      } else {
        if (task.isEmpty()) {
          out.println("task " + tid + " was removed; its history stays until it is pruned");
        }
        // A missed range is one record: its last fire in a column of its own, so no cell cut hides it.
        Table table = new Table("SCHEDULED FOR", "THROUGH", "OUTCOME", "ATTEMPTS", "MESSAGES", "TOKENS IN/OUT",
            "COST", "DELIVERIES", "ERROR");
        for (ExecutionRecord r : records) {
          table.row(at(r.scheduledFor(), zone), r.missedThrough().map(m -> at(m, zone)).orElse(""),
              r.outcome().name() + (r.missedCount() > 0 ? " x" + r.missedCount() : ""),
              Integer.toString(r.attempts()),
              Integer.toString(r.messageCount()),
              r.usage().map(u -> u.inputTokens() + "/" + u.outputTokens()).orElse(""),
              r.usage().flatMap(SummaryUsage::costText).orElse(""),
              r.removed().map(c -> "removed " + c.describe()).orElseGet(() -> deliveries(r.deliveries())),
              r.errorMessage().map(DestinationText::shown).orElse(""));
        }
        table.print(out);
      }
      out.flush();
    }
    return Main.OK;
  }

  private static String deliveries(List<DeliveryResult> ds) {
    return String.join(", ", ds.stream().map(d -> DestinationText.shown(d.destination()) + " " + d.status().name())
        .toList());
  }
}

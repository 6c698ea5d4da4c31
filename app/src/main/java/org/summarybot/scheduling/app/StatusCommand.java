package org.summarybot.scheduling.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.port.DaySpend;
import org.summarybot.scheduling.port.StoreHealth;
import org.summarybot.scheduling.port.TaskQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code status}: tasks by status, the next due task (overdue when its time passed and no node runs it),
 * executions waiting for a retry or a run-now, which nodes hold leases now (so whether a daemon is running an
 * execution), failures of the last 24 hours, and what the store wants an operator to know: problems (it cannot
 * write, the database does not answer) and warnings (quarantined files). Times are in each task's zone, with its
 * offset. With summarizer prices configured, today's spend of the paid summarizers (kept in the store for every
 * node) and whether the daily budget closed the day.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Overview of the store's tasks.")
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin TasksCommand.JsonFlag json;

  @Override
  public Integer call() {
    try (Wiring w = Wiring.open(Cli.loadConfig(spec), spec.commandLine().getOut())) {
      Instant now = Instant.now();
      List<ScheduledTask> tasks = w.scheduler.list(TaskQuery.all());
      Map<TaskId, ZoneId> zones = new HashMap<>();
      tasks.forEach(t -> zones.put(t.id(), t.zone()));
      Map<TaskStatus, Integer> byStatus = new EnumMap<>(TaskStatus.class);
      for (TaskStatus s : TaskStatus.values()) {
        byStatus.put(s, 0);
      }
      tasks.forEach(t -> byStatus.merge(t.status(), 1, Integer::sum));
      Optional<ScheduledTask> next = tasks.stream().filter(ScheduledTask::isActive)
          .filter(t -> t.dueAt().isPresent()).min(Comparator.comparing(t -> t.dueAt().get()));
      List<ScheduledTask> pending = tasks.stream().filter(t -> t.pending().isPresent()).toList();
      Map<TaskId, String> leases = w.store.leaseHolders(now);
      Instant since = now.minus(Duration.ofHours(24));
      List<ExecutionRecord> failures = new ArrayList<>();
      for (ScheduledTask t : tasks) {
        if (t.stats().lastFailure().filter(f -> f.isAfter(since)).isPresent()) {
          w.scheduler.history(t.id(), 20).stream()
              .filter(r -> r.outcome() == ExecutionOutcome.FAILED)
              .filter(r -> r.finishedAt().isAfter(since)).forEach(failures::add);
        }
      }
      failures.sort(Comparator.comparing(ExecutionRecord::finishedAt).reversed());
      StoreHealth health = w.store.health();
      SummarizerSettings model = w.config.summarizer();
      // Today's spend of the paid summarizers, kept in the store for every node; shown when prices are set.
      Optional<DaySpend> spend = model.pricePerMillionInput().isPresent()
          ? Optional.of(w.store.spend(LocalDate.ofInstant(now, ZoneOffset.UTC))) : Optional.empty();
      PrintWriter out = spec.commandLine().getOut();
      if (json.json) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        ObjectNode st = o.putObject("tasksByStatus");
        byStatus.forEach((k, v) -> st.put(k.name(), v));
        next.ifPresentOrElse(t -> o.putObject("nextDue").put("id", t.id().value()).put("name", t.name())
            .put("at", t.dueAt().get().toString())
            .put("overdue", t.dueAt().get().isBefore(now) && !leases.containsKey(t.id())),
            () -> o.putNull("nextDue"));
        ArrayNode p = o.putArray("pending");
        pending.forEach(t -> p.addObject().put("id", t.id().value()).put("attempt", t.pending().get().nextAttempt())
            .put("dueAt", t.pending().get().dueAt().toString()).put("reason", t.pending().get().reason()));
        ArrayNode pa = o.putArray("paused");
        tasks.stream().filter(t -> t.status() == TaskStatus.PAUSED).forEach(t -> pa.addObject()
            .put("id", t.id().value()).put("name", t.name()).put("note", t.statusReason().orElse("paused")));
        ArrayNode l = o.putArray("leases");
        leases.forEach((id, node) -> l.addObject().put("task", id.value()).put("node", node));
        o.set("recentFailures", Json.array(failures.stream().map(Json::record).toList()));
        spend.ifPresent(d -> {
          ObjectNode sp = o.putObject("spendToday");
          sp.put("day", d.day().toString());
          sp.put("micros", d.micros());
          model.dailyBudget().ifPresent(b -> sp.put("budget", b));
          sp.put("closed", d.closed());
        });
        health.problems().forEach(o.putArray("storeProblems")::add);
        health.warnings().forEach(o.putArray("storeWarnings")::add);
        out.println(Json.write(o));
      } else {
        out.println("store:     " + w.config.shownStore());
        out.println("tasks:     " + tasks.size() + " (" + String.join(", ",
            byStatus.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().name().toLowerCase()).toList()) + ")");
        out.println("next due:  " + next.map(t -> Times.due(t.dueAt().get(), t.zone(), now,
            Optional.ofNullable(leases.get(t.id()))) + " " + t.name() + " (" + t.id() + ")").orElse("nothing scheduled"));
        out.println("pending:   " + (pending.isEmpty() ? "none" : String.join(", ", pending.stream()
            .map(t -> t.id() + " attempt " + t.pending().get().nextAttempt() + " at "
                + Times.due(t.pending().get().dueAt(), t.zone(), now, Optional.ofNullable(leases.get(t.id()))))
            .toList())));
        List<ScheduledTask> paused = tasks.stream().filter(t -> t.status() == TaskStatus.PAUSED).toList();
        out.println("paused:    " + (paused.isEmpty() ? "none" : String.join(", ", paused.stream().limit(10)
            .map(t -> t.id() + " (" + FreeText.cut(FreeText.printable(t.statusReason().orElse("paused")), 60) + ")")
            .toList()) + (paused.size() > 10 ? ", and " + (paused.size() - 10) + " more" : "")));
        out.println("leases:    " + leaseLine(leases));
        out.println("failures in the last 24h: " + failures.size());
        failures.stream().limit(10).forEach(r -> out.println("  "
            + Times.at(r.finishedAt(), zones.getOrDefault(r.taskId(), w.config.zone())) + " task " + r.taskId()
            + ": " + r.errorMessage().map(DestinationText::shown).orElse("?")));
        spend.ifPresent(d -> out.println(spendLine(d, model.dailyBudget())));
        out.println("store health: " + (health.isHealthy() ? "ok" : health.problems().size() + " problem(s)")
            + (health.warnings().isEmpty() ? "" : ", " + health.warnings().size() + " warning(s)"));
        health.problems().forEach(pr -> out.println("  problem: " + pr));
        health.warnings().forEach(wa -> out.println("  warning: " + wa));
        if (health.warnings().stream().anyMatch(wa -> wa.contains(" is quarantined: "))) {
          out.println("  ('tasks quarantine' lists the quarantined files with their reasons)");
        }
      }
      out.flush();
    }
    return Main.OK;
  }

  /**
   * {@code summarizer spend today (UTC 2026-12-08): 0.0123 of the daily budget 5.00}, and whether the budget closed
   * the day: every node sharing the store sends no more requests until the next UTC day.
   */
  static String spendLine(DaySpend d, Optional<BigDecimal> budget) {
    BigDecimal amount = BigDecimal.valueOf(d.micros(), 6).stripTrailingZeros();
    if (amount.scale() < 2) {
      amount = amount.setScale(2);
    }
    return "summarizer spend today (UTC " + d.day() + "): " + amount.toPlainString()
        + budget.map(b -> " of the daily budget " + b.toPlainString()).orElse("")
        + (d.closed() ? "; budget reached: no more requests until 00:00 UTC" : "");
  }

  /** Which nodes run which tasks now: {@code node-a runs 2 (ID1, ID2); node-b runs 1 (ID3)}. */
  private static String leaseLine(Map<TaskId, String> leases) {
    if (leases.isEmpty()) {
      return "none (no node is running an execution now)";
    }
    Map<String, List<String>> byNode = new TreeMap<>();
    leases.forEach((id, node) -> byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(id.value()));
    List<String> parts = new ArrayList<>();
    byNode.forEach((node, ids) -> parts.add(node + " runs " + ids.size() + " (" + String.join(", ", ids) + ")"));
    return String.join("; ", parts);
  }
}

package org.summarybot.scheduling.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.engine.ResumeMode;
import org.summarybot.scheduling.engine.TaskReport;
import org.summarybot.scheduling.engine.TaskSpec;
import org.summarybot.scheduling.json.ExportDocument;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DurationText;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SummarizerChoice;
import org.summarybot.scheduling.model.SummaryUsage;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.model.TimeOptions;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.persistence.file.ImportReport;
import org.summarybot.scheduling.port.TaskQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tasks ...}: manage tasks in the configured store; works beside a running daemon on the same store. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "Add, list, change and inspect tasks.",
    subcommands = {TasksCommand.Add.class, TasksCommand.ListTasks.class, TasksCommand.Show.class,
        TasksCommand.Update.class, TasksCommand.Pause.class, TasksCommand.Resume.class, TasksCommand.Remove.class,
        TasksCommand.History.class, TasksCommand.Export.class, TasksCommand.Import.class, RunNowCommand.class,
        BackfillCommand.class,
        CheckCommand.class, QuarantineCommand.class})
final class TasksCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "a tasks command is required: add, list, show, update, pause, resume, remove, history, export, import, run-now,"
            + " backfill, check, quarantine");
  }

  /** What every tasks command shares: the config, the store, and the output. */
  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    Config config() {
      return Cli.loadConfig(spec);
    }

    Wiring open() {
      return Wiring.open(config(), out());
    }

    static TaskId id(String text) {
      try {
        return TaskId.of(text.strip());
      } catch (ValidationException e) {
        throw new UsageException("ID: " + e.problems().get(0).message());
      }
    }

    static ScheduledTask require(Wiring w, TaskId id) {
      return w.scheduler.get(id).orElseThrow(() -> new TaskNotFoundException(id));
    }
  }

  /** {@code --json} */
  static final class JsonFlag {
    @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
    boolean json;
  }

  static String at(Instant i, ZoneId zone) {
    return Times.at(i, zone);
  }

  static ObjectNode withNextRuns(ScheduledTask t, TaskReport r) {
    ObjectNode o = Json.task(t);
    ArrayNode next = o.putArray("nextRuns");
    r.nextRuns().forEach(i -> next.add(at(i, t.zone())));
    o.put("scheduleDescription", r.scheduleDescription());
    return o;
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a task; prints its id and next 3 runs.")
  static final class Add extends Base {
    @Mixin TaskOptions options;
    @Mixin JsonFlag json;

    @Override
    public Integer call() {
      List<String> missing = new ArrayList<>();
      boolean cleanup = options.cleanup();
      boolean knownKind = options.kind == null || cleanup || options.kind.strip().equalsIgnoreCase("summary");
      if (options.name == null) {
        missing.add("--name: is required");
      }
      if (!knownKind) {
        // What else is required depends on the kind.
        missing.add("--kind: '" + FreeText.printable(options.kind) + "' is not one of summary, cleanup");
      } else if (options.guild == null && !cleanup) {
        missing.add("--guild: is required");
      }
      if (cleanup) {
        if (options.channels != null && !options.channels.isEmpty()) {
          missing.add("--channel: a cleanup task reads no channel");
        }
        if (options.to != null && !options.to.isEmpty()) {
          missing.add("--to: a cleanup task delivers nothing");
        }
        if (options.retention == null) {
          missing.add("--retention: is required for a cleanup task");
        }
      } else if (knownKind) {
        if (options.channels == null || options.channels.isEmpty()) {
          missing.add("--channel: at least one is required");
        }
        if (options.to == null || options.to.isEmpty()) {
          missing.add("--to: at least one destination is required");
        }
        if (options.retention != null) {
          missing.add("--retention: only a cleanup task (--kind cleanup) has one");
        }
      }
      if (options.schedule == null) {
        missing.add("--schedule: is required");
      }
      if (!missing.isEmpty()) {
        throw new UsageException(missing);
      }
      Config config = config();
      TaskSpec given = options.forNewTask(config);
      // A cleanup without a guild is an operator task, spanning every guild.
      TaskSpec taskSpec = cleanup && options.guild == null ? given.toBuilder().guild(GuildId.OPERATOR).build() : given;
      taskSpec.guildId().filter(g -> !g.isOperator()).ifPresent(g -> GuildPlacementCheck.require(config, List.of(new GuildPlacementCheck.Subject("",
          g, taskSpec.channelIds(), taskSpec.destinations())), spec.commandLine().getErr()));
      try (Wiring w = Wiring.open(config, out())) {
        ScheduledTask t = w.scheduler.schedule(taskSpec);
        TaskReport r = w.scheduler.status(t.id());
        PrintWriter out = out();
        if (json.json) {
          out.println(Json.write(withNextRuns(t, r)));
        } else {
          out.println("created task " + t.id() + " (" + t.name() + "): " + r.scheduleDescription());
          out.println("next runs:");
          r.nextRuns().forEach(i -> out.println("  " + at(i, t.zone())));
        }
        for (Destination d : t.destinations()) {
          if (d.type() == org.summarybot.scheduling.model.DestinationType.WEBHOOK && d.target().startsWith("http:")
              && !config.webhookAllowHttp()) {
            spec.commandLine().getErr().println("warning: " + d.describe()
                + " is plain http; deliveries are refused unless webhook.allow-http is true");
          }
        }
        out.flush();
      }
      return Main.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List tasks.")
  static final class ListTasks extends Base {
    @Option(names = "--guild", paramLabel = "ID", description = "Only this guild's tasks.")
    String guild;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only tasks in this status: active, paused, disabled, completed.")
    String status;

    @Mixin JsonFlag json;

    @Override
    public Integer call() {
      TaskQuery q = TaskQuery.all();
      List<String> errors = new ArrayList<>();
      if (guild != null) {
        try {
          q = q.inGuild(GuildId.parse(guild));
        } catch (ValidationException e) {
          errors.add("--guild: " + e.problems().get(0).message());
        }
      }
      if (status != null) {
        try {
          q = q.withStatus(TaskStatus.valueOf(status.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          errors.add("--status: '" + status + "' is not one of active, paused, disabled, completed");
        }
      }
      if (!errors.isEmpty()) {
        throw new UsageException(errors);
      }
      try (Wiring w = open()) {
        List<ScheduledTask> tasks = w.scheduler.list(q);
        PrintWriter out = out();
        if (json.json) {
          out.println(Json.write(Json.array(tasks.stream().map(Json::task).toList())));
        } else if (tasks.isEmpty()) {
          out.println("no tasks");
        } else {
          Table table = new Table("ID", "NAME", "STATUS", "SCHEDULE", "ZONE", "NEXT RUN");
          for (ScheduledTask t : tasks) {
            // A pause note says why and until when; it goes with the status.
            String status = t.status() == TaskStatus.PAUSED && t.statusReason().filter(r -> !r.equals("paused"))
                .isPresent() ? "PAUSED: " + FreeText.printable(t.statusReason().get()) : t.status().name();
            table.row(t.id().value(), t.name(), status, t.schedule(), t.zone().getId(),
                t.isActive() ? t.dueAt().map(i -> at(i, t.zone())).orElse("-") : "-");
          }
          table.print(out);
        }
        out.flush();
      }
      return Main.OK;
    }
  }

  /**
   * A task's time options for people, those not at their default: {@code from 2026-03-01T09:00:00+01:00, until ...,
   * max 10 runs (3 so far), skip 12-25,2026-12-24, jitter 10m (this task: +4m 2s), dst gap skip, dst overlap both};
   * empty when all are.
   */
  static String timesLine(ScheduledTask t) {
    TimeOptions o = t.timeOptions();
    List<String> parts = new ArrayList<>();
    o.starts().ifPresent(i -> parts.add("from " + at(i, t.zone())));
    o.ends().ifPresent(i -> parts.add("until " + at(i, t.zone())));
    o.maxRuns().ifPresent(n -> parts.add("max " + n + " runs (" + t.stats().ran() + " so far)"));
    if (!o.skipDates().isEmpty()) {
      parts.add("skip " + o.skipDatesText());
    }
    if (!o.jitter().isZero()) {
      parts.add("jitter " + DurationText.format(o.jitter()) + " (this task: +" + Times.span(o.jitterOffset(t.id()))
          + ")");
    }
    if (o.dstGap() != DstGap.SHIFT) {
      parts.add("dst gap " + o.dstGap().name().toLowerCase(Locale.ROOT));
    }
    if (o.dstOverlap() != DstOverlap.FIRST) {
      parts.add("dst overlap " + o.dstOverlap().name().toLowerCase(Locale.ROOT));
    }
    return String.join(", ", parts);
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one task.")
  static final class Show extends Base {
    @Parameters(paramLabel = "ID") String id;
    @Mixin JsonFlag json;

    @Override
    public Integer call() {
      TaskId tid = id(id);
      try (Wiring w = open()) {
        TaskReport r = w.scheduler.status(tid);
        ScheduledTask t = r.task();
        PrintWriter out = out();
        if (json.json) {
          ObjectNode o = withNextRuns(t, r);
          r.lastExecution().ifPresent(e -> o.set("lastExecution", Json.record(e)));
          out.println(Json.write(o));
        } else {
          out.println("id:          " + t.id());
          out.println("name:        " + FreeText.printable(t.name()));
          out.println("guild:       " + (t.isOperatorTask() ? "every guild (an operator task)" : t.guildId()));
          t.retention().ifPresent(keep -> out.println("cleanup:     prunes history, delivery logs and file:"
              + " summaries older than " + DurationText.format(keep)));
          out.println("channels:    " + String.join(", ", t.channelIds().stream().map(Object::toString).toList()));
          out.println("schedule:    " + t.schedule() + " (" + r.scheduleDescription() + ")");
          out.println("status:      " + t.status()
              + t.statusReason().map(s -> " (" + FreeText.printable(s) + ")").orElse(""));
          out.println("length:      " + t.options().length().name().toLowerCase(Locale.ROOT)
              + ", min messages " + t.options().minMessages()
              + t.options().lookback().map(l -> ", lookback " + DurationText.format(l)).orElse(""));
          out.println("summarizer:  " + t.options().summarizer().name().toLowerCase(Locale.ROOT)
              + (t.options().summarizer() == SummarizerChoice.BUILTIN ? " (messages stay on this machine)"
                  : " (the model of the config's summarizer section)")
              + ", language " + t.options().language().orElse("of the messages"));
          out.println("retries:     " + (t.retryPolicy().maxAttempts() - 1) + ", first after "
              + DurationText.format(t.retryPolicy().initialDelay()) + "; disable after " + t.maxConsecutiveFailures()
              + " failures");
          t.alertIfSilent().ifPresent(a -> out.println("silence:     alert when nothing is delivered for "
              + DurationText.format(a) + t.stats().lastDelivered().map(d -> "; last delivery " + at(d, t.zone()))
                  .orElse("; nothing delivered yet")
              + t.silenceAlertedAt().map(s -> "; SILENT, reported " + at(s, t.zone())).orElse("")));
          out.println("misfire:     " + t.misfirePolicy().name().toLowerCase(Locale.ROOT).replace('_', '-')
              + " when a fire starts more than " + DurationText.format(t.misfireGrace()) + " late");
          String times = timesLine(t);
          if (!times.isEmpty()) {
            out.println("times:       " + times);
          }
          out.println("destinations:");
          for (Destination d : t.destinations()) {
            out.println("  " + d.describe() + " (" + d.format().name().toLowerCase(Locale.ROOT) + ")"
                + d.secretRef().map(s -> " secret from $" + s).orElse("")
                + (d.enabled() ? "" : " DISABLED: " + FreeText.printable(d.disabledReason().orElse(""))));
          }
          Instant now = Instant.now();
          Optional<String> runningOn = Optional.ofNullable(w.store.leaseHolders(now).get(t.id()));
          t.pending().ifPresent(p -> out.println("pending:     attempt " + p.nextAttempt() + " of the execution for "
              + at(p.scheduledFor(), t.zone()) + " at " + at(p.dueAt(), t.zone()) + " (" + p.reason() + ")"));
          out.println("next runs:");
          for (int i = 0; i < r.nextRuns().size(); i++) {
            Instant next = r.nextRuns().get(i);
            out.println("  " + (i == 0 ? Times.due(next, t.zone(), now, runningOn) : at(next, t.zone())));
          }
          out.println("stats:       " + t.stats().runs() + " runs, " + t.stats().successes() + " succeeded, "
              + t.stats().failures() + " failed, " + t.stats().skipped() + " skipped, " + t.stats().missed() + " missed");
          r.lastExecution().ifPresent(e -> out.println("last:        " + e.outcome() + " for "
              + at(e.scheduledFor(), t.zone())
              + e.errorMessage().map(m -> ": " + FreeText.printable(DestinationText.shown(m))).orElse("")));
        }
        out.flush();
      }
      return Main.OK;
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true, description = {
      "Change a task; flags not given keep their values.",
      "--to replaces every destination of the task; --add-to and --remove-to add or remove one each."})
  static final class Update extends Base {
    @Parameters(paramLabel = "ID") String id;
    @Mixin TaskOptions options;

    @Option(names = "--add-to", paramLabel = "DEST", description = "Add a destination, keeping the others (--to"
        + " syntax); repeat for several.")
    List<String> addTo = new ArrayList<>();

    @Option(names = "--remove-to", paramLabel = "DEST", description = "Remove a destination (as given to --to or"
        + " --add-to), keeping the others; repeat for several.")
    List<String> removeTo = new ArrayList<>();

    @Mixin JsonFlag json;

    @Override
    public Integer call() {
      TaskId tid = id(id);
      Config config = config();
      try (Wiring w = Wiring.open(config, out())) {
        ScheduledTask current = require(w, tid);
        TaskSpec changed = options.forUpdate(current, config, addTo, removeTo);
        GuildPlacementCheck.require(config, List.of(new GuildPlacementCheck.Subject("",
            changed.guildId().orElse(current.guildId()), changed.channelIds(), changed.destinations())),
            spec.commandLine().getErr());
        ScheduledTask t = w.scheduler.update(tid, current.version(), changed);
        TaskReport r = w.scheduler.status(tid);
        if (json.json) {
          out().println(Json.write(withNextRuns(t, r)));
        } else {
          out().println("updated task " + t.id() + " (" + t.name() + "): " + r.scheduleDescription());
          out().println("next runs:");
          r.nextRuns().forEach(i -> out().println("  " + at(i, t.zone())));
        }
        out().flush();
      }
      return Main.OK;
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a task (durable until resumed).")
  static final class Pause extends Base {
    @Parameters(paramLabel = "ID") String id;

    @Option(names = "--note", paramLabel = "TEXT", description = "Why, or until when (one line, at most "
        + org.summarybot.scheduling.model.Limits.PAUSE_NOTE_LENGTH + " characters): shown by list, show and status"
        + " until resume; pausing again replaces it.")
    String note;

    @Override
    public Integer call() {
      TaskId tid = id(id);
      try (Wiring w = open()) {
        ScheduledTask t;
        try {
          t = w.scheduler.pause(tid, Optional.ofNullable(note));
        } catch (ValidationException e) {
          throw new UsageException(e.problems().stream().map(p -> "--" + p.field() + ": " + p.message()).toList());
        }
        out().println("paused task " + t.id() + " (" + t.name() + ")"
            + (note == null ? "" : ": " + FreeText.printable(t.statusReason().orElse(""))));
        out().flush();
      }
      return Main.OK;
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true,
      description = "Resume a paused or disabled task and re-enable its disabled destinations.")
  static final class Resume extends Base {
    @Parameters(paramLabel = "ID") String id;

    @Option(names = "--catch-up", description = "Handle fires missed while stopped by the task's misfire policy"
        + " (default: skip them and start from now).")
    boolean catchUp;

    @Override
    public Integer call() {
      try (Wiring w = open()) {
        TaskId tid = id(id);
        ScheduledTask before = require(w, tid);
        ScheduledTask t = w.scheduler.resume(tid, catchUp ? ResumeMode.CATCH_UP : ResumeMode.FROM_NOW);
        long reenabled = before.destinations().stream().filter(d -> !d.enabled()).count();
        if (before.status() == TaskStatus.ACTIVE) {
          // Nothing was stopped: its window, next run and any pending retry are as they were.
          out().println(reenabled == 0
              ? "task " + t.id() + " (" + t.name() + ") is already active; nothing to do"
              : "task " + t.id() + " (" + t.name() + ") is already active; re-enabled " + reenabled
                  + " disabled destination(s); its window, next run and pending retry are unchanged");
        } else {
          out().println("resumed task " + t.id() + " (" + t.name() + ")"
              + (reenabled > 0 ? ", re-enabled " + reenabled + " disabled destination(s)" : "") + "; next run "
              + t.dueAt().map(i -> at(i, t.zone())).orElse("none"));
        }
        out().flush();
      }
      return Main.OK;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a task (its history stays until pruned).")
  static final class Remove extends Base {
    @Parameters(paramLabel = "ID") String id;

    @Override
    public Integer call() {
      TaskId tid = id(id);
      try (Wiring w = open()) {
        if (!w.scheduler.cancel(tid)) {
          throw new TaskNotFoundException(tid);
        }
        out().println("removed task " + tid);
        out().flush();
      }
      return Main.OK;
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true,
      description = "A task's executions, newest first; a removed task's until they are pruned.")
  static final class History extends Base {
    @Parameters(paramLabel = "ID") String id;

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "At most N entries (default 20).")
    int limit;

    @Mixin JsonFlag json;

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

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Print the tasks and guild settings as one JSON document.")
  static final class Export extends Base {
    @Option(names = "--guild", paramLabel = "ID", description = "Only this guild's tasks and settings.")
    String guild;

    @Override
    public Integer call() {
      Optional<GuildId> g;
      try {
        g = Optional.ofNullable(guild).map(GuildId::parse);
      } catch (ValidationException e) {
        throw new UsageException("--guild: " + e.problems().get(0).message());
      }
      try (Wiring w = open()) {
        out().println(StoreTransfer.export(w.store, g).stripTrailing());
        out().flush();
      }
      return Main.OK;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {"Create the tasks and guild settings of an export document: all of them or, on any problem,"
          + " none.",
          "Every task is checked as 'tasks add' checks its flags; at most " + Limits.TASKS_PER_IMPORT
              + " tasks and 50 MB per file."})
  static final class Import extends Base {
    @Parameters(paramLabel = "FILE") Path file;

    @Option(names = "--dry-run", description = "Only check the document.")
    boolean dryRun;

    @Override
    public Integer call() {
      Config config = config();
      String doc = ImportFile.read(file, SecretEnvs.of(config));
      if (Wiring.discordTokenSet(config)) {
        List<ScheduledTask> tasks;
        try {
          tasks = ExportDocument.read(doc);
        } catch (ValidationException e) {
          throw new UsageException(e.problems().stream().map(p -> file + ": " + p.field() + ": " + p.message()).toList());
        }
        GuildPlacementCheck.require(config, tasks.stream().map(t -> new GuildPlacementCheck.Subject(
            file + ": tasks[" + t.id() + "]: ", t.guildId(), t.channelIds(), t.destinations())).toList(),
            spec.commandLine().getErr());
      }
      try (Wiring w = Wiring.open(config, out())) {
        ImportReport r;
        try {
          r = StoreTransfer.importDocument(w.store, doc, dryRun);
        } catch (ValidationException e) {
          throw new UsageException(e.problems().stream().map(p -> file + ": " + p.field() + ": " + p.message()).toList());
        }
        out().println((r.dryRun() ? "would import " : "imported ") + r.created().size() + " task(s)"
            + (r.settings().isEmpty() ? "" : " and the settings of " + r.settings().size() + " guild(s)"));
        r.created().forEach(id -> out().println("  " + id));
        r.settings().forEach(g -> out().println("  guild " + g.guild() + ": zone " + g.zone().getId()));
        out().flush();
      }
      return Main.OK;
    }
  }
}

package org.summarybot.scheduling.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
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
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.TaskQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tasks ...}: manage tasks in the configured store; works beside a running daemon on the same store. The
 * short subcommands (list, update, pause, resume, remove, export) are here; each longer one is a class of its own
 * ({@link AddCommand}, {@link ShowCommand}, {@link HistoryCommand}, {@link ImportCommand}, {@link RunNowCommand},
 * {@link BackfillCommand}, {@link CheckCommand}, {@link QuarantineCommand}), extending {@link Base}.
 */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "Add, list, change and inspect tasks.",
    subcommands = {AddCommand.class, TasksCommand.ListTasks.class, ShowCommand.class,
        TasksCommand.Update.class, TasksCommand.Pause.class, TasksCommand.Resume.class, TasksCommand.Remove.class,
        HistoryCommand.class, TasksCommand.Export.class, ImportCommand.class, RunNowCommand.class,
        BackfillCommand.class, CheckCommand.class, QuarantineCommand.class})
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

    /** An instant in the task's zone, as text output shows times ({@link Times#at}). */
    static String at(Instant i, ZoneId zone) {
      return Times.at(i, zone);
    }

    /** The task as {@code --json} prints it after a change: the shared form with its next runs. */
    static ObjectNode withNextRuns(ScheduledTask t, TaskReport r) {
      ObjectNode o = Json.task(t);
      ArrayNode next = o.putArray("nextRuns");
      r.nextRuns().forEach(i -> next.add(at(i, t.zone())));
      o.put("scheduleDescription", r.scheduleDescription());
      return o;
    }
  }

  /** {@code --json} */
  static final class JsonFlag {
    @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
    boolean json;
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

}

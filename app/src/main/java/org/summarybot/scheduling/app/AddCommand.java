package org.summarybot.scheduling.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.summarybot.scheduling.engine.TaskReport;
import org.summarybot.scheduling.engine.TaskSpec;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tasks add}: checks the flags a task of its kind needs (a summary task's channels and destinations, a
 * cleanup task's retention), creates the task, and prints its id and next runs; warns of a plain-http webhook.
 */
@Command(name = "add", mixinStandardHelpOptions = true, description = "Create a task; prints its id and next 3 runs.")
final class AddCommand extends TasksCommand.Base {
  @Mixin TaskOptions options;
  @Mixin TasksCommand.JsonFlag json;

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

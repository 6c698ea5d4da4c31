package org.summarybot.scheduling.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.summarybot.scheduling.delivery.discord.AccessReport;
import org.summarybot.scheduling.delivery.discord.DiscordAdapter;
import org.summarybot.scheduling.model.ScheduledTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tasks check ID}: connects to Discord and reports, sending nothing, whether the bot can view and read each
 * source channel and post to each destination (send, embed links, threads, forum posts). Exit 0 when nothing is
 * missing, 1 when something is, 2 on bad input (no token, unknown task).
 */
@Command(name = "check", mixinStandardHelpOptions = true, description = {
    "Connect to Discord and report what the bot may do in a task's channels, sending nothing.",
    "Exit 0 when nothing is missing, 1 when something is."})
final class CheckCommand extends TasksCommand.Base {
  @Parameters(paramLabel = "ID") String id;
  @Mixin TasksCommand.JsonFlag json;

  @Override
  public Integer call() {
    Config config = config();
    var tid = id(id);
    if (!Wiring.discordTokenSet(config)) {
      throw new UsageException(config.at("discord.token-env") + ": environment variable " + config.discordTokenEnv()
          + " is not set; tasks check connects to Discord with the bot token there");
    }
    AccessReport r;
    ScheduledTask t;
    try (Wiring w = open()) {
      t = require(w, tid);
    }
    try (DiscordAdapter discord = Wiring.connect(config)) {
      r = discord.checkAccess(t.guildId(), t.channelIds(), t.destinations());
    }
    PrintWriter out = out();
    if (json.json) {
      out.println(Json.write(json(t, r)));
    } else {
      table(t, r, out);
    }
    out.flush();
    return r.ok() ? Main.OK : Main.FAILED;
  }

  private static ObjectNode json(ScheduledTask t, AccessReport r) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("task", t.id().value());
    o.put("guild", t.guildId().toString());
    o.put("connection", r.connection());
    o.put("ok", r.ok());
    entries(o.putArray("sources"), r.sources());
    entries(o.putArray("destinations"), r.destinations());
    return o;
  }

  private static void entries(ArrayNode into, List<AccessReport.Entry> entries) {
    for (AccessReport.Entry e : entries) {
      ObjectNode n = into.addObject().put("target", e.target())
          .put("description", e.description()).put("ok", e.ok());
      ArrayNode checks = n.putArray("checks");
      e.checks().forEach(c -> checks.addObject().put("check", c.name()).put("status", c.status().name())
          .put("detail", c.detail()));
    }
  }

  private static void table(ScheduledTask t, AccessReport r, PrintWriter out) {
    out.println("task " + t.id() + " (" + FreeText.printable(t.name()) + ") in server " + t.guildId()
        + ", Discord " + r.connection() + "; nothing was sent");
    Table table = new Table("ROLE", "CHANNEL", "CHECK", "RESULT");
    List<String> notes = new ArrayList<>();
    rows(table, notes, "source", r.sources());
    rows(table, notes, "destination", r.destinations());
    table.print(out);
    notes.forEach(out::println);
    long missing = r.sources().stream().mapToLong(CheckCommand::missing).sum()
        + r.destinations().stream().mapToLong(CheckCommand::missing).sum();
    out.println(missing == 0 ? "nothing missing" : missing + " problem(s) found");
  }

  private static void rows(Table table, List<String> notes, String role, List<AccessReport.Entry> entries) {
    for (AccessReport.Entry e : entries) {
      String target = e.target();
      for (AccessReport.Check c : e.checks()) {
        table.row(role, target, c.name(), switch (c.status()) {
          case OK -> "ok";
          case MISSING -> "MISSING";
          case NOT_CHECKED -> "not checked";
        });
        if (c.status() != AccessReport.Status.OK) {
          notes.add(role + " " + target + ": " + c.name() + ": "
              + (c.status() == AccessReport.Status.NOT_CHECKED ? "not checked: " : "") + c.detail());
        }
      }
    }
  }

  private static long missing(AccessReport.Entry e) {
    return e.checks().stream().filter(c -> c.status() == AccessReport.Status.MISSING).count();
  }
}

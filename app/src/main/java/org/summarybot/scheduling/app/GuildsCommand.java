package org.summarybot.scheduling.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.port.TaskQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code guilds ...}: each guild's settings in the configured store (today its default zone, which
 * {@code /schedule create} gives a task when none is named, and which {@code /schedule timezone} shows and sets from
 * Discord), for operators: list, set and clear them without Discord. Works beside a running daemon on the store.
 */
@Command(name = "guilds", mixinStandardHelpOptions = true,
    description = "Show and change each guild's settings (its default zone for /schedule create).",
    subcommands = {GuildsCommand.ListGuilds.class, GuildsCommand.Set.class, GuildsCommand.Clear.class})
final class GuildsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a guilds command is required: list, set, clear");
  }

  /** A settings entry as JSON output shows it, the shape of an export document's {@code guilds}. */
  private static void add(ArrayNode a, GuildSettings s) {
    a.addObject().put("guild", s.guild().toString()).put("zone", s.zone().getId());
  }

  /** {@code --guild ID}, checked as {@code tasks add --guild} checks it; required. */
  static final class GuildFlag {
    @Option(names = "--guild", paramLabel = "ID", description = "The guild (Discord server) id.")
    String guild;

    GuildId parse(TaskInput in) {
      if (guild == null) {
        in.problem("--guild", "is required");
        return null;
      }
      return in.guild("--guild", guild.strip());
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Every guild that has settings, with its default zone and how many tasks it has.")
  static final class ListGuilds extends TasksCommand.Base {
    @Mixin TasksCommand.JsonFlag json;

    @Override
    public Integer call() {
      try (Wiring w = open()) {
        List<GuildSettings> all = w.store.allGuildSettings();
        PrintWriter out = out();
        if (json.json) {
          ArrayNode a = Json.MAPPER.createArrayNode();
          all.forEach(s -> add(a, s));
          out.println(Json.write(a));
        } else if (all.isEmpty()) {
          out.println("no guild settings (guilds set --guild ID --zone ZONE, or /schedule timezone in Discord)");
        } else {
          Table table = new Table("GUILD", "ZONE", "TASKS");
          for (GuildSettings s : all) {
            table.row(s.guild().toString(), s.zone().getId(),
                Integer.toString(w.store.list(TaskQuery.guild(s.guild())).size()));
          }
          table.print(out);
        }
        out.flush();
      }
      return Main.OK;
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Set a guild's default zone: the zone /schedule create gives a task that names none.")
  static final class Set extends TasksCommand.Base {
    @Mixin GuildFlag guild;

    @Option(names = "--zone", paramLabel = "ZONE", description = "An IANA time zone id, such as Europe/Berlin.")
    String zone;

    @Override
    public Integer call() {
      TaskInput in = new TaskInput(SecretEnvs.of(config()));
      GuildId g = guild.parse(in);
      if (zone == null) {
        in.problem("--zone", "is required");
      }
      ZoneId z = zone == null ? null : in.zone("--zone", zone);
      in.throwIfAny();
      try (Wiring w = open()) {
        Optional<GuildSettings> before = w.store.guildSettings(g);
        w.store.saveGuildSettings(new GuildSettings(g, z));
        out().println("guild " + g + ": zone " + z.getId() + before.filter(b -> !b.zone().equals(z))
            .map(b -> " (was " + b.zone().getId() + ")")
            .orElse(before.isPresent() ? " (unchanged)" : " (was not set)")
            + "; existing tasks keep their own zones");
        out().flush();
      }
      return Main.OK;
    }
  }

  @Command(name = "clear", mixinStandardHelpOptions = true,
      description = "Remove a guild's settings (its tasks are unchanged); /schedule create then defaults to UTC.")
  static final class Clear extends TasksCommand.Base {
    @Mixin GuildFlag guild;

    @Override
    public Integer call() {
      TaskInput in = new TaskInput(SecretEnvs.of(config()));
      GuildId g = guild.parse(in);
      in.throwIfAny();
      try (Wiring w = open()) {
        Optional<GuildSettings> before = w.store.guildSettings(g);
        boolean removed = w.store.removeGuildSettings(g);
        out().println(removed
            ? "guild " + g + ": settings removed" + before.map(b -> " (zone was " + b.zone().getId() + ")").orElse("")
            : "guild " + g + " has no settings; nothing to clear");
        out().flush();
      }
      return Main.OK;
    }
  }
}

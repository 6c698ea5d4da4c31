package org.summarybot.scheduling.delivery.discord;

import java.lang.System.Logger.Level;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import net.dv8tion.jda.api.interactions.commands.Command;
import org.summarybot.scheduling.engine.TaskOperations;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.port.TaskQuery;

/**
 * What autocomplete answers from: every IANA zone id (read once), and each guild's task names as last read.
 * Autocomplete cannot be deferred and must answer within 3 seconds, so once a guild's names are known it answers
 * from them without reading the store; they are read again after every command in the guild. The first time a
 * guild asks, its names are read off the gateway's thread and the answer follows ({@link #known}, {@link #load}).
 */
final class TaskNames {
  private static final System.Logger LOG = System.getLogger(TaskNames.class.getName());
  /** Discord shows at most 25 choices. */
  static final int MAX_CHOICES = 25;
  private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream().sorted().toList();

  private record Named(String id, String name) {}

  private final Map<GuildId, List<Named>> byGuild = new ConcurrentHashMap<>();
  private final Function<GuildId, TaskOperations> operations;
  private final Executor background;

  TaskNames(Function<GuildId, TaskOperations> operations, Executor background) {
    this.operations = operations;
    this.background = background;
  }

  /** Reads the guild's task names again, through its own view of the engine. */
  void refresh(GuildId guild, TaskOperations ops) {
    List<Named> names = new ArrayList<>();
    for (ScheduledTask t : ops.list(TaskQuery.all())) {
      names.add(new Named(t.id().value(), t.name()));
    }
    byGuild.put(guild, List.copyOf(names));
  }

  /** Whether the guild's names were read: {@link #tasks} answers at once. */
  boolean known(GuildId guild) {
    return byGuild.containsKey(guild);
  }

  /**
   * Reads the guild's names (the first time it asks), then {@code then} runs, off the caller's thread; when the
   * store cannot be read, {@code then} still runs (with no names known, so the answer is empty) and the failure is
   * logged.
   */
  void load(GuildId guild, Runnable then) {
    background.execute(() -> {
      try {
        refresh(guild, operations.apply(guild));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not read the task names of guild " + guild + " for autocomplete", e);
      } finally {
        then.run();
      }
    });
  }

  /** The guild's tasks whose name or id contains {@code typed}: name shown, id sent; none before they are read. */
  List<Command.Choice> tasks(GuildId guild, String typed) {
    List<Named> names = byGuild.get(guild);
    if (names == null) {
      return List.of();
    }
    String t = typed.strip().toLowerCase(Locale.ROOT);
    return names.stream()
        .filter(n -> n.name().toLowerCase(Locale.ROOT).contains(t) || n.id().toLowerCase(Locale.ROOT).contains(t))
        .limit(MAX_CHOICES)
        .map(n -> new Command.Choice(Replies.cutTo(n.name() + " (" + n.id() + ")", 100), n.id()))
        .toList();
  }

  /** Zone ids containing {@code typed} (ignoring case; {@code new york} finds America/New_York), those starting with it first. */
  static List<Command.Choice> zones(String typed) {
    String t = typed.strip().toLowerCase(Locale.ROOT).replace(' ', '_');
    List<String> starts = new ArrayList<>();
    List<String> contains = new ArrayList<>();
    for (String z : ZONES) {
      String lower = z.toLowerCase(Locale.ROOT);
      if (lower.startsWith(t) || lower.substring(lower.indexOf('/') + 1).startsWith(t)) {
        starts.add(z);
      } else if (lower.contains(t)) {
        contains.add(z);
      }
    }
    starts.addAll(contains);
    return starts.stream().limit(MAX_CHOICES).map(z -> new Command.Choice(z, z)).toList();
  }
}

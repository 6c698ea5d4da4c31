package org.summarybot.scheduling.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.model.Problem;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.ValidationException;

/**
 * The export document: every task of a store (or of one guild) in one JSON object, what {@code tasks export}
 * prints and {@code tasks import} reads, the same whichever store wrote it.
 *
 * <pre>{ "format" : "summary-scheduler-tasks", "schema" : 2, "guild" : "1001",
 *   "guilds" : [ { "guild" : "1001", "zone" : "Europe/Berlin" } ], "tasks" : [ { ...task... } ] }</pre>
 *
 * <p>Tasks are in the form of {@link TaskJson}, ordered by id, without their version (and a store's leases), so
 * export, import into another store, export again gives the same document, byte for byte. {@code guilds} holds the
 * {@link GuildSettings} of the export's guilds, ordered by guild id, and is left out when there are none, so a
 * document without settings is the one written before settings were exported. It does not change the schema:
 * readers of schema 2 that take unknown keys (this class since schema 1) read the tasks; {@code tasks import} of
 * a release before it refuses the key by name ({@code guilds: unknown key}) and imports nothing.
 */
public final class ExportDocument {
  /** The value of the document's {@code format} field: what kind of document it is. */
  public static final String FORMAT = "summary-scheduler-tasks";

  private ExportDocument() {}

  /**
   * What a document holds: its tasks, each with version 0, and the guild settings it carries (none in a document
   * without {@code guilds}), both in the document's order.
   */
  public record Contents(List<ScheduledTask> tasks, List<GuildSettings> guilds) {
    public Contents {
      tasks = List.copyOf(tasks);
      guilds = List.copyOf(guilds);
    }
  }

  /** The document of {@code tasks}, ordered by id; {@code guild} when the export was confined to one guild. */
  public static String write(List<ScheduledTask> tasks, Optional<GuildId> guild) {
    return write(tasks, List.of(), guild);
  }

  /**
   * The document of {@code tasks}, ordered by id, and of the settings of {@code guilds}, ordered by guild id (the
   * {@code guilds} key is left out when there are none); {@code guild} when the export was confined to one guild.
   *
   * @throws IllegalArgumentException when two settings are of one guild, or, with {@code guild}, one is of another
   *     guild (programming errors)
   */
  public static String write(List<ScheduledTask> tasks, List<GuildSettings> guilds, Optional<GuildId> guild) {
    requireNonNull(tasks, "tasks");
    requireNonNull(guilds, "guilds");
    requireNonNull(guild, "guild");
    ObjectNode doc = TaskJson.object();
    doc.put("format", FORMAT);
    doc.put("schema", TaskJson.SCHEMA);
    guild.ifPresent(g -> doc.put("guild", g.toString()));
    if (!guilds.isEmpty()) {
      ArrayNode settings = doc.putArray("guilds");
      Set<GuildId> seen = new HashSet<>();
      guilds.stream().sorted(Comparator.comparing(GuildSettings::guild)).forEach(s -> {
        if (!seen.add(s.guild()) || guild.isPresent() && !guild.get().equals(s.guild())) {
          throw new IllegalArgumentException("settings of guild " + s.guild() + " are twice in the export or of"
              + " another guild than " + guild.map(GuildId::toString).orElse("the export's"));
        }
        settings.addObject().put("guild", s.guild().toString()).put("zone", s.zone().getId());
      });
    }
    ArrayNode arr = doc.putArray("tasks");
    tasks.stream().sorted(Comparator.comparing(ScheduledTask::id)).forEach(t -> arr.add(TaskJson.task(t, false)));
    return new String(TaskJson.pretty(doc), UTF_8);
  }

  /**
   * The tasks of a document, each with version 0, in the document's order. Documents of every schema up to
   * {@link TaskJson#SCHEMA} are read.
   *
   * @throws ValidationException listing every problem, each naming its place ({@code tasks[3].zone}): the
   *     document is not JSON or not an export, was written by a newer version, a task does not read or is invalid,
   *     or an id is in it twice
   */
  public static List<ScheduledTask> read(String document) {
    return readContents(document).tasks();
  }

  /**
   * The tasks and guild settings of a document, as {@link #read} reads the tasks. A settings entry is a problem
   * named by its place ({@code guilds[1].zone: 'Mars/Olympus' is not a time zone id}) when its guild or zone does not
   * read, or when its guild is in the document twice.
   *
   * @throws ValidationException listing every problem of the tasks and of the settings
   */
  public static Contents readContents(String document) {
    requireNonNull(document, "document");
    JsonIn doc;
    try {
      doc = JsonIn.parse(document.getBytes(UTF_8), "the document");
    } catch (BadJsonException e) {
      throw new ValidationException("document", e.getMessage());
    }
    List<Problem> problems = new ArrayList<>();
    List<ScheduledTask> out = new ArrayList<>();
    List<GuildSettings> settings = new ArrayList<>();
    try {
      String format = doc.str("format");
      if (!format.equals(FORMAT)) {
        throw new BadJsonException("format: '" + format + "' is not " + FORMAT);
      }
      int schema = doc.integer("schema");
      if (schema > TaskJson.SCHEMA) {
        throw new BadJsonException("schema: the document was written by a newer version (schema " + schema
            + "); this version reads up to schema " + TaskJson.SCHEMA);
      }
      if (schema < 1) {
        throw new BadJsonException("schema: " + schema + " is not a schema version");
      }
      settings.addAll(guilds(doc, problems));
      Set<TaskId> seen = new HashSet<>();
      for (JsonIn item : doc.objects("tasks")) {
        try {
          ScheduledTask t = TaskJson.task(item).toBuilder().version(0).build();
          if (!seen.add(t.id())) {
            problems.add(new Problem(item.path() + ".id", "task " + t.id() + " is in the document twice"));
          }
          out.add(t);
        } catch (BadJsonException | ValidationException e) {
          problems.add(new Problem(item.path(), e.getMessage()));
        }
      }
    } catch (BadJsonException e) {
      problems.add(new Problem("document", e.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
    return new Contents(out, settings);
  }

  /** The document's {@code guilds}: every entry that reads; each one that does not is a problem. */
  private static List<GuildSettings> guilds(JsonIn doc, List<Problem> problems) {
    List<GuildSettings> out = new ArrayList<>();
    Set<GuildId> seen = new HashSet<>();
    for (JsonIn item : doc.optObjects("guilds")) {
      GuildId guild = null;
      try {
        long id = item.snowflake("guild");
        if (id <= 0) {
          problems.add(new Problem(item.field("guild"), id + " is not a Discord guild id (a positive snowflake)"));
        } else if (seen.add(GuildId.of(id))) {
          guild = GuildId.of(id);
        } else {
          problems.add(new Problem(item.field("guild"), "guild " + id + " is in the document twice"));
        }
      } catch (BadJsonException e) {
        problems.add(new Problem(item.field("guild"), message(e, item.where("guild"))));
      }
      try {
        ZoneId zone = item.zone("zone");
        if (guild != null) {
          out.add(new GuildSettings(guild, zone));
        }
      } catch (BadJsonException e) {
        problems.add(new Problem(item.field("zone"), message(e, item.where("zone"))));
      }
    }
    return out;
  }

  /** An exception's message without the place it names first, which its problem names. */
  private static String message(RuntimeException e, String where) {
    String m = e.getMessage();
    return m != null && m.startsWith(where) ? m.substring(where.length()) : m;
  }

  /**
   * The problems of importing {@code incoming} into a store whose settings {@code stored} gives: a guild that
   * has other settings there is a problem at {@code guilds[i].guild} (an import adds, it never overwrites, as it
   * never overwrites a task). A guild whose settings are the same is none; an importer skips it.
   */
  public static List<Problem> settingsConflicts(List<GuildSettings> incoming,
      Function<GuildId, Optional<GuildSettings>> stored) {
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < incoming.size(); i++) {
      GuildSettings s = incoming.get(i);
      Optional<GuildSettings> there = stored.apply(s.guild());
      if (there.isPresent() && !there.get().equals(s)) {
        problems.add(new Problem("guilds[" + i + "].guild", "guild " + s.guild() + " already has settings in this"
            + " store (zone " + there.get().zone().getId() + ", the document says " + s.zone().getId() + ")"));
      }
    }
    return problems;
  }
}

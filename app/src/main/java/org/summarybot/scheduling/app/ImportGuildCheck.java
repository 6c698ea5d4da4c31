package org.summarybot.scheduling.app;

import static org.summarybot.scheduling.app.ImportFields.keys;
import static org.summarybot.scheduling.app.ImportFields.shown;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.summarybot.scheduling.app.ImportFields.Kind;
import org.summarybot.scheduling.app.ImportFields.Key;
import org.summarybot.scheduling.model.GuildId;

/**
 * The checks of an import document's {@code guilds}: each entry a guild (not listed twice) and a zone, checked
 * as {@code guilds set} checks its flags, each problem named by its place ({@code guilds[1].zone}).
 */
final class ImportGuildCheck {
  private static final Map<String, Key> GUILD = keys("guild", Kind.SNOWFLAKE, true, "zone", Kind.STRING, true);

  private final TaskInput in;
  private final ImportFields fields;
  private final String name;

  ImportGuildCheck(TaskInput in, String name) {
    this.in = in;
    this.fields = new ImportFields(in);
    this.name = name;
  }

  /** The guild settings: each a guild (not twice) and a zone, checked as {@code guilds set} checks its flags. */
  void check(JsonNode list) {
    if (list.size() > Limits.TASKS_PER_IMPORT) {
      in.problem(name + ": guilds", list.size() + " entries; an import file holds at most " + Limits.TASKS_PER_IMPORT);
    } else {
      Set<GuildId> seen = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        String at = name + ": guilds[" + i + "]";
        if (!list.get(i).isObject()) {
          in.problem(at, "must be an object of guild and zone, not " + shown(list.get(i)));
          continue;
        }
        Map<String, JsonNode> f = fields.known(list.get(i), at + ".", GUILD);
        if (f.containsKey("guild")) {
          GuildId guild = in.guild(at + ".guild", f.get("guild").asText().strip());
          if (guild != null && !seen.add(guild)) {
            in.problem(at + ".guild", "guild " + guild + " is listed twice");
          }
        }
        if (f.containsKey("zone")) {
          in.zone(at + ".zone", f.get("zone").textValue());
        }
      }
    }
  }
}

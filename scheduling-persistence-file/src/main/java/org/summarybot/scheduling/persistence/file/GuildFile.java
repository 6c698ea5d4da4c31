package org.summarybot.scheduling.persistence.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.summarybot.scheduling.json.ExportDocument;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.model.Problem;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.TaskId;

/**
 * {@code guilds.json}: each guild's settings and the live interaction claims,
 * {@code {schema, guilds: [{guild, zone}], interactions: [{id, node, until}]}}, pretty-printed. Small, so it is
 * read whole at every call (another process may have changed it) and replaced whole at every change. Expired
 * claims are dropped whenever the file is written. Used only under the store's lock.
 */
final class GuildFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Disk disk;

  GuildFile(Path dir, Disk disk) {
    this.file = dir.resolve("guilds.json");
    this.disk = disk;
  }

  private record Claim(String node, Instant until) {}

  private record Content(Map<GuildId, ZoneId> guilds, Map<String, Claim> claims) {}

  Optional<GuildSettings> settings(GuildId guild) throws IOException {
    ZoneId zone = read().guilds().get(guild);
    return zone == null ? Optional.empty() : Optional.of(new GuildSettings(guild, zone));
  }

  void save(GuildSettings s) throws IOException {
    Content c = read();
    c.guilds().put(s.guild(), s.zone());
    write(c);
  }

  /** Every guild's settings, ordered by guild id. */
  List<GuildSettings> all() throws IOException {
    return read().guilds().entrySet().stream().map(e -> new GuildSettings(e.getKey(), e.getValue())).toList();
  }

  /** Saves all of {@code settings} in one replacement of the file: all of them are written, or none. */
  void saveAll(List<GuildSettings> settings) throws IOException {
    if (settings.isEmpty()) {
      return;
    }
    Content c = read();
    settings.forEach(s -> c.guilds().put(s.guild(), s.zone()));
    write(c);
  }

  /**
   * An import of {@code parsed}: its tasks created by {@code writes}, and the settings of its guilds that this file
   * does not hold yet saved after them, in one write, or nothing written; a guild holding other settings here is a
   * problem reported with those of the tasks.
   */
  ImportReport importWith(ExportDocument.Contents parsed, boolean dryRun, TaskWrites writes) throws IOException {
    Map<GuildId, ZoneId> stored = read().guilds();
    List<Problem> conflicts = ExportDocument.settingsConflicts(parsed.guilds(),
        g -> Optional.ofNullable(stored.get(g)).map(z -> new GuildSettings(g, z)));
    List<GuildSettings> toSave = parsed.guilds().stream().filter(g -> !g.zone().equals(stored.get(g.guild())))
        .toList();
    List<TaskId> created = writes.createAll(parsed.tasks(), conflicts, dryRun, () -> {
      saveAll(toSave);
      return null;
    });
    return new ImportReport(created, toSave, dryRun);
  }

  boolean remove(GuildId guild) throws IOException {
    Content c = read();
    if (c.guilds().remove(guild) == null) {
      return false;
    }
    write(c);
    return true;
  }

  boolean claim(String interactionId, String node, Instant now, Duration keep) throws IOException {
    Content c = read();
    c.claims().values().removeIf(claim -> !claim.until().isAfter(now));
    if (c.claims().containsKey(interactionId)) {
      return false;
    }
    c.claims().put(interactionId, new Claim(node, now.plus(keep)));
    write(c);
    return true;
  }

  private Content read() throws IOException {
    Content c = new Content(new TreeMap<>(), new TreeMap<>());
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return c;
    }
    try {
      JsonNode root = JSON.readTree(bytes);
      for (JsonNode g : root.path("guilds")) {
        c.guilds().put(GuildId.parse(g.path("guild").asText()), ZoneId.of(g.path("zone").asText()));
      }
      for (JsonNode i : root.path("interactions")) {
        c.claims().put(i.path("id").asText(), new Claim(i.path("node").asText(), Instant.parse(i.path("until").asText())));
      }
    } catch (IOException | RuntimeException e) {
      throw new SchedulingException(file + " is not a valid guild settings file (" + e.getMessage()
          + "); fix or delete it (it holds each guild's default zone and recent Discord interaction claims)", e);
    }
    return c;
  }

  private void write(Content c) {
    ObjectNode root = JSON.createObjectNode().put("schema", FileTaskStore.SCHEMA);
    ArrayNode guilds = root.putArray("guilds");
    c.guilds().forEach((g, z) -> guilds.addObject().put("guild", g.toString()).put("zone", z.getId()));
    ArrayNode claims = root.putArray("interactions");
    c.claims().forEach((id, claim) -> claims.addObject().put("id", id).put("node", claim.node())
        .put("until", claim.until().toString()));
    byte[] bytes;
    try {
      bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    disk.replace(file, bytes);
  }
}

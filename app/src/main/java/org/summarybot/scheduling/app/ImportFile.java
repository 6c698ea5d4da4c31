package org.summarybot.scheduling.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.summarybot.scheduling.json.ExportDocument;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.MisfirePolicy;
import org.summarybot.scheduling.model.SummarizerChoice;
import org.summarybot.scheduling.model.SummaryLength;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskKind;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.ValidationException;

/**
 * Checks a {@code tasks import} document before anything is imported, with the checks {@code tasks add} makes
 * ({@link TaskInput}) and the bounds of {@link Limits}. Every problem of every task is reported, each naming the
 * file, the task's index (and id when it has a usable one) and the field; an unknown key is a problem, as in the
 * config. The file's size is checked before it is read, and it is read as a stream, one task at a time and
 * counted as it goes, so a file over a limit ends with one line instead of filling the memory.
 */
final class ImportFile {
  /** The export document's format ({@link ExportDocument}), which import reads. */
  static final String FORMAT = ExportDocument.FORMAT;

  /** What a field of the document holds. */
  private enum Kind { STRING, INT, NUMBER, BOOL, SNOWFLAKE, OBJECT, LIST }

  /** One known key: its kind and whether a task must have it. */
  private record Key(Kind kind, boolean required) {}

  private static final Map<String, Key> DOCUMENT = keys("format", Kind.STRING, true, "schema", Kind.INT, true,
      "guild", Kind.SNOWFLAKE, false, "guilds", Kind.LIST, false, "tasks", Kind.LIST, true);
  private static final Map<String, Key> GUILD = keys("guild", Kind.SNOWFLAKE, true, "zone", Kind.STRING, true);
  private static final Map<String, Key> TASK = keys("id", Kind.STRING, true, "name", Kind.STRING, true,
      "guild", Kind.SNOWFLAKE, true, "channels", Kind.LIST, true, "kind", Kind.STRING, true,
      "schedule", Kind.STRING, true, "zone", Kind.STRING, true, "destinations", Kind.LIST, true,
      "options", Kind.OBJECT, true, "retryPolicy", Kind.OBJECT, true, "maxConsecutiveFailures", Kind.INT, true,
      "misfirePolicy", Kind.STRING, true, "misfireGrace", Kind.STRING, true, "catchUpLimit", Kind.INT, true,
      "timeOptions", Kind.OBJECT, false, "retention", Kind.STRING, false, "alertIfSilent", Kind.STRING, false,
      "silenceAlertedAt", Kind.STRING, false, "status", Kind.STRING, true, "statusReason", Kind.STRING, false,
      "createdBy", Kind.STRING, true, "createdAt", Kind.STRING, true, "updatedAt", Kind.STRING, true,
      "nextRun", Kind.STRING, false, "lastWindowEnd", Kind.STRING, false, "pending", Kind.OBJECT, false,
      "stats", Kind.OBJECT, true, "version", Kind.INT, false);
  private static final Map<String, Key> DESTINATION = keys("type", Kind.STRING, true, "target", Kind.STRING, true,
      "format", Kind.STRING, true, "enabled", Kind.BOOL, true, "secretRef", Kind.STRING, false,
      "disabledReason", Kind.STRING, false);
  private static final Map<String, Key> OPTIONS = keys("length", Kind.STRING, true, "includeBots", Kind.BOOL, true,
      "minMessages", Kind.INT, true, "maxMessages", Kind.INT, true, "lookback", Kind.STRING, false,
      "maxLookback", Kind.STRING, true, "language", Kind.STRING, false, "summarizer", Kind.STRING, false);
  private static final Map<String, Key> RETRY = keys("maxAttempts", Kind.INT, true, "initialDelay", Kind.STRING, true,
      "multiplier", Kind.NUMBER, true, "maxDelay", Kind.STRING, true);
  private static final Map<String, Key> PENDING = keys("scheduledFor", Kind.STRING, true,
      "nextAttempt", Kind.INT, true, "dueAt", Kind.STRING, true, "window", Kind.OBJECT, true,
      "reason", Kind.STRING, true, "summary", Kind.OBJECT, false, "backfill", Kind.BOOL, false);
  private static final Map<String, Key> TIME_OPTIONS = keys("starts", Kind.STRING, false, "ends", Kind.STRING, false,
      "maxRuns", Kind.INT, false, "skipDates", Kind.LIST, false, "jitter", Kind.STRING, false,
      "dstGap", Kind.STRING, false, "dstOverlap", Kind.STRING, false);
  private static final Map<String, Key> WINDOW = keys("from", Kind.STRING, true, "to", Kind.STRING, true);
  private static final Map<String, Key> SUMMARY = keys("title", Kind.STRING, true, "markdown", Kind.STRING, true,
      "participants", Kind.LIST, true, "messageCount", Kind.INT, true, "usage", Kind.OBJECT, false);
  private static final Map<String, Key> USAGE = keys("inputTokens", Kind.INT, true, "outputTokens", Kind.INT, true,
      "requests", Kind.INT, true, "costMicros", Kind.INT, false);
  private static final Map<String, Key> STATS = keys("runs", Kind.INT, true, "successes", Kind.INT, true,
      "failures", Kind.INT, true, "skipped", Kind.INT, true, "missed", Kind.INT, true,
      "consecutiveFailures", Kind.INT, true, "totalDurationMillis", Kind.INT, true, "lastRun", Kind.STRING, false,
      "lastSuccess", Kind.STRING, false, "lastFailure", Kind.STRING, false, "lastDelivered", Kind.STRING, false);

  /**
   * Strings may be as long as the file (the checks below report a long one by its field, not the parser); the
   * document's nesting is shallow, so a deep one is refused early.
   */
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32)
          .maxStringLength((int) Limits.IMPORT_FILE_BYTES).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build());

  private final Path file;
  private final String name;
  private final TaskInput in;

  private ImportFile(Path file, SecretEnvs secrets) {
    this.file = file;
    this.name = file.toString();
    this.in = new TaskInput(secrets);
  }

  /**
   * The document in {@code file} when it passes every check.
   *
   * @throws UsageException listing every problem; a file over a limit or not JSON is one line
   */
  static String read(Path file, SecretEnvs secrets) {
    return new ImportFile(file, secrets).read();
  }

  private String read() {
    long size;
    try {
      if (!Files.isRegularFile(file)) {
        throw new UsageException("FILE: " + name + " does not exist or is not a file");
      }
      size = Files.size(file);
    } catch (IOException e) {
      throw new UsageException("FILE: cannot read " + name + ": " + e.getMessage());
    }
    if (size > Limits.IMPORT_FILE_BYTES) {
      throw new UsageException("FILE: " + name + " is " + size + " bytes; an import file holds at most "
          + Limits.IMPORT_FILE_BYTES / (1024 * 1024) + " MB (" + Limits.IMPORT_FILE_BYTES + " bytes)");
    }
    try (JsonParser p = MAPPER.createParser(file.toFile())) {
      document(p);
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
      int nl = msg.indexOf('\n');
      List<String> lines = new ArrayList<>(in.errors());
      lines.add(place(e.getLocation()) + ": not valid JSON: " + FreeText.printable(nl < 0 ? msg : msg.substring(0, nl)));
      throw new UsageException(lines);
    } catch (IOException e) {
      throw new UsageException("FILE: cannot read " + name + ": " + e.getMessage());
    }
    in.throwIfAny();
    try {
      return Files.readString(file, UTF_8);
    } catch (IOException e) {
      throw new UsageException("FILE: cannot read " + name + ": " + e.getMessage());
    }
  }

  private String place(JsonLocation loc) {
    return loc == null || loc.getLineNr() < 1 ? name : name + " line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  /** The document object, its tasks read one at a time. */
  private void document(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new UsageException(place(p.currentTokenLocation()) + ": an import document is a JSON object with"
          + " format, schema and tasks (what 'tasks export' prints)");
    }
    Set<String> seen = new HashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken v = p.nextToken();
      Key k = DOCUMENT.get(key);
      seen.add(key);
      if (k == null) {
        in.problem(name + ": " + FreeText.cut(FreeText.printable(key), 40), "unknown key (known keys: "
            + String.join(", ", DOCUMENT.keySet()) + ")");
        p.skipChildren();
      } else if (key.equals("tasks")) {
        if (v != JsonToken.START_ARRAY) {
          in.problem(name + ": tasks", "must be a list, not " + shown(MAPPER.readTree(p)));
        } else {
          tasks(p);
        }
      } else {
        JsonNode n = MAPPER.readTree(p);
        if (kindOk(n, k.kind())) {
          if (key.equals("format") && !n.textValue().equals(FORMAT)) {
            in.problem(name + ": format", "'" + FreeText.cut(FreeText.printable(n.textValue()), 40) + "' is not "
                + FORMAT + " (an import document is what 'tasks export' prints)");
          } else if (key.equals("guild")) {
            in.guild(name + ": guild", n.asText());
          } else if (key.equals("guilds")) {
            guilds(n);
          }
        } else if (!n.isNull() || k.required()) {
          in.problem(name + ": " + key, expected(k.kind()) + ", not " + shown(n));
        }
      }
    }
    for (Map.Entry<String, Key> e : DOCUMENT.entrySet()) {
      if (e.getValue().required() && !seen.contains(e.getKey())) {
        in.problem(name + ": " + e.getKey(), "is missing");
      }
    }
  }

  /** The tasks, counted as they are read: one over the limit ends the import at once. */
  private void tasks(JsonParser p) throws IOException {
    int index = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (index == Limits.TASKS_PER_IMPORT) {
        throw new UsageException("FILE: " + name + " holds more than " + Limits.TASKS_PER_IMPORT
            + " tasks; an import file holds at most " + Limits.TASKS_PER_IMPORT + " (split it)");
      }
      JsonNode task = MAPPER.readTree(p);
      String at = name + ": tasks[" + index + "]";
      if (task == null || !task.isObject()) {
        in.problem(at, "must be a task object, not " + shown(task));
      } else {
        JsonNode id = task.get("id");
        if (id != null && id.isTextual() && FreeText.problem(id.textValue(), Limits.ID_LENGTH) == null) {
          try {
            at += " (id " + TaskId.of(id.textValue()).value() + ")";
          } catch (ValidationException e) {
            // reported by the id's own check
          }
        }
        task(task, at + ": ");
      }
      index++;
    }
  }

  /** The guild settings: each a guild (not twice) and a zone, checked as {@code guilds set} checks its flags. */
  private void guilds(JsonNode list) {
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
        Map<String, JsonNode> f = fields(list.get(i), at + ".", GUILD);
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

  // ---------------------------------------------------------------- one task

  private void task(JsonNode t, String at) {
    Map<String, JsonNode> f = fields(t, at, TASK);
    String id = text(f, at, "id", Limits.ID_LENGTH);
    if (id != null) {
      try {
        TaskId.of(id);
      } catch (ValidationException e) {
        in.problem(at + "id", e.problems().get(0).message());
      }
    }
    if (f.containsKey("name")) {
      in.name(at + "name", f.get("name").textValue());
    }
    TaskKind kind = choice(f, at, "kind", TaskKind.class);
    if (f.containsKey("guild")) {
      String g = f.get("guild").asText().strip();
      if (g.equals("0")) {
        // The guild of an operator task, which spans every guild: a cleanup task only.
        if (kind != TaskKind.CLEANUP) {
          in.problem(at + "guild", "0 (every guild) is for a cleanup task only; a summary task needs its guild");
        }
      } else {
        in.guild(at + "guild", g);
      }
    }
    JsonNode channels = f.get("channels");
    if (channels != null && in.count(at + "channels", channels.size(), Limits.CHANNELS_PER_TASK, "channels")) {
      Set<ChannelId> distinct = new HashSet<>();
      for (int i = 0; i < channels.size(); i++) {
        JsonNode c = channels.get(i);
        String place = at + "channels[" + i + "]";
        if (!kindOk(c, Kind.SNOWFLAKE)) {
          in.problem(place, "must be a Discord snowflake, not " + shown(c));
        } else {
          ChannelId channel = in.channel(place, c.asText());
          if (channel != null && !distinct.add(channel)) {
            in.problem(place, channel + " is listed twice");
          }
        }
      }
      if (channels.isEmpty() && kind == TaskKind.SUMMARY) {
        in.problem(at + "channels", "a summary task needs at least one channel");
      }
    }
    if (f.containsKey("schedule")) {
      in.schedule(at + "schedule", f.get("schedule").textValue());
    }
    if (f.containsKey("zone")) {
      in.zone(at + "zone", f.get("zone").textValue());
    }
    JsonNode destinations = f.get("destinations");
    if (destinations != null
        && in.count(at + "destinations", destinations.size(), Limits.DESTINATIONS_PER_TASK, "destinations")) {
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < destinations.size(); i++) {
        Destination d = destination(destinations.get(i), at + "destinations[" + i + "]");
        if (d != null && !keys.add(d.key())) {
          in.problem(at + "destinations[" + i + "]", d.describe() + " is listed twice");
        }
      }
      if (destinations.isEmpty() && kind == TaskKind.SUMMARY) {
        in.problem(at + "destinations", "a summary task needs at least one destination");
      }
    }
    options(f.get("options"), at + "options");
    retry(f.get("retryPolicy"), at + "retryPolicy");
    integer(f, at, "maxConsecutiveFailures", 1, Limits.MAX_CONSECUTIVE_FAILURES);
    choice(f, at, "misfirePolicy", MisfirePolicy.class);
    duration(f, at, "misfireGrace", Limits.MISFIRE_GRACE);
    integer(f, at, "catchUpLimit", 1, Limits.CATCH_UP_LIMIT);
    timeOptions(f.get("timeOptions"), at + "timeOptions.");
    duration(f, at, "retention", Limits.RETENTION);
    duration(f, at, "alertIfSilent", Limits.ALERT_IF_SILENT);
    choice(f, at, "status", TaskStatus.class);
    stateText(f, at, "statusReason", Limits.STATE_TEXT_LENGTH);
    text(f, at, "createdBy", Limits.CREATED_BY_LENGTH);
    for (String instant : List.of("createdAt", "updatedAt", "nextRun", "lastWindowEnd", "silenceAlertedAt")) {
      instant(f, at, instant);
    }
    pending(f.get("pending"), at + "pending");
    JsonNode version = f.get("version");
    if (version != null && version.longValue() < 0) {
      in.problem(at + "version", "is negative");
    }
    JsonNode stats = f.get("stats");
    if (stats != null) {
      Map<String, JsonNode> s = fields(stats, at + "stats.", STATS);
      for (String instant : List.of("lastRun", "lastSuccess", "lastFailure", "lastDelivered")) {
        instant(s, at + "stats.", instant);
      }
    }
  }

  /** A task's time options: each field optional, with the checks of the flags of the same name. */
  private void timeOptions(JsonNode node, String at) {
    if (node == null) {
      return;
    }
    Map<String, JsonNode> t = fields(node, at, TIME_OPTIONS);
    instant(t, at, "starts");
    instant(t, at, "ends");
    integer(t, at, "maxRuns", 1, TaskOptions.MAX_RUNS);
    duration(t, at, "jitter", Limits.JITTER);
    choice(t, at, "dstGap", DstGap.class);
    choice(t, at, "dstOverlap", DstOverlap.class);
    JsonNode skips = t.get("skipDates");
    if (skips != null) {
      StringBuilder list = new StringBuilder();
      for (int i = 0; i < skips.size(); i++) {
        if (!skips.get(i).isTextual()) {
          in.problem(at + "skipDates[" + i + "]", "must be a date string (YYYY-MM-DD or MM-DD), not " + shown(skips.get(i)));
          return;
        }
        list.append(i == 0 ? "" : ",").append(skips.get(i).textValue());
      }
      TaskOptions.skipDates(in, at + "skipDates", list.toString());
    }
  }

  private Destination destination(JsonNode node, String at) {
    if (node == null || !node.isObject()) {
      in.problem(at, "must be a destination object, not " + shown(node));
      return null;
    }
    Map<String, JsonNode> f = fields(node, at + ".", DESTINATION);
    DestinationType type = choice(f, at + ".", "type", DestinationType.class);
    DeliveryFormat format = choice(f, at + ".", "format", DeliveryFormat.class);
    String target = text(f, at + ".", "target", Limits.DESTINATION_LENGTH);
    String secret = text(f, at + ".", "secretRef", 128);
    String reason = stateText(f, at + ".", "disabledReason", Limits.STATE_TEXT_LENGTH);
    JsonNode enabled = f.get("enabled");
    if (type == null || format == null || target == null || enabled == null
        || f.containsKey("secretRef") && secret == null || f.containsKey("disabledReason") && reason == null) {
      return null;
    }
    Destination d;
    try {
      d = new Destination(type, target, format, enabled.booleanValue(), Optional.ofNullable(secret),
          Optional.ofNullable(reason));
    } catch (ValidationException e) {
      e.problems().forEach(p -> in.problem(at + "." + p.field(), p.message()));
      return null;
    }
    return in.secret(at + ".secretRef", d) ? d : null;
  }

  private void options(JsonNode node, String at) {
    if (node == null) {
      return;
    }
    Map<String, JsonNode> f = fields(node, at + ".", OPTIONS);
    choice(f, at + ".", "length", SummaryLength.class);
    Integer max = integer(f, at + ".", "maxMessages", 1, Limits.MAX_MESSAGES);
    integer(f, at + ".", "minMessages", 0, max == null ? Limits.MAX_MESSAGES : max);
    Duration lookback = duration(f, at + ".", "lookback", Limits.LOOKBACK);
    Duration maxLookback = duration(f, at + ".", "maxLookback", Limits.LOOKBACK);
    if (lookback != null && maxLookback != null && lookback.compareTo(maxLookback) > 0) {
      in.problem(at + ".lookback", "is longer than maxLookback");
    }
    JsonNode language = f.get("language");
    if (language != null && !SummaryOptions.validLanguage(language.textValue())) {
      in.problem(at + ".language", "'" + FreeText.cut(FreeText.printable(language.textValue()), 40) + "' is not a"
          + " language name or tag: 1-" + SummaryOptions.LANGUAGE_LENGTH + " letters, digits, spaces or hyphens");
    }
    choice(f, at + ".", "summarizer", SummarizerChoice.class);
  }

  private void retry(JsonNode node, String at) {
    if (node == null) {
      return;
    }
    Map<String, JsonNode> f = fields(node, at + ".", RETRY);
    integer(f, at + ".", "maxAttempts", 1, Limits.MAX_ATTEMPTS);
    Duration initial = duration(f, at + ".", "initialDelay", Limits.RETRY_DELAY);
    Duration max = duration(f, at + ".", "maxDelay", Limits.RETRY_DELAY);
    if (initial != null && max != null && max.compareTo(initial) < 0) {
      in.problem(at + ".maxDelay", "is shorter than initialDelay");
    }
    JsonNode m = f.get("multiplier");
    if (m != null && !(m.doubleValue() >= 1.0 && m.doubleValue() <= 10.0)) {
      in.problem(at + ".multiplier", m.asText() + " is outside 1-10");
    }
  }

  private void pending(JsonNode node, String at) {
    if (node == null) {
      return;
    }
    Map<String, JsonNode> f = fields(node, at + ".", PENDING);
    instant(f, at + ".", "scheduledFor");
    instant(f, at + ".", "dueAt");
    stateText(f, at + ".", "reason", Limits.STATE_TEXT_LENGTH);
    JsonNode window = f.get("window");
    if (window != null) {
      Map<String, JsonNode> w = fields(window, at + ".window.", WINDOW);
      instant(w, at + ".window.", "from");
      instant(w, at + ".window.", "to");
    }
    JsonNode summary = f.get("summary");
    if (summary != null) {
      Map<String, JsonNode> s = fields(summary, at + ".summary.", SUMMARY);
      stateText(s, at + ".summary.", "title", Limits.STATE_TEXT_LENGTH);
      stateText(s, at + ".summary.", "markdown", Limits.SUMMARY_LENGTH);
      JsonNode usage = s.get("usage");
      if (usage != null) {
        Map<String, JsonNode> u = fields(usage, at + ".summary.usage.", USAGE);
        for (String k : List.of("inputTokens", "outputTokens", "requests", "costMicros")) {
          JsonNode n = u.get(k);
          if (n != null && n.longValue() < 0) {
            in.problem(at + ".summary.usage." + k, "is negative");
          }
        }
      }
      JsonNode participants = s.get("participants");
      if (participants != null) {
        for (int i = 0; i < participants.size(); i++) {
          JsonNode n = participants.get(i);
          if (!n.isTextual() || n.textValue().length() > Limits.STATE_TEXT_LENGTH) {
            in.problem(at + ".summary.participants[" + i + "]", "must be a name of at most "
                + Limits.STATE_TEXT_LENGTH + " characters");
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- fields

  /**
   * The known fields of an object whose values have the right kind; every unknown key, missing required key and
   * value of the wrong kind is reported. {@code at}, the place of the object, ends with ": " or ".".
   */
  private Map<String, JsonNode> fields(JsonNode node, String at, Map<String, Key> known) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      Key k = known.get(e.getKey());
      if (k == null) {
        in.problem(at + FreeText.cut(FreeText.printable(e.getKey()), 40), "unknown key (known keys: "
            + String.join(", ", known.keySet()) + ")");
      } else if (e.getValue().isNull()) {
        if (k.required()) {
          in.problem(at + e.getKey(), "is missing");
        }
      } else if (!kindOk(e.getValue(), k.kind())) {
        in.problem(at + e.getKey(), expected(k.kind()) + ", not " + shown(e.getValue()));
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<String, Key> e : known.entrySet()) {
      if (e.getValue().required() && !node.has(e.getKey())) {
        in.problem(at + e.getKey(), "is missing");
      }
    }
    return out;
  }

  /** A text field a person writes: free text within {@code max}; null when missing or refused. */
  private String text(Map<String, JsonNode> f, String at, String key, int max) {
    JsonNode n = f.get(key);
    return n == null ? null : in.text(at + key, n.textValue(), max);
  }

  /**
   * A text field the scheduler writes (a reason, a summary): it may hold line breaks from an error message, so
   * only its length is checked here; output shows it through {@link FreeText#printable}.
   */
  private String stateText(Map<String, JsonNode> f, String at, String key, int max) {
    JsonNode n = f.get(key);
    if (n == null) {
      return null;
    }
    if (n.textValue().length() > max) {
      in.problem(at + key, "is " + n.textValue().length() + " characters long; the limit is " + max);
      return null;
    }
    return n.textValue();
  }

  private <E extends Enum<E>> E choice(Map<String, JsonNode> f, String at, String key, Class<E> type) {
    JsonNode n = f.get(key);
    if (n == null) {
      return null;
    }
    for (E c : type.getEnumConstants()) {
      if (c.name().equalsIgnoreCase(n.textValue())) {
        return c; // any case, as the shared form's reader takes it (release 0.1.0's CLI printed some in lower case)
      }
    }
    in.problem(at + key, "'" + FreeText.cut(FreeText.printable(n.textValue()), 40) + "' is not one of "
        + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
    return null;
  }

  private Integer integer(Map<String, JsonNode> f, String at, String key, int min, int max) {
    JsonNode n = f.get(key);
    return n == null ? null : in.integer(at + key, n.longValue(), min, max);
  }

  private Duration duration(Map<String, JsonNode> f, String at, String key, Limits.Span span) {
    JsonNode n = f.get(key);
    return n == null ? null : in.duration(at + key, n.textValue(), span);
  }

  private void instant(Map<String, JsonNode> f, String at, String key) {
    JsonNode n = f.get(key);
    if (n == null || in.text(at + key, n.textValue(), Limits.ID_LENGTH) == null) {
      return;
    }
    try {
      Instant.parse(n.textValue());
    } catch (DateTimeException e) {
      in.problem(at + key, "'" + n.textValue() + "' is not an ISO-8601 instant such as 2025-03-14T09:00:00Z");
    }
  }

  private static boolean kindOk(JsonNode n, Kind kind) {
    if (n == null) {
      return false;
    }
    return switch (kind) {
      case STRING -> n.isTextual();
      case INT -> n.isIntegralNumber() && n.canConvertToLong();
      case NUMBER -> n.isNumber();
      case BOOL -> n.isBoolean();
      case SNOWFLAKE -> n.isTextual() || n.isIntegralNumber() && n.canConvertToLong();
      case OBJECT -> n.isObject();
      case LIST -> n.isArray();
    };
  }

  private static String expected(Kind kind) {
    return switch (kind) {
      case STRING -> "must be a string";
      case INT -> "must be a whole number";
      case NUMBER -> "must be a number";
      case BOOL -> "must be true or false";
      case SNOWFLAKE -> "must be a Discord snowflake";
      case OBJECT -> "must be an object";
      case LIST -> "must be a list";
    };
  }

  /** A value as an error line shows it: short, printable. */
  private static String shown(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "a list";
    }
    return FreeText.cut(FreeText.printable(n.toString()), 40);
  }

  private static Map<String, Key> keys(Object... spec) {
    Map<String, Key> m = new LinkedHashMap<>();
    for (int i = 0; i < spec.length; i += 3) {
      m.put((String) spec[i], new Key((Kind) spec[i + 1], (Boolean) spec[i + 2]));
    }
    return Collections.unmodifiableMap(m);
  }
}

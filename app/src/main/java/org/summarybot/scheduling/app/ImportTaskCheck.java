package org.summarybot.scheduling.app;

import static org.summarybot.scheduling.app.ImportFields.keys;
import static org.summarybot.scheduling.app.ImportFields.kindOk;
import static org.summarybot.scheduling.app.ImportFields.shown;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.summarybot.scheduling.app.ImportFields.Kind;
import org.summarybot.scheduling.app.ImportFields.Key;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.model.MisfirePolicy;
import org.summarybot.scheduling.model.SummarizerChoice;
import org.summarybot.scheduling.model.SummaryLength;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskKind;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.ValidationException;

/**
 * The checks of one task of a {@code tasks import} document, those {@code tasks add} makes of its flags
 * ({@link TaskInput}) and the bounds of {@link Limits}: its text, guild, channels, schedule, zone and destinations,
 * its options, retry policy, time options, and the state the scheduler wrote (status, pending run, stats). Every
 * problem is reported into the {@link TaskInput}, each naming the task's place and the field.
 */
final class ImportTaskCheck {
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

  private final TaskInput in;
  private final ImportFields fields;

  ImportTaskCheck(TaskInput in) {
    this.in = in;
    this.fields = new ImportFields(in);
  }

  /** Checks the task object {@code t}; {@code at}, its place, ends with ": ". */
  void check(JsonNode t, String at) {
    Map<String, JsonNode> f = fields.known(t, at, TASK);
    String id = fields.text(f, at, "id", Limits.ID_LENGTH);
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
    TaskKind kind = fields.choice(f, at, "kind", TaskKind.class);
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
    fields.integer(f, at, "maxConsecutiveFailures", 1, Limits.MAX_CONSECUTIVE_FAILURES);
    fields.choice(f, at, "misfirePolicy", MisfirePolicy.class);
    fields.duration(f, at, "misfireGrace", Limits.MISFIRE_GRACE);
    fields.integer(f, at, "catchUpLimit", 1, Limits.CATCH_UP_LIMIT);
    timeOptions(f.get("timeOptions"), at + "timeOptions.");
    fields.duration(f, at, "retention", Limits.RETENTION);
    fields.duration(f, at, "alertIfSilent", Limits.ALERT_IF_SILENT);
    fields.choice(f, at, "status", TaskStatus.class);
    fields.stateText(f, at, "statusReason", Limits.STATE_TEXT_LENGTH);
    fields.text(f, at, "createdBy", Limits.CREATED_BY_LENGTH);
    for (String instant : List.of("createdAt", "updatedAt", "nextRun", "lastWindowEnd", "silenceAlertedAt")) {
      fields.instant(f, at, instant);
    }
    pending(f.get("pending"), at + "pending");
    JsonNode version = f.get("version");
    if (version != null && version.longValue() < 0) {
      in.problem(at + "version", "is negative");
    }
    JsonNode stats = f.get("stats");
    if (stats != null) {
      Map<String, JsonNode> s = fields.known(stats, at + "stats.", STATS);
      for (String instant : List.of("lastRun", "lastSuccess", "lastFailure", "lastDelivered")) {
        fields.instant(s, at + "stats.", instant);
      }
    }
  }

  /** A task's time options: each field optional, with the checks of the flags of the same name. */
  private void timeOptions(JsonNode node, String at) {
    if (node == null) {
      return;
    }
    Map<String, JsonNode> t = fields.known(node, at, TIME_OPTIONS);
    fields.instant(t, at, "starts");
    fields.instant(t, at, "ends");
    fields.integer(t, at, "maxRuns", 1, TaskOptions.MAX_RUNS);
    fields.duration(t, at, "jitter", Limits.JITTER);
    fields.choice(t, at, "dstGap", DstGap.class);
    fields.choice(t, at, "dstOverlap", DstOverlap.class);
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
    Map<String, JsonNode> f = fields.known(node, at + ".", DESTINATION);
    DestinationType type = fields.choice(f, at + ".", "type", DestinationType.class);
    DeliveryFormat format = fields.choice(f, at + ".", "format", DeliveryFormat.class);
    String target = fields.text(f, at + ".", "target", Limits.DESTINATION_LENGTH);
    String secret = fields.text(f, at + ".", "secretRef", 128);
    String reason = fields.stateText(f, at + ".", "disabledReason", Limits.STATE_TEXT_LENGTH);
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
    Map<String, JsonNode> f = fields.known(node, at + ".", OPTIONS);
    fields.choice(f, at + ".", "length", SummaryLength.class);
    Integer max = fields.integer(f, at + ".", "maxMessages", 1, Limits.MAX_MESSAGES);
    fields.integer(f, at + ".", "minMessages", 0, max == null ? Limits.MAX_MESSAGES : max);
    Duration lookback = fields.duration(f, at + ".", "lookback", Limits.LOOKBACK);
    Duration maxLookback = fields.duration(f, at + ".", "maxLookback", Limits.LOOKBACK);
    if (lookback != null && maxLookback != null && lookback.compareTo(maxLookback) > 0) {
      in.problem(at + ".lookback", "is longer than maxLookback");
    }
    JsonNode language = f.get("language");
    if (language != null && !SummaryOptions.validLanguage(language.textValue())) {
      in.problem(at + ".language", "'" + FreeText.cut(FreeText.printable(language.textValue()), 40) + "' is not a"
          + " language name or tag: 1-" + SummaryOptions.LANGUAGE_LENGTH + " letters, digits, spaces or hyphens");
    }
    fields.choice(f, at + ".", "summarizer", SummarizerChoice.class);
  }

  private void retry(JsonNode node, String at) {
    if (node == null) {
      return;
    }
    Map<String, JsonNode> f = fields.known(node, at + ".", RETRY);
    fields.integer(f, at + ".", "maxAttempts", 1, Limits.MAX_ATTEMPTS);
    Duration initial = fields.duration(f, at + ".", "initialDelay", Limits.RETRY_DELAY);
    Duration max = fields.duration(f, at + ".", "maxDelay", Limits.RETRY_DELAY);
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
    Map<String, JsonNode> f = fields.known(node, at + ".", PENDING);
    fields.instant(f, at + ".", "scheduledFor");
    fields.instant(f, at + ".", "dueAt");
    fields.stateText(f, at + ".", "reason", Limits.STATE_TEXT_LENGTH);
    JsonNode window = f.get("window");
    if (window != null) {
      Map<String, JsonNode> w = fields.known(window, at + ".window.", WINDOW);
      fields.instant(w, at + ".window.", "from");
      fields.instant(w, at + ".window.", "to");
    }
    JsonNode summary = f.get("summary");
    if (summary != null) {
      Map<String, JsonNode> s = fields.known(summary, at + ".summary.", SUMMARY);
      fields.stateText(s, at + ".summary.", "title", Limits.STATE_TEXT_LENGTH);
      fields.stateText(s, at + ".summary.", "markdown", Limits.SUMMARY_LENGTH);
      JsonNode usage = s.get("usage");
      if (usage != null) {
        Map<String, JsonNode> u = fields.known(usage, at + ".summary.usage.", USAGE);
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
}

package org.summarybot.scheduling.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.DurationText;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskStats;

/**
 * The JSON shapes the CLI prints with {@code --json}: tasks and history entries. Ids and snowflakes are
 * strings (they do not fit a JavaScript number), instants are ISO-8601 UTC, durations use the short form
 * ({@code 90s}), enums their names. Secrets never appear: destinations carry only the name of their secret, and
 * webhook URLs lose their path and query.
 */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static ObjectNode task(ScheduledTask t) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", t.id().value());
    o.put("name", t.name());
    o.put("guild", t.guildId().toString());
    ArrayNode channels = o.putArray("channels");
    t.channelIds().forEach(c -> channels.add(c.toString()));
    o.put("kind", t.kind().name());
    o.put("schedule", t.schedule());
    o.put("zone", t.zone().getId());
    o.put("status", t.status().name());
    putOpt(o, "statusReason", t.statusReason());
    ArrayNode ds = o.putArray("destinations");
    t.destinations().forEach(d -> ds.add(destination(d)));
    ObjectNode opts = o.putObject("options");
    opts.put("length", t.options().length().name());
    opts.put("includeBots", t.options().includeBots());
    opts.put("minMessages", t.options().minMessages());
    opts.put("maxMessages", t.options().maxMessages());
    putOpt(opts, "lookback", t.options().lookback().map(DurationText::format));
    opts.put("maxLookback", DurationText.format(t.options().maxLookback()));
    ObjectNode retry = o.putObject("retry");
    retry.put("maxAttempts", t.retryPolicy().maxAttempts());
    retry.put("initialDelay", DurationText.format(t.retryPolicy().initialDelay()));
    retry.put("multiplier", t.retryPolicy().multiplier());
    retry.put("maxDelay", DurationText.format(t.retryPolicy().maxDelay()));
    o.put("maxConsecutiveFailures", t.maxConsecutiveFailures());
    o.put("misfirePolicy", t.misfirePolicy().name());
    o.put("misfireGrace", DurationText.format(t.misfireGrace()));
    putOpt(o, "nextRun", t.nextRun().map(Instant::toString));
    putOpt(o, "lastWindowEnd", t.lastWindowEnd().map(Instant::toString));
    t.pending().ifPresent(p -> o.putObject("pending").put("scheduledFor", p.scheduledFor().toString())
        .put("nextAttempt", p.nextAttempt()).put("dueAt", p.dueAt().toString()).put("reason", p.reason()));
    o.put("createdAt", t.createdAt().toString());
    o.put("updatedAt", t.updatedAt().toString());
    o.put("version", t.version());
    o.set("stats", stats(t.stats()));
    return o;
  }

  /**
   * A destination: {@code destination} as the user writes it ({@code discord:ID}), and {@code target}, a webhook's
   * URL without its path and query (which often hold its token; {@code tasks export} carries the whole URL).
   */
  static ObjectNode destination(Destination d) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("destination", d.describe());
    o.put("type", d.type().name());
    o.put("target", d.type() == DestinationType.WEBHOOK ? Destination.redactUrl(d.target()) : d.target());
    o.put("format", d.format().name().toLowerCase(Locale.ROOT));
    o.put("enabled", d.enabled());
    putOpt(o, "secretRef", d.secretRef());
    putOpt(o, "disabledReason", d.disabledReason());
    return o;
  }

  static ObjectNode stats(TaskStats s) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("runs", s.runs());
    o.put("successes", s.successes());
    o.put("failures", s.failures());
    o.put("skipped", s.skipped());
    o.put("missed", s.missed());
    o.put("consecutiveFailures", s.consecutiveFailures());
    s.successRate().ifPresent(r -> o.put("successRate", r));
    putOpt(o, "averageDuration", s.averageDuration().map(Duration::toMillis).map(ms -> ms + "ms"));
    putOpt(o, "lastRun", s.lastRun().map(Instant::toString));
    putOpt(o, "lastSuccess", s.lastSuccess().map(Instant::toString));
    putOpt(o, "lastFailure", s.lastFailure().map(Instant::toString));
    return o;
  }

  static ObjectNode record(ExecutionRecord r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", r.id().value());
    o.put("taskId", r.taskId().value());
    o.put("scheduledFor", r.scheduledFor().toString());
    o.put("startedAt", r.startedAt().toString());
    o.put("finishedAt", r.finishedAt().toString());
    o.put("outcome", r.outcome().name());
    o.put("attempts", r.attempts());
    r.window().ifPresent(w -> o.putObject("window").put("from", w.from().toString()).put("to", w.to().toString()));
    o.put("messageCount", r.messageCount());
    ArrayNode ds = o.putArray("deliveries");
    for (DeliveryResult d : r.deliveries()) {
      ObjectNode dn = ds.addObject();
      dn.put("destination", DestinationText.shown(d.destination()));
      dn.put("status", d.status().name());
      if (d.error().isPresent()) {
        dn.put("error", DestinationText.shown(d.error().get()));
      } else {
        dn.putNull("error");
      }
    }
    putOpt(o, "errorClass", r.errorClass());
    putOpt(o, "errorMessage", r.errorMessage().map(DestinationText::shown));
    if (r.missedCount() > 0) {
      o.put("missedCount", r.missedCount());
      putOpt(o, "missedThrough", r.missedThrough().map(Instant::toString));
    }
    return o;
  }

  static ArrayNode array(List<ObjectNode> nodes) {
    ArrayNode a = MAPPER.createArrayNode();
    nodes.forEach(a::add);
    return a;
  }

  private static void putOpt(ObjectNode o, String field, Optional<String> value) {
    value.ifPresent(v -> o.put(field, v));
  }
}

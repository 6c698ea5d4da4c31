package org.summarybot.scheduling.delivery.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.DeliveryRequest;
import org.summarybot.scheduling.port.Notification;

/**
 * The bodies this module posts: the versioned event envelope {@code {"type", "id", "timestamp", "data"}} for
 * plain webhooks, and Discord's message shape (embeds or content within Discord's limits, no mentions) for
 * Discord webhooks. Snowflakes are strings, instants ISO-8601 UTC.
 */
final class Payloads {
  static final String SUMMARY_CREATED = "summary.created";
  static final String TASK_FAILED = "task.failed";
  static final String TASK_DISABLED = "task.disabled";
  static final String DESTINATION_DISABLED = "destination.disabled";
  static final String TASK_SILENT = "task.silent";
  static final String TASK_RECOVERED = "task.recovered";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Payloads() {}

  // ---- the envelope

  static byte[] envelope(String type, String id, Instant timestamp, ObjectNode data) {
    ObjectNode root = JSON.createObjectNode();
    root.put("type", type);
    root.put("id", id);
    root.put("timestamp", timestamp.toString());
    root.set("data", data);
    return bytes(root);
  }

  static ObjectNode summaryData(DeliveryRequest r) {
    ObjectNode data = JSON.createObjectNode();
    data.set("task", task(r.task()));
    data.set("channels", channels(r.task().channelIds()));
    data.set("window", window(r.summary().window()));
    Summary s = r.summary();
    ObjectNode summary = data.putObject("summary");
    summary.put("title", s.title());
    summary.put("markdown", s.markdown());
    ArrayNode participants = summary.putArray("participants");
    s.participants().forEach(participants::add);
    summary.put("messageCount", s.messageCount());
    ObjectNode execution = data.putObject("execution");
    execution.put("id", r.executionId().value());
    execution.put("scheduledFor", r.scheduledFor().toString());
    return data;
  }

  static String type(Notification n) {
    if (n instanceof Notification.ExecutionFailed) {
      return TASK_FAILED;
    }
    if (n instanceof Notification.TaskDisabled) {
      return TASK_DISABLED;
    }
    if (n instanceof Notification.TaskSilent) {
      return TASK_SILENT;
    }
    if (n instanceof Notification.TaskRecovered) {
      return TASK_RECOVERED;
    }
    return DESTINATION_DISABLED;
  }

  static ObjectNode notificationData(Notification n) {
    ObjectNode data = JSON.createObjectNode();
    data.set("task", task(n.task()));
    data.set("channels", channels(n.task().channelIds()));
    if (n instanceof Notification.ExecutionFailed f) {
      ExecutionRecord r = f.record();
      ObjectNode execution = data.putObject("execution");
      execution.put("id", r.id().value());
      execution.put("scheduledFor", r.scheduledFor().toString());
      execution.put("attempts", r.attempts());
      execution.put("outcome", r.outcome().name());
      execution.put("startedAt", r.startedAt().toString());
      execution.put("finishedAt", r.finishedAt().toString());
      r.window().ifPresent(w -> execution.set("window", window(w)));
      ObjectNode error = data.putObject("error");
      error.put("class", r.errorClass().orElse(null));
      error.put("message", r.errorMessage().orElse(null));
      ArrayNode deliveries = data.putArray("deliveries");
      for (DeliveryResult d : r.deliveries()) {
        ObjectNode o = deliveries.addObject();
        o.put("destination", d.destination());
        o.put("status", d.status().name());
        o.put("error", d.error().orElse(null));
      }
    } else if (n instanceof Notification.TaskDisabled d) {
      data.put("reason", d.reason());
    } else if (n instanceof Notification.DestinationDisabled d) {
      data.put("destination", d.destination().describe());
      data.put("reason", d.reason());
    } else if (n instanceof Notification.TaskSilent s) {
      data.put("lastDelivered", s.lastDelivered().map(Object::toString).orElse(null));
      data.put("since", s.since().toString());
      data.put("silentFor", s.silentFor().toString());
    } else if (n instanceof Notification.TaskRecovered r) {
      data.put("alertedAt", r.alertedAt().toString());
      data.put("deliveredAt", r.deliveredAt().toString());
    }
    return data;
  }

  private static ObjectNode task(ScheduledTask t) {
    ObjectNode task = JSON.createObjectNode();
    task.put("id", t.id().value());
    task.put("name", t.name());
    task.put("guild", t.guildId().toString());
    return task;
  }

  private static ArrayNode channels(List<ChannelId> ids) {
    ArrayNode a = JSON.createArrayNode();
    ids.forEach(c -> a.add(c.toString()));
    return a;
  }

  private static ObjectNode window(TimeWindow w) {
    ObjectNode o = JSON.createObjectNode();
    o.put("from", w.from().toString());
    o.put("to", w.to().toString());
    return o;
  }

  // ---- Discord

  /**
   * The Discord messages carrying {@code s}, in order: one embed per message (title, a slice of the body,
   * a footer with counts) for {@code EMBED} and {@code JSON} formats, plain content for {@code MARKDOWN}.
   */
  static List<byte[]> discordSummary(Summary s, DeliveryFormat format) {
    List<byte[]> out = new ArrayList<>();
    if (format == DeliveryFormat.MARKDOWN) {
      String header = "**" + DiscordWebhooks.truncate(s.title(), DiscordWebhooks.EMBED_TITLE_MAX) + "**\n";
      List<String> pieces = DiscordWebhooks.split(header + s.markdown(), DiscordWebhooks.CONTENT_MAX);
      for (String piece : pieces) {
        out.add(discordContent(piece));
      }
      return out;
    }
    String footer = DiscordWebhooks.truncate(footer(s), DiscordWebhooks.EMBED_FOOTER_MAX);
    List<String> slices = DiscordWebhooks.split(s.markdown(), DiscordWebhooks.EMBED_DESCRIPTION_MAX);
    if (slices.isEmpty()) {
      slices = List.of("_(empty summary)_");
    }
    int n = slices.size();
    for (int i = 0; i < n; i++) {
      String suffix = n == 1 ? "" : " (" + (i + 1) + "/" + n + ")";
      String title = DiscordWebhooks.truncate(s.title().isBlank() ? "Summary" : s.title(),
          DiscordWebhooks.EMBED_TITLE_MAX - suffix.length()) + suffix;
      ObjectNode root = JSON.createObjectNode();
      ObjectNode embed = root.putArray("embeds").addObject();
      embed.put("title", title);
      embed.put("description", slices.get(i));
      embed.put("timestamp", s.window().to().toString());
      embed.putObject("footer").put("text", footer);
      noMentions(root);
      out.add(bytes(root));
    }
    return out;
  }

  /** One Discord message with plain {@code text} (cut to Discord's content limit) and no mentions. */
  static byte[] discordContent(String text) {
    ObjectNode root = JSON.createObjectNode();
    root.put("content", DiscordWebhooks.truncate(text, DiscordWebhooks.CONTENT_MAX));
    noMentions(root);
    return bytes(root);
  }

  /** A one-message Discord text for a notification. */
  static String discordNotificationText(Notification n) {
    ScheduledTask t = n.task();
    String who = "task **" + t.name() + "** (`" + t.id().value() + "`)";
    if (n instanceof Notification.ExecutionFailed f) {
      ExecutionRecord r = f.record();
      return "⚠️ Scheduled summary failed: " + who + ", run for " + r.scheduledFor() + " after " + r.attempts()
          + " attempt(s)" + r.errorMessage().map(m -> ": " + m).orElse("");
    }
    if (n instanceof Notification.TaskDisabled d) {
      return "⛔ Scheduled summary disabled: " + who + ": " + d.reason() + ". Resume it once the cause is fixed.";
    }
    if (n instanceof Notification.TaskSilent s) {
      return "🔕 Scheduled summary silent: " + who + " has delivered nothing since " + s.since() + ".";
    }
    if (n instanceof Notification.TaskRecovered r) {
      return "✅ Scheduled summary delivers again: " + who + ", at " + r.deliveredAt() + ".";
    }
    Notification.DestinationDisabled d = (Notification.DestinationDisabled) n;
    return "⛔ Destination " + d.destination().describe() + " of " + who + " disabled: " + d.reason()
        + ". Resume the task once the cause is fixed.";
  }

  private static String footer(Summary s) {
    int p = s.participants().size();
    return s.messageCount() + " message" + (s.messageCount() == 1 ? "" : "s") + " · " + p + " participant"
        + (p == 1 ? "" : "s");
  }

  private static void noMentions(ObjectNode root) {
    root.putObject("allowed_mentions").putArray("parse");
  }

  /** Discord's JSON error code in an error body, or -1. */
  static int discordErrorCode(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.path("code").canConvertToInt() && node.path("code").isNumber()
          ? node.path("code").intValue() : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static byte[] bytes(ObjectNode root) {
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }
}

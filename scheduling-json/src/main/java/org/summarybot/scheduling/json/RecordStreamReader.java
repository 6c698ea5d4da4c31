package org.summarybot.scheduling.json;

import static org.summarybot.scheduling.json.StreamValues.bool;
import static org.summarybot.scheduling.json.StreamValues.enumValue;
import static org.summarybot.scheduling.json.StreamValues.expect;
import static org.summarybot.scheduling.json.StreamValues.instant;
import static org.summarybot.scheduling.json.StreamValues.integer;
import static org.summarybot.scheduling.json.StreamValues.optInstant;
import static org.summarybot.scheduling.json.StreamValues.optStr;
import static org.summarybot.scheduling.json.StreamValues.snowflake;
import static org.summarybot.scheduling.json.StreamValues.str;
import static org.summarybot.scheduling.json.StreamValues.usage;
import static org.summarybot.scheduling.json.StreamValues.window;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.json.StreamValues.Reject;
import org.summarybot.scheduling.model.CleanupCounts;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.DeliveryStatus;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.SummaryUsage;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TimeWindow;

/**
 * An execution record (a line of a task's history) read off a streaming parser, for {@link TaskStreamReader#record}:
 * the record's fields, its delivery results and a cleanup's counts. Like the task reader, it only ever accepts:
 * anything {@link TaskJson#record(JsonIn)} would not take as it is throws {@link Reject}.
 */
final class RecordStreamReader {
  private RecordStreamReader() {}

  /** The record whose object starts at the current token of {@code p}, leaving {@code p} at its end. */
  static ExecutionRecord read(JsonParser p) throws IOException, Reject {
    expect(p.currentToken() == JsonToken.START_OBJECT);
    String id = null;
    String task = null;
    Long guild = null;
    Instant scheduledFor = null;
    Instant startedAt = null;
    Instant finishedAt = null;
    Integer attempts = null;
    ExecutionOutcome outcome = null;
    Optional<TimeWindow> window = Optional.empty();
    Integer messageCount = null;
    List<DeliveryResult> deliveries = null;
    Optional<String> errorClass = Optional.empty();
    Optional<String> errorMessage = Optional.empty();
    Integer missedCount = null;
    Optional<Instant> missedThrough = Optional.empty();
    Optional<SummaryUsage> usage = Optional.empty();
    boolean excused = false;
    Optional<CleanupCounts> removed = Optional.empty();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "id" -> id = str(p, v);
        case "task" -> task = str(p, v);
        case "guild" -> guild = snowflake(p, v);
        case "scheduledFor" -> scheduledFor = instant(p, v);
        case "startedAt" -> startedAt = instant(p, v);
        case "finishedAt" -> finishedAt = instant(p, v);
        case "attempts" -> attempts = integer(p, v);
        case "outcome" -> outcome = enumValue(p, v, ExecutionOutcome.class);
        case "window" -> window = v == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(window(p, v));
        case "messageCount" -> messageCount = integer(p, v);
        case "deliveries" -> deliveries = deliveries(p, v);
        case "errorClass" -> errorClass = optStr(p, v);
        case "errorMessage" -> errorMessage = optStr(p, v);
        case "missedCount" -> missedCount = integer(p, v);
        case "missedThrough" -> missedThrough = optInstant(p, v);
        case "usage" -> usage = usage(p, v);
        case "excused" -> excused = bool(v);
        case "removed" -> removed = v == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(removed(p, v));
        default -> p.skipChildren();
      }
    }
    expect(id != null && task != null && guild != null && scheduledFor != null && startedAt != null
        && finishedAt != null && attempts != null && outcome != null && messageCount != null && deliveries != null
        && missedCount != null);
    return new ExecutionRecord(new ExecutionId(id), TaskId.of(task), GuildId.of(guild), scheduledFor, startedAt,
        finishedAt, attempts, outcome, window, messageCount, deliveries, errorClass, errorMessage, missedCount,
        missedThrough, usage, excused, removed);
  }

  /** A cleanup's counts: {@code {history, deliveries, files}}. */
  private static CleanupCounts removed(JsonParser p, JsonToken t) throws IOException, Reject {
    expect(t == JsonToken.START_OBJECT);
    Integer history = null;
    Integer deliveries = null;
    Integer files = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "history" -> history = integer(p, v);
        case "deliveries" -> deliveries = integer(p, v);
        case "files" -> files = integer(p, v);
        default -> p.skipChildren();
      }
    }
    expect(history != null && deliveries != null && files != null && history >= 0 && deliveries >= 0 && files >= 0);
    return new CleanupCounts(history, deliveries, files);
  }

  private static List<DeliveryResult> deliveries(JsonParser p, JsonToken t) throws IOException, Reject {
    expect(t == JsonToken.START_ARRAY);
    List<DeliveryResult> out = new ArrayList<>();
    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
      expect(e == JsonToken.START_OBJECT);
      String destination = null;
      DeliveryStatus status = null;
      Optional<String> error = Optional.empty();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "destination" -> destination = str(p, v);
          case "status" -> status = enumValue(p, v, DeliveryStatus.class);
          case "error" -> error = optStr(p, v);
          default -> p.skipChildren();
        }
      }
      expect(destination != null && status != null);
      out.add(new DeliveryResult(destination, status, error));
    }
    return out;
  }
}

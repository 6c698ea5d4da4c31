package org.summarybot.scheduling.json;

import static org.summarybot.scheduling.json.StreamValues.bool;
import static org.summarybot.scheduling.json.StreamValues.duration;
import static org.summarybot.scheduling.json.StreamValues.enumValue;
import static org.summarybot.scheduling.json.StreamValues.expect;
import static org.summarybot.scheduling.json.StreamValues.instant;
import static org.summarybot.scheduling.json.StreamValues.integer;
import static org.summarybot.scheduling.json.StreamValues.lng;
import static org.summarybot.scheduling.json.StreamValues.optInstant;
import static org.summarybot.scheduling.json.StreamValues.optStr;
import static org.summarybot.scheduling.json.StreamValues.snowflake;
import static org.summarybot.scheduling.json.StreamValues.str;
import static org.summarybot.scheduling.json.StreamValues.strings;
import static org.summarybot.scheduling.json.StreamValues.usage;
import static org.summarybot.scheduling.json.StreamValues.window;
import static org.summarybot.scheduling.json.StreamValues.zone;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.json.StreamValues.Reject;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.MisfirePolicy;
import org.summarybot.scheduling.model.PendingRun;
import org.summarybot.scheduling.model.RetryPolicy;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SummarizerChoice;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.SummaryLength;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.model.SummaryUsage;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskKind;
import org.summarybot.scheduling.model.TaskStats;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.TimeWindow;

/**
 * A second reader of {@link TaskJson}'s form, on Jackson's streaming parser, for opening a store of 100,000 task
 * files: it reads tokens straight into the model, without building a tree of nodes for every file first, which
 * more than halves the cost of a cold open (benchmarks/results/2026-12-07-file-store-jackson.md).
 *
 * <p>It only ever accepts. Anything it does not take as {@link TaskJson#task(JsonIn)} would (a missing field, a
 * null where a value is needed, a value of another type, a number out of range, a value the model refuses,
 * malformed JSON) makes it return null, and the caller reads the same bytes with {@link TaskJson}, which alone
 * decides what is wrong and words the reason. So this reader cannot hide a bad file or change a reason;
 * {@code TaskStreamReaderTest} (in the file store, whose task files it reads) holds it to the tree reader over
 * thousands of damaged variants of a file.
 *
 * <p>This class reads a task and its parts (destinations, options, retry policy, pending run, stats);
 * {@link RecordStreamReader} reads an execution record, and {@link StreamValues} the values both are made of
 * (strings, numbers, instants, durations, enums, a window, a usage) and the {@code Reject} that gives up.
 */
public final class TaskStreamReader {
  private static final JsonFactory FACTORY = TaskJson.MAPPER.getFactory();

  private TaskStreamReader() {}

  /** A parser over the first {@code length} bytes of {@code buffer}. */
  public static JsonParser parser(byte[] buffer, int length) throws IOException {
    return FACTORY.createParser(buffer, 0, length);
  }

  /**
   * The task whose object starts at the current token of {@code p} (its {@code START_OBJECT}), leaving {@code p}
   * at its {@code END_OBJECT}; null when this reader does not take it (the position of {@code p} is then
   * undefined).
   */
  public static ScheduledTask task(JsonParser p) throws IOException {
    try {
      return readTask(p);
    } catch (Reject | RuntimeException e) {
      return null;
    }
  }

  /** As {@link #task}, for an execution record. */
  public static ExecutionRecord record(JsonParser p) throws IOException {
    try {
      return RecordStreamReader.read(p);
    } catch (Reject | RuntimeException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- tasks

  private static ScheduledTask readTask(JsonParser p) throws IOException, Reject {
    expect(p.currentToken() == JsonToken.START_OBJECT);
    ScheduledTask.Builder b = ScheduledTask.builder();
    int seen = 0; // one bit per required field
    RetryPolicy retry = null;
    RetryPolicy retryAlias = null;
    Optional<Duration> retention = Optional.empty();
    Optional<String> statusReason = Optional.empty();
    Optional<Instant> nextRun = Optional.empty();
    Optional<Instant> lastWindowEnd = Optional.empty();
    Optional<PendingRun> pending = Optional.empty();
    long version = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "id" -> { b.id(TaskId.of(str(p, t))); seen |= 1; }
        case "name" -> { b.name(str(p, t)); seen |= 1 << 1; }
        case "guild" -> { b.guildId(GuildId.of(snowflake(p, t))); seen |= 1 << 2; }
        case "channels" -> { b.channelIds(channels(p, t)); seen |= 1 << 3; }
        case "kind" -> { b.kind(enumValue(p, t, TaskKind.class)); seen |= 1 << 4; }
        case "schedule" -> { b.schedule(str(p, t)); seen |= 1 << 5; }
        case "zone" -> { b.zone(zone(p, t)); seen |= 1 << 6; }
        case "destinations" -> { b.destinations(destinations(p, t)); seen |= 1 << 7; }
        case "options" -> { b.options(options(p, t)); seen |= 1 << 8; }
        case "retryPolicy" -> retry = t == JsonToken.VALUE_NULL ? null : retryPolicy(p, t);
        case "retry" -> retryAlias = t == JsonToken.VALUE_NULL ? null : retryPolicy(p, t);
        case "maxConsecutiveFailures" -> { b.maxConsecutiveFailures(integer(p, t)); seen |= 1 << 9; }
        case "misfirePolicy" -> { b.misfirePolicy(enumValue(p, t, MisfirePolicy.class)); seen |= 1 << 10; }
        case "misfireGrace" -> { b.misfireGrace(duration(p, t)); seen |= 1 << 11; }
        case "catchUpLimit" -> { b.catchUpLimit(integer(p, t)); seen |= 1 << 12; }
        case "retention" -> retention = t == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(duration(p, t));
        case "alertIfSilent" -> b.alertIfSilent(t == JsonToken.VALUE_NULL ? Optional.empty()
            : Optional.of(duration(p, t)));
        case "silenceAlertedAt" -> b.silenceAlertedAt(optInstant(p, t));
        case "status" -> { b.status(enumValue(p, t, TaskStatus.class)); seen |= 1 << 13; }
        case "statusReason" -> statusReason = optStr(p, t);
        case "createdBy" -> { b.createdBy(str(p, t)); seen |= 1 << 14; }
        case "createdAt" -> { b.createdAt(instant(p, t)); seen |= 1 << 15; }
        case "updatedAt" -> { b.updatedAt(instant(p, t)); seen |= 1 << 16; }
        case "nextRun" -> nextRun = optInstant(p, t);
        case "lastWindowEnd" -> lastWindowEnd = optInstant(p, t);
        case "pending" -> pending = t == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(pending(p, t));
        case "stats" -> { b.stats(stats(p, t)); seen |= 1 << 17; }
        case "version" -> version = t == JsonToken.VALUE_NULL ? 0 : lng(p, t);
        // Rare: a task with time options is read by the tree reader.
        case "timeOptions" -> throw Reject.INSTANCE;
        default -> p.skipChildren();
      }
    }
    expect(p.currentToken() == JsonToken.END_OBJECT && seen == (1 << 18) - 1);
    RetryPolicy rp = retry != null ? retry : retryAlias;
    expect(rp != null);
    return b.retryPolicy(rp).retention(retention).statusReason(statusReason).nextRun(nextRun)
        .lastWindowEnd(lastWindowEnd).pending(pending).version(version).build();
  }

  private static List<ChannelId> channels(JsonParser p, JsonToken t) throws IOException, Reject {
    expect(t == JsonToken.START_ARRAY);
    List<ChannelId> out = new ArrayList<>();
    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
      out.add(ChannelId.of(snowflake(p, e)));
    }
    return out;
  }

  private static List<Destination> destinations(JsonParser p, JsonToken t) throws IOException, Reject {
    expect(t == JsonToken.START_ARRAY);
    List<Destination> out = new ArrayList<>();
    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
      expect(e == JsonToken.START_OBJECT);
      DestinationType type = null;
      String target = null;
      DeliveryFormat format = null;
      Boolean enabled = null;
      Optional<String> secretRef = Optional.empty();
      Optional<String> disabledReason = Optional.empty();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "type" -> type = enumValue(p, v, DestinationType.class);
          case "target" -> target = str(p, v);
          case "format" -> format = enumValue(p, v, DeliveryFormat.class);
          case "enabled" -> enabled = bool(v);
          case "secretRef" -> secretRef = optStr(p, v);
          case "disabledReason" -> disabledReason = optStr(p, v);
          default -> p.skipChildren();
        }
      }
      expect(type != null && target != null && format != null && enabled != null);
      out.add(new Destination(type, target, format, enabled, secretRef, disabledReason));
    }
    return out;
  }

  private static SummaryOptions options(JsonParser p, JsonToken t) throws IOException, Reject {
    expect(t == JsonToken.START_OBJECT);
    SummaryLength length = null;
    Boolean includeBots = null;
    Integer min = null;
    Integer max = null;
    Optional<Duration> lookback = Optional.empty();
    Duration maxLookback = null;
    Optional<String> language = Optional.empty();
    SummarizerChoice summarizer = SummarizerChoice.BUILTIN;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "length" -> length = enumValue(p, v, SummaryLength.class);
        case "includeBots" -> includeBots = bool(v);
        case "minMessages" -> min = integer(p, v);
        case "maxMessages" -> max = integer(p, v);
        case "lookback" -> lookback = v == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(duration(p, v));
        case "maxLookback" -> maxLookback = duration(p, v);
        case "language" -> language = optStr(p, v);
        case "summarizer" -> summarizer = enumValue(p, v, SummarizerChoice.class);
        default -> p.skipChildren();
      }
    }
    expect(length != null && includeBots != null && min != null && max != null && maxLookback != null);
    return new SummaryOptions(length, includeBots, min, max, lookback, maxLookback, language, summarizer);
  }

  private static RetryPolicy retryPolicy(JsonParser p, JsonToken t) throws IOException, Reject {
    expect(t == JsonToken.START_OBJECT);
    Integer attempts = null;
    Duration initial = null;
    Double multiplier = null;
    Duration max = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "maxAttempts" -> attempts = integer(p, v);
        case "initialDelay" -> initial = duration(p, v);
        case "multiplier" -> {
          expect(v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT);
          multiplier = p.getDoubleValue();
        }
        case "maxDelay" -> max = duration(p, v);
        default -> p.skipChildren();
      }
    }
    expect(attempts != null && initial != null && multiplier != null && max != null);
    return new RetryPolicy(attempts, initial, multiplier, max);
  }

  private static PendingRun pending(JsonParser p, JsonToken t) throws IOException, Reject {
    expect(t == JsonToken.START_OBJECT);
    Instant scheduledFor = null;
    Integer nextAttempt = null;
    Instant dueAt = null;
    TimeWindow window = null;
    String reason = null;
    boolean backfill = false;
    boolean hasSummary = false;
    String title = null;
    String markdown = null;
    List<String> participants = null;
    Integer messageCount = null;
    Optional<SummaryUsage> usage = Optional.empty();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "scheduledFor" -> scheduledFor = instant(p, v);
        case "nextAttempt" -> nextAttempt = integer(p, v);
        case "dueAt" -> dueAt = instant(p, v);
        case "window" -> window = window(p, v);
        case "reason" -> reason = str(p, v);
        case "backfill" -> backfill = bool(v);
        case "summary" -> {
          if (v == JsonToken.VALUE_NULL) {
            hasSummary = false;
            continue;
          }
          expect(v == JsonToken.START_OBJECT);
          hasSummary = true;
          title = null;
          markdown = null;
          participants = null;
          messageCount = null;
          usage = Optional.empty();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String sn = p.currentName();
            JsonToken sv = p.nextToken();
            switch (sn) {
              case "title" -> title = str(p, sv);
              case "markdown" -> markdown = str(p, sv);
              case "participants" -> participants = strings(p, sv);
              case "messageCount" -> messageCount = integer(p, sv);
              case "usage" -> usage = usage(p, sv);
              default -> p.skipChildren();
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    expect(scheduledFor != null && nextAttempt != null && dueAt != null && window != null && reason != null);
    Optional<Summary> summary = Optional.empty();
    if (hasSummary) {
      expect(title != null && markdown != null && participants != null && messageCount != null);
      summary = Optional.of(new Summary(title, markdown, participants, messageCount, window, usage));
    }
    return new PendingRun(scheduledFor, nextAttempt, dueAt, window, reason, summary, backfill);
  }

  private static TaskStats stats(JsonParser p, JsonToken t) throws IOException, Reject {
    expect(t == JsonToken.START_OBJECT);
    long[] counts = new long[5];
    int seen = 0;
    Integer consecutive = null;
    Long total = null;
    Optional<Instant> lastRun = Optional.empty();
    Optional<Instant> lastSuccess = Optional.empty();
    Optional<Instant> lastFailure = Optional.empty();
    Optional<Instant> lastDelivered = Optional.empty();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "runs" -> { counts[0] = lng(p, v); seen |= 1; }
        case "successes" -> { counts[1] = lng(p, v); seen |= 2; }
        case "failures" -> { counts[2] = lng(p, v); seen |= 4; }
        case "skipped" -> { counts[3] = lng(p, v); seen |= 8; }
        case "missed" -> { counts[4] = lng(p, v); seen |= 16; }
        case "consecutiveFailures" -> consecutive = integer(p, v);
        case "totalDurationMillis" -> total = lng(p, v);
        case "lastRun" -> lastRun = optInstant(p, v);
        case "lastSuccess" -> lastSuccess = optInstant(p, v);
        case "lastFailure" -> lastFailure = optInstant(p, v);
        case "lastDelivered" -> lastDelivered = optInstant(p, v);
        default -> p.skipChildren();
      }
    }
    expect(seen == 31 && consecutive != null && total != null);
    return new TaskStats(counts[0], counts[1], counts[2], counts[3], counts[4], consecutive, total, lastRun,
        lastSuccess, lastFailure, lastDelivered);
  }
}

package org.summarybot.scheduling.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.CleanupCounts;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.DeliveryStatus;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.DurationText;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
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
import org.summarybot.scheduling.model.TimeOptions;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.model.ValidationException;

/**
 * The one JSON form of a task and of an execution record, shared by the file store (task files, history), the
 * export document ({@link ExportDocument}) and the app's {@code --json} output. Field names are stable; optional
 * values are left out when empty; instants are ISO-8601 strings, durations the short form ({@code 90s}, ISO
 * {@code PT5M} when the short form is not exact), snowflakes decimal strings, enums by name. Readers also take
 * the spellings of release 0.1.0's CLI output ({@code retry} for {@code retryPolicy}, names in lower case). The
 * module README describes the form field by field.
 */
public final class TaskJson {
  /**
   * The version of this form, written as {@code schema} by every document that carries it (a task file, a history
   * line, an export document). Version 1 kept a task file's fields at its top level; version 2 is the form of
   * release 0.1.0 and of this one.
   */
  public static final int SCHEMA = 2;

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectReader WHOLE =
      MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final com.fasterxml.jackson.databind.ObjectWriter PRETTY =
      MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT);

  private TaskJson() {}

  /** A new, empty JSON object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Pretty JSON with a final newline: what a person reads and diffs. */
  public static byte[] pretty(JsonNode n) {
    try {
      return (PRETTY.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line of an append-only log, newline included. */
  public static byte[] line(JsonNode n) {
    try {
      return (MAPPER.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The JSON value in {@code bytes}.
   *
   * @throws BadJsonException when it is empty or not JSON; {@code what} names it ("the file")
   */
  public static JsonNode parse(byte[] bytes, String what) {
    return parse(bytes, bytes.length, what);
  }

  /** {@link #parse(byte[], String)} of the first {@code length} bytes of {@code buffer}. */
  public static JsonNode parse(byte[] buffer, int length, String what) {
    try {
      JsonNode n = MAPPER.readTree(buffer, 0, length);
      if (n == null || n.isMissingNode()) {
        throw new BadJsonException(what + " is empty");
      }
      return n;
    } catch (IOException e) {
      throw new BadJsonException(what + " is not valid JSON: " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  // ---------------------------------------------------------------- tasks

  /** The JSON form of {@code t}; its version only {@code withVersion} (an export leaves it out). */
  public static ObjectNode task(ScheduledTask t, boolean withVersion) {
    ObjectNode o = object();
    o.put("id", t.id().value());
    o.put("name", t.name());
    o.put("guild", t.guildId().toString());
    ArrayNode ch = o.putArray("channels");
    t.channelIds().forEach(c -> ch.add(c.toString()));
    o.put("kind", t.kind().name());
    o.put("schedule", t.schedule());
    o.put("zone", t.zone().getId());
    o.set("destinations", destinations(t.destinations()));
    ObjectNode op = o.putObject("options");
    SummaryOptions so = t.options();
    op.put("length", so.length().name());
    op.put("includeBots", so.includeBots());
    op.put("minMessages", so.minMessages());
    op.put("maxMessages", so.maxMessages());
    so.lookback().ifPresent(d -> op.put("lookback", duration(d)));
    op.put("maxLookback", duration(so.maxLookback()));
    so.language().ifPresent(l -> op.put("language", l));
    if (so.summarizer() != SummarizerChoice.BUILTIN) {
      // Left out at its default, so a task of a release without the choice is written as it was.
      op.put("summarizer", so.summarizer().name());
    }
    ObjectNode rp = o.putObject("retryPolicy");
    RetryPolicy r = t.retryPolicy();
    rp.put("maxAttempts", r.maxAttempts());
    rp.put("initialDelay", duration(r.initialDelay()));
    rp.put("multiplier", r.multiplier());
    rp.put("maxDelay", duration(r.maxDelay()));
    o.put("maxConsecutiveFailures", t.maxConsecutiveFailures());
    o.put("misfirePolicy", t.misfirePolicy().name());
    o.put("misfireGrace", duration(t.misfireGrace()));
    o.put("catchUpLimit", t.catchUpLimit());
    if (!t.timeOptions().equals(TimeOptions.DEFAULTS)) {
      o.set("timeOptions", TimeOptionsJson.write(t.timeOptions()));
    }
    t.retention().ifPresent(d -> o.put("retention", duration(d)));
    t.alertIfSilent().ifPresent(d -> o.put("alertIfSilent", duration(d)));
    t.silenceAlertedAt().ifPresent(i -> o.put("silenceAlertedAt", i.toString()));
    o.put("status", t.status().name());
    t.statusReason().ifPresent(s -> o.put("statusReason", s));
    o.put("createdBy", t.createdBy());
    o.put("createdAt", t.createdAt().toString());
    o.put("updatedAt", t.updatedAt().toString());
    t.nextRun().ifPresent(i -> o.put("nextRun", i.toString()));
    t.lastWindowEnd().ifPresent(i -> o.put("lastWindowEnd", i.toString()));
    t.pending().ifPresent(p -> {
      ObjectNode pn = o.putObject("pending");
      pn.put("scheduledFor", p.scheduledFor().toString());
      pn.put("nextAttempt", p.nextAttempt());
      pn.put("dueAt", p.dueAt().toString());
      pn.set("window", window(p.window()));
      pn.put("reason", p.reason());
      if (p.backfill()) {
        pn.put("backfill", true); // absent: not a backfill
      }
      // The summary an earlier attempt made, for the retry to deliver; its window is the pending run's.
      p.summary().ifPresent(sum -> pn.set("summary", summary(sum)));
    });
    ObjectNode st = o.putObject("stats");
    TaskStats s = t.stats();
    st.put("runs", s.runs());
    st.put("successes", s.successes());
    st.put("failures", s.failures());
    st.put("skipped", s.skipped());
    st.put("missed", s.missed());
    st.put("consecutiveFailures", s.consecutiveFailures());
    st.put("totalDurationMillis", s.totalDurationMillis());
    s.lastRun().ifPresent(i -> st.put("lastRun", i.toString()));
    s.lastSuccess().ifPresent(i -> st.put("lastSuccess", i.toString()));
    s.lastFailure().ifPresent(i -> st.put("lastFailure", i.toString()));
    s.lastDelivered().ifPresent(i -> st.put("lastDelivered", i.toString()));
    if (withVersion) {
      o.put("version", t.version());
    }
    return o;
  }

  /**
   * A task from its JSON form; {@code version} is read when present, else 0.
   *
   * @throws BadJsonException naming the first field that is missing, of another type or invalid
   */
  public static ScheduledTask task(JsonIn in) {
    ScheduledTask.Builder b = ScheduledTask.builder();
    b.id(validated(in, "", () -> TaskId.of(in.str("id"))));
    b.name(in.str("name"));
    b.guildId(validated(in, "", () -> GuildId.of(in.snowflake("guild"))));
    List<ChannelId> channels = new ArrayList<>();
    for (long c : in.snowflakes("channels")) {
      channels.add(validated(in, "", () -> ChannelId.of(c)));
    }
    b.channelIds(channels);
    b.kind(in.enumValue("kind", TaskKind.class));
    b.schedule(in.str("schedule"));
    b.zone(in.zone("zone"));
    b.destinations(readDestinations(in.objects("destinations")));
    JsonIn op = in.obj("options");
    b.options(validated(op, "", () -> new SummaryOptions(op.enumValue("length", SummaryLength.class),
        op.bool("includeBots"), op.integer("minMessages"), op.integer("maxMessages"), op.optDuration("lookback"),
        op.duration("maxLookback"), op.optStr("language"),
        op.has("summarizer") ? op.enumValue("summarizer", SummarizerChoice.class) : SummarizerChoice.BUILTIN)));
    JsonIn rp = in.has("retryPolicy") || !in.has("retry") ? in.obj("retryPolicy") : in.obj("retry");
    b.retryPolicy(validated(rp, "", () -> new RetryPolicy(rp.integer("maxAttempts"), rp.duration("initialDelay"),
        rp.dbl("multiplier"), rp.duration("maxDelay"))));
    b.maxConsecutiveFailures(in.integer("maxConsecutiveFailures"));
    b.misfirePolicy(in.enumValue("misfirePolicy", MisfirePolicy.class));
    b.misfireGrace(in.duration("misfireGrace"));
    b.catchUpLimit(in.integer("catchUpLimit"));
    b.timeOptions(in.optObj("timeOptions").map(TimeOptionsJson::read).orElse(TimeOptions.DEFAULTS));
    b.retention(in.optDuration("retention"));
    b.alertIfSilent(in.optDuration("alertIfSilent"));
    b.silenceAlertedAt(in.optInstant("silenceAlertedAt"));
    b.status(in.enumValue("status", TaskStatus.class));
    b.statusReason(in.optStr("statusReason"));
    b.createdBy(in.str("createdBy"));
    b.createdAt(in.instant("createdAt"));
    b.updatedAt(in.instant("updatedAt"));
    b.nextRun(in.optInstant("nextRun"));
    b.lastWindowEnd(in.optInstant("lastWindowEnd"));
    Optional<JsonIn> pn = in.optObj("pending");
    b.pending(pn.map(p -> {
      TimeWindow w = window(p.obj("window"));
      Optional<Summary> summary = p.optObj("summary").map(sn -> summary(sn, w));
      return validated(p, "", () -> new PendingRun(p.instant("scheduledFor"), p.integer("nextAttempt"),
          p.instant("dueAt"), w, p.str("reason"), summary, p.has("backfill") && p.bool("backfill")));
    }));
    JsonIn st = in.obj("stats");
    b.stats(validated(st, "", () -> new TaskStats(st.lng("runs"), st.lng("successes"), st.lng("failures"),
        st.lng("skipped"), st.lng("missed"), st.integer("consecutiveFailures"), st.lng("totalDurationMillis"),
        st.optInstant("lastRun"), st.optInstant("lastSuccess"), st.optInstant("lastFailure"),
        st.optInstant("lastDelivered"))));
    b.version(in.has("version") ? in.lng("version") : 0);
    return validated(in, "", b::build);
  }

  // ---------------------------------------------------------------- history records

  /** The JSON form of an execution record. */
  public static ObjectNode record(ExecutionRecord r) {
    ObjectNode o = object();
    o.put("id", r.id().value());
    o.put("task", r.taskId().value());
    o.put("guild", r.guildId().toString());
    o.put("scheduledFor", r.scheduledFor().toString());
    o.put("startedAt", r.startedAt().toString());
    o.put("finishedAt", r.finishedAt().toString());
    o.put("attempts", r.attempts());
    o.put("outcome", r.outcome().name());
    r.window().ifPresent(w -> o.set("window", window(w)));
    o.put("messageCount", r.messageCount());
    o.set("deliveries", deliveries(r.deliveries()));
    r.errorClass().ifPresent(s -> o.put("errorClass", s));
    r.errorMessage().ifPresent(s -> o.put("errorMessage", s));
    o.put("missedCount", r.missedCount());
    r.missedThrough().ifPresent(i -> o.put("missedThrough", i.toString()));
    r.usage().ifPresent(u -> o.set("usage", usage(u)));
    if (r.excused()) {
      o.put("excused", true);
    }
    // A cleanup's counts; absent on every other record.
    r.removed().ifPresent(c -> o.putObject("removed").put("history", c.history()).put("deliveries", c.deliveries())
        .put("files", c.files()));
    return o;
  }

  /** A summary's usage: {@code inputTokens}, {@code outputTokens}, {@code requests}, {@code costMicros} when priced. */
  static ObjectNode usage(SummaryUsage u) {
    ObjectNode o = object();
    o.put("inputTokens", u.inputTokens());
    o.put("outputTokens", u.outputTokens());
    o.put("requests", u.requests());
    u.costMicros().ifPresent(c -> o.put("costMicros", c));
    return o;
  }

  private static SummaryUsage usage(JsonIn u) {
    return validated(u, "", () -> new SummaryUsage(u.lng("inputTokens"), u.lng("outputTokens"), u.integer("requests"),
        u.has("costMicros") ? Optional.of(u.lng("costMicros")) : Optional.empty()));
  }

  /**
   * An execution record from its JSON form.
   *
   * @throws BadJsonException naming the first field that is missing, of another type or invalid
   */
  public static ExecutionRecord record(JsonIn in) {
    List<DeliveryResult> ds = readDeliveries(in.objects("deliveries"));
    Optional<TimeWindow> w = in.optObj("window").map(TaskJson::window);
    Optional<CleanupCounts> removed = in.optObj("removed").map(c -> validated(c, "", () -> new CleanupCounts(
        c.integer("history"), c.integer("deliveries"), c.integer("files"))));
    return validated(in, "", () -> new ExecutionRecord(new ExecutionId(in.str("id")), TaskId.of(in.str("task")),
        GuildId.of(in.snowflake("guild")), in.instant("scheduledFor"), in.instant("startedAt"),
        in.instant("finishedAt"), in.integer("attempts"), in.enumValue("outcome", ExecutionOutcome.class), w,
        in.integer("messageCount"), ds, in.optStr("errorClass"), in.optStr("errorMessage"),
        in.integer("missedCount"), in.optInstant("missedThrough"), in.optObj("usage").map(TaskJson::usage),
        in.has("excused") && in.bool("excused"), removed));
  }

  // ---------------------------------------------------------------- parts, also stored on their own

  /**
   * A task's destinations alone, as one line of JSON: the array a task holds as {@code destinations} (a SQL
   * store keeps it in a column).
   */
  public static String destinationsJson(List<Destination> ds) {
    return compact(destinations(ds));
  }

  /**
   * The destinations of {@link #destinationsJson}.
   *
   * @throws BadJsonException when {@code text} is not such an array, or holds anything after it
   */
  public static List<Destination> destinationsFromJson(String text) {
    return readDestinations(items(text));
  }

  /** An execution record's delivery results alone, as one line of JSON: its {@code deliveries} array. */
  public static String deliveriesJson(List<DeliveryResult> rs) {
    return compact(deliveries(rs));
  }

  /**
   * The delivery results of {@link #deliveriesJson}.
   *
   * @throws BadJsonException when {@code text} is not such an array, or holds anything after it
   */
  public static List<DeliveryResult> deliveriesFromJson(String text) {
    return readDeliveries(items(text));
  }

  /** A pending run's summary alone, as one line of JSON, without its window (the pending run's). */
  public static String summaryJson(Summary s) {
    return compact(summary(s));
  }

  /**
   * The summary of {@link #summaryJson}, for {@code window}.
   *
   * @throws BadJsonException when {@code text} is not such an object, or holds anything after it
   */
  public static Summary summaryFromJson(String text, TimeWindow window) {
    return summary(new JsonIn(whole(text), ""), window);
  }

  private static ArrayNode destinations(List<Destination> ds) {
    ArrayNode arr = MAPPER.createArrayNode();
    for (Destination d : ds) {
      ObjectNode dn = arr.addObject();
      dn.put("type", d.type().name());
      dn.put("target", d.target());
      dn.put("format", d.format().name());
      dn.put("enabled", d.enabled());
      d.secretRef().ifPresent(s -> dn.put("secretRef", s));
      d.disabledReason().ifPresent(s -> dn.put("disabledReason", s));
    }
    return arr;
  }

  private static List<Destination> readDestinations(List<JsonIn> items) {
    List<Destination> ds = new ArrayList<>();
    for (JsonIn d : items) {
      ds.add(validated(d, "", () -> new Destination(d.enumValue("type", DestinationType.class), d.str("target"),
          d.enumValue("format", DeliveryFormat.class), d.bool("enabled"), d.optStr("secretRef"),
          d.optStr("disabledReason"))));
    }
    return ds;
  }

  private static ArrayNode deliveries(List<DeliveryResult> rs) {
    ArrayNode arr = MAPPER.createArrayNode();
    for (DeliveryResult d : rs) {
      ObjectNode dn = arr.addObject();
      dn.put("destination", d.destination());
      dn.put("status", d.status().name());
      d.error().ifPresent(e -> dn.put("error", e));
    }
    return arr;
  }

  private static List<DeliveryResult> readDeliveries(List<JsonIn> items) {
    List<DeliveryResult> ds = new ArrayList<>();
    for (JsonIn d : items) {
      ds.add(validated(d, "", () -> new DeliveryResult(d.str("destination"),
          d.enumValue("status", DeliveryStatus.class), d.optStr("error"))));
    }
    return ds;
  }

  /** A summary without its window: the window is its pending run's. */
  private static ObjectNode summary(Summary sum) {
    ObjectNode sn = object();
    sn.put("title", sum.title());
    sn.put("markdown", sum.markdown());
    sum.participants().forEach(sn.putArray("participants")::add);
    sn.put("messageCount", sum.messageCount());
    sum.usage().ifPresent(u -> sn.set("usage", usage(u)));
    return sn;
  }

  private static Summary summary(JsonIn sn, TimeWindow w) {
    return validated(sn, "", () -> new Summary(sn.str("title"), sn.str("markdown"), sn.strings("participants"),
        sn.integer("messageCount"), w, sn.optObj("usage").map(TaskJson::usage)));
  }

  private static String compact(JsonNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON value that is the whole of {@code text}: nothing may follow it. */
  private static JsonNode whole(String text) {
    try {
      JsonNode n = WHOLE.readTree(text);
      if (n == null || n.isMissingNode()) {
        throw new BadJsonException("the text is empty");
      }
      return n;
    } catch (IOException e) {
      throw new BadJsonException("the text is not valid JSON: " + firstLine(e.getMessage()), e);
    }
  }

  /** The objects of the array that is the whole of {@code text}. */
  private static List<JsonIn> items(String text) {
    JsonNode n = whole(text);
    if (!n.isArray()) {
      throw new BadJsonException("the text is not a JSON array");
    }
    List<JsonIn> out = new ArrayList<>();
    int i = 0;
    for (JsonNode item : n) {
      out.add(new JsonIn(item, "[" + i++ + "]"));
    }
    return out;
  }

  // ---------------------------------------------------------------- helpers

  private static ObjectNode window(TimeWindow w) {
    ObjectNode o = object();
    o.put("from", w.from().toString());
    o.put("to", w.to().toString());
    return o;
  }

  private static TimeWindow window(JsonIn in) {
    return validated(in, "", () -> TimeWindow.of(in.instant("from"), in.instant("to")));
  }

  /** The short form when it is exact, else ISO-8601; both parse back to the same duration. */
  public static String duration(Duration d) {
    String s = DurationText.format(d);
    return DurationText.parse(s, "duration").equals(d) ? s : d.toString();
  }

  /** Runs a constructor; its validation problems become a {@link BadJsonException} naming the fields. */
  static <T> T validated(JsonIn in, String field, Supplier<T> make) {
    try {
      return make.get();
    } catch (ValidationException e) {
      String prefix = in.field(field);
      throw new BadJsonException(e.problems().stream()
          .map(p -> (prefix.isEmpty() ? p.field() : p.field().isEmpty() ? prefix : prefix + "." + p.field())
              + ": " + p.message())
          .collect(Collectors.joining("; ")));
    } catch (IllegalArgumentException e) {
      throw new BadJsonException(in.where(field) + e.getMessage());
    }
  }
}

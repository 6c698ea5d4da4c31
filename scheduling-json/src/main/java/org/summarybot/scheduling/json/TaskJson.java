package org.summarybot.scheduling.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DurationText;
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
 *
 * <p>This class writes and reads a task; {@link RecordJson} an execution record; {@link PartsJson} the parts both
 * are built from that are also stored on their own (destinations, delivery results, a summary, a usage, a window).
 */
public final class TaskJson {
  /**
   * The version of this form, written as {@code schema} by every document that carries it (a task file, a history
   * line, an export document). Version 1 kept a task file's fields at its top level; version 2 is the form of
   * release 0.1.0 and of this one.
   */
  public static final int SCHEMA = 2;

  static final ObjectMapper MAPPER = new ObjectMapper();
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

  /** The first line of an error message: Jackson adds the source and location on lines of their own. */
  static String firstLine(String s) {
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
    o.set("destinations", PartsJson.destinations(t.destinations()));
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
      pn.set("window", PartsJson.window(p.window()));
      pn.put("reason", p.reason());
      if (p.backfill()) {
        pn.put("backfill", true); // absent: not a backfill
      }
      // The summary an earlier attempt made, for the retry to deliver; its window is the pending run's.
      p.summary().ifPresent(sum -> pn.set("summary", PartsJson.summary(sum)));
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
    b.destinations(PartsJson.readDestinations(in.objects("destinations")));
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
      TimeWindow w = PartsJson.window(p.obj("window"));
      Optional<Summary> summary = p.optObj("summary").map(sn -> PartsJson.summary(sn, w));
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
    return RecordJson.write(r);
  }

  /**
   * An execution record from its JSON form.
   *
   * @throws BadJsonException naming the first field that is missing, of another type or invalid
   */
  public static ExecutionRecord record(JsonIn in) {
    return RecordJson.read(in);
  }

  // ---------------------------------------------------------------- parts, also stored on their own

  /**
   * A task's destinations alone, as one line of JSON: the array a task holds as {@code destinations} (a SQL
   * store keeps it in a column).
   */
  public static String destinationsJson(List<Destination> ds) {
    return PartsJson.compact(PartsJson.destinations(ds));
  }

  /**
   * The destinations of {@link #destinationsJson}.
   *
   * @throws BadJsonException when {@code text} is not such an array, or holds anything after it
   */
  public static List<Destination> destinationsFromJson(String text) {
    return PartsJson.readDestinations(PartsJson.items(text));
  }

  /** An execution record's delivery results alone, as one line of JSON: its {@code deliveries} array. */
  public static String deliveriesJson(List<DeliveryResult> rs) {
    return PartsJson.compact(PartsJson.deliveries(rs));
  }

  /**
   * The delivery results of {@link #deliveriesJson}.
   *
   * @throws BadJsonException when {@code text} is not such an array, or holds anything after it
   */
  public static List<DeliveryResult> deliveriesFromJson(String text) {
    return PartsJson.readDeliveries(PartsJson.items(text));
  }

  /** A pending run's summary alone, as one line of JSON, without its window (the pending run's). */
  public static String summaryJson(Summary s) {
    return PartsJson.compact(PartsJson.summary(s));
  }

  /**
   * The summary of {@link #summaryJson}, for {@code window}.
   *
   * @throws BadJsonException when {@code text} is not such an object, or holds anything after it
   */
  public static Summary summaryFromJson(String text, TimeWindow window) {
    return PartsJson.summary(new JsonIn(PartsJson.whole(text), ""), window);
  }

  // ---------------------------------------------------------------- helpers

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

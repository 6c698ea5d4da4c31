package org.summarybot.scheduling.persistence.file;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.DeliveryStatus;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.MisfirePolicy;
import org.summarybot.scheduling.model.PendingRun;
import org.summarybot.scheduling.model.RetryPolicy;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SummaryLength;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskKind;
import org.summarybot.scheduling.model.TaskStats;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.TimeWindow;

/**
 * A fast path for reading a current-schema task file: one pass of a small strict JSON scanner straight into the
 * task, without a JSON tree (opening a store decodes 100,000 files, most of it before the JIT has compiled
 * anything; a small scanner warms up much sooner than a general parser). It only ever accepts; it never judges. Anything it does not expect (another schema,
 * a missing field, a null, a value of another JSON type, a number out of range, a value the model refuses, bytes
 * after the object, malformed JSON) makes {@link #decode} return null, and the caller then reads the file the
 * old way ({@link Codec#task(JsonIn)} over a tree), which accepts or rejects it and words the reason. So the set
 * of files that load, the tasks they give and the reasons for quarantine are those of the tree reader; this
 * class only makes the common, well-formed file cheaper.
 *
 * <p>The scanner takes a strict subset of what Jackson takes: RFC 8259 JSON (no comments, no leading zeros, no
 * unescaped control characters, whole-file UTF-8), integers of at most 18 digits, nesting up to 32 levels;
 * anything else gives up. Same semantics as the tree reader where both accept: unknown fields are ignored, a field given twice
 * counts with its last value (an object or array given twice is replaced whole), fields may come in any order.
 */
final class TaskFileDecoder {
  /** Thrown inside the decoder to give up; never leaves this class. */
  private static final class NotFast extends Exception {
    private static final NotFast INSTANCE = new NotFast();

    private NotFast() {
      super(null, null, false, false);
    }
  }

  /** A task file's content. */
  record Decoded(ScheduledTask task, long leaseEpoch, List<ExecutionRecord> recent) {}

  private TaskFileDecoder() {}

  /** The content of a schema-{@value FileTaskStore#SCHEMA} task file, or null: read it with the tree reader. */
  static Decoded decode(byte[] bytes) {
    return decode(bytes, bytes.length);
  }

  /** {@link #decode(byte[])} of {@code bytes[0, length)}. */
  static Decoded decode(byte[] bytes, int length) {
    try {
      Scan p = new Scan(bytes, length);
      Decoded d = root(p);
      return p.next() == Tok.EOF ? d : null;
    } catch (NotFast | RuntimeException e) {
      return null;
    }
  }

  private static Decoded root(Scan p) throws NotFast {
    expect(p.next(), Tok.START_OBJECT);
    Integer schema = null;
    Long epoch = null;
    ScheduledTask task = null;
    List<ExecutionRecord> recent = List.of();
    while (p.next() == Tok.NAME) {
      String f = p.text();
      Tok v = p.next();
      switch (f) {
        case "schema" -> schema = integer(p, v);
        case "leaseEpoch" -> epoch = lng(p, v);
        case "task" -> task = task(p, v);
        case "recent" -> {
          expect(v, Tok.START_ARRAY);
          List<ExecutionRecord> rs = new ArrayList<>();
          while ((v = p.next()) != Tok.END_ARRAY) {
            rs.add(record(p, v));
          }
          recent = rs;
        }
        default -> skip(p, v);
      }
    }
    if (schema == null || schema != FileTaskStore.SCHEMA || epoch == null || task == null) {
      throw NotFast.INSTANCE;
    }
    return new Decoded(task, epoch, recent);
  }

  // Required fields of a task, one bit each.
  private static final int ID = 1;
  private static final int NAME = 1 << 1;
  private static final int GUILD = 1 << 2;
  private static final int CHANNELS = 1 << 3;
  private static final int KIND = 1 << 4;
  private static final int SCHEDULE = 1 << 5;
  private static final int ZONE = 1 << 6;
  private static final int DESTINATIONS = 1 << 7;
  private static final int OPTIONS = 1 << 8;
  private static final int RETRY = 1 << 9;
  private static final int MAX_FAILURES = 1 << 10;
  private static final int MISFIRE_POLICY = 1 << 11;
  private static final int MISFIRE_GRACE = 1 << 12;
  private static final int CATCH_UP = 1 << 13;
  private static final int STATUS = 1 << 14;
  private static final int CREATED_BY = 1 << 15;
  private static final int CREATED_AT = 1 << 16;
  private static final int UPDATED_AT = 1 << 17;
  private static final int STATS = 1 << 18;
  private static final int ALL_TASK_FIELDS = (1 << 19) - 1;

  private static ScheduledTask task(Scan p, Tok start) throws NotFast {
    expect(start, Tok.START_OBJECT);
    ScheduledTask.Builder b = ScheduledTask.builder();
    // Optional fields: absent means empty, as in the tree reader; the builder's defaults are never relied on.
    b.retention(Optional.empty()).statusReason(Optional.empty()).nextRun(Optional.empty())
        .lastWindowEnd(Optional.empty()).pending(Optional.empty()).version(0);
    int seen = 0;
    while (p.next() == Tok.NAME) {
      String f = p.text();
      Tok v = p.next();
      switch (f) {
        case "id" -> {
          b.id(TaskId.of(str(p, v)));
          seen |= ID;
        }
        case "name" -> {
          b.name(str(p, v));
          seen |= NAME;
        }
        case "guild" -> {
          b.guildId(GuildId.of(snowflake(p, v)));
          seen |= GUILD;
        }
        case "channels" -> {
          expect(v, Tok.START_ARRAY);
          List<ChannelId> cs = new ArrayList<>(1);
          while ((v = p.next()) != Tok.END_ARRAY) {
            cs.add(ChannelId.of(snowflake(p, v)));
          }
          b.channelIds(cs);
          seen |= CHANNELS;
        }
        case "kind" -> {
          b.kind(Enum.valueOf(TaskKind.class, str(p, v)));
          seen |= KIND;
        }
        case "schedule" -> {
          b.schedule(str(p, v));
          seen |= SCHEDULE;
        }
        case "zone" -> {
          b.zone(zone(p, v));
          seen |= ZONE;
        }
        case "destinations" -> {
          expect(v, Tok.START_ARRAY);
          List<Destination> ds = new ArrayList<>(1);
          while ((v = p.next()) != Tok.END_ARRAY) {
            ds.add(destination(p, v));
          }
          b.destinations(ds);
          seen |= DESTINATIONS;
        }
        case "options" -> {
          b.options(options(p, v));
          seen |= OPTIONS;
        }
        case "retryPolicy" -> {
          b.retryPolicy(retryPolicy(p, v));
          seen |= RETRY;
        }
        case "maxConsecutiveFailures" -> {
          b.maxConsecutiveFailures(integer(p, v));
          seen |= MAX_FAILURES;
        }
        case "misfirePolicy" -> {
          b.misfirePolicy(Enum.valueOf(MisfirePolicy.class, str(p, v)));
          seen |= MISFIRE_POLICY;
        }
        case "misfireGrace" -> {
          b.misfireGrace(duration(p, v));
          seen |= MISFIRE_GRACE;
        }
        case "catchUpLimit" -> {
          b.catchUpLimit(integer(p, v));
          seen |= CATCH_UP;
        }
        case "retention" -> b.retention(Optional.of(duration(p, v)));
        case "status" -> {
          b.status(Enum.valueOf(TaskStatus.class, str(p, v)));
          seen |= STATUS;
        }
        case "statusReason" -> b.statusReason(Optional.of(str(p, v)));
        case "createdBy" -> {
          b.createdBy(str(p, v));
          seen |= CREATED_BY;
        }
        case "createdAt" -> {
          b.createdAt(instant(p, v));
          seen |= CREATED_AT;
        }
        case "updatedAt" -> {
          b.updatedAt(instant(p, v));
          seen |= UPDATED_AT;
        }
        case "nextRun" -> b.nextRun(Optional.of(instant(p, v)));
        case "lastWindowEnd" -> b.lastWindowEnd(Optional.of(instant(p, v)));
        case "pending" -> b.pending(Optional.of(pending(p, v)));
        case "stats" -> {
          b.stats(stats(p, v));
          seen |= STATS;
        }
        case "version" -> b.version(lng(p, v));
        default -> skip(p, v);
      }
    }
    if (seen != ALL_TASK_FIELDS) {
      throw NotFast.INSTANCE;
    }
    return b.build();
  }

  private static Destination destination(Scan p, Tok start) throws NotFast {
    expect(start, Tok.START_OBJECT);
    DestinationType type = null;
    String target = null;
    DeliveryFormat format = null;
    Boolean enabled = null;
    Optional<String> secretRef = Optional.empty();
    Optional<String> disabledReason = Optional.empty();
    while (p.next() == Tok.NAME) {
      String f = p.text();
      Tok v = p.next();
      switch (f) {
        case "type" -> type = Enum.valueOf(DestinationType.class, str(p, v));
        case "target" -> target = str(p, v);
        case "format" -> format = Enum.valueOf(DeliveryFormat.class, str(p, v));
        case "enabled" -> enabled = bool(v);
        case "secretRef" -> secretRef = Optional.of(str(p, v));
        case "disabledReason" -> disabledReason = Optional.of(str(p, v));
        default -> skip(p, v);
      }
    }
    return new Destination(present(type), present(target), present(format), present(enabled), secretRef,
        disabledReason);
  }

  private static SummaryOptions options(Scan p, Tok start) throws NotFast {
    expect(start, Tok.START_OBJECT);
    SummaryLength length = null;
    Boolean includeBots = null;
    Integer minMessages = null;
    Integer maxMessages = null;
    Optional<Duration> lookback = Optional.empty();
    Duration maxLookback = null;
    while (p.next() == Tok.NAME) {
      String f = p.text();
      Tok v = p.next();
      switch (f) {
        case "length" -> length = Enum.valueOf(SummaryLength.class, str(p, v));
        case "includeBots" -> includeBots = bool(v);
        case "minMessages" -> minMessages = integer(p, v);
        case "maxMessages" -> maxMessages = integer(p, v);
        case "lookback" -> lookback = Optional.of(duration(p, v));
        case "maxLookback" -> maxLookback = duration(p, v);
        default -> skip(p, v);
      }
    }
    return new SummaryOptions(present(length), present(includeBots), present(minMessages), present(maxMessages),
        lookback, present(maxLookback));
  }

  private static RetryPolicy retryPolicy(Scan p, Tok start) throws NotFast {
    expect(start, Tok.START_OBJECT);
    Integer maxAttempts = null;
    Duration initialDelay = null;
    Double multiplier = null;
    Duration maxDelay = null;
    while (p.next() == Tok.NAME) {
      String f = p.text();
      Tok v = p.next();
      switch (f) {
        case "maxAttempts" -> maxAttempts = integer(p, v);
        case "initialDelay" -> initialDelay = duration(p, v);
        case "multiplier" -> multiplier = dbl(p, v);
        case "maxDelay" -> maxDelay = duration(p, v);
        default -> skip(p, v);
      }
    }
    return new RetryPolicy(present(maxAttempts), present(initialDelay), present(multiplier), present(maxDelay));
  }

  private static PendingRun pending(Scan p, Tok start) throws NotFast {
    expect(start, Tok.START_OBJECT);
    Instant scheduledFor = null;
    Integer nextAttempt = null;
    Instant dueAt = null;
    TimeWindow window = null;
    String reason = null;
    while (p.next() == Tok.NAME) {
      String f = p.text();
      Tok v = p.next();
      switch (f) {
        case "scheduledFor" -> scheduledFor = instant(p, v);
        case "nextAttempt" -> nextAttempt = integer(p, v);
        case "dueAt" -> dueAt = instant(p, v);
        case "window" -> window = window(p, v);
        case "reason" -> reason = str(p, v);
        default -> skip(p, v);
      }
    }
    return new PendingRun(present(scheduledFor), present(nextAttempt), present(dueAt), present(window),
        present(reason));
  }

  private static TaskStats stats(Scan p, Tok start) throws NotFast {
    expect(start, Tok.START_OBJECT);
    Long runs = null;
    Long successes = null;
    Long failures = null;
    Long skipped = null;
    Long missed = null;
    Integer consecutiveFailures = null;
    Long totalDurationMillis = null;
    Optional<Instant> lastRun = Optional.empty();
    Optional<Instant> lastSuccess = Optional.empty();
    Optional<Instant> lastFailure = Optional.empty();
    while (p.next() == Tok.NAME) {
      String f = p.text();
      Tok v = p.next();
      switch (f) {
        case "runs" -> runs = lng(p, v);
        case "successes" -> successes = lng(p, v);
        case "failures" -> failures = lng(p, v);
        case "skipped" -> skipped = lng(p, v);
        case "missed" -> missed = lng(p, v);
        case "consecutiveFailures" -> consecutiveFailures = integer(p, v);
        case "totalDurationMillis" -> totalDurationMillis = lng(p, v);
        case "lastRun" -> lastRun = Optional.of(instant(p, v));
        case "lastSuccess" -> lastSuccess = Optional.of(instant(p, v));
        case "lastFailure" -> lastFailure = Optional.of(instant(p, v));
        default -> skip(p, v);
      }
    }
    return new TaskStats(present(runs), present(successes), present(failures), present(skipped), present(missed),
        present(consecutiveFailures), present(totalDurationMillis), lastRun, lastSuccess, lastFailure);
  }

  private static TimeWindow window(Scan p, Tok start) throws NotFast {
    expect(start, Tok.START_OBJECT);
    Instant from = null;
    Instant to = null;
    while (p.next() == Tok.NAME) {
      String f = p.text();
      Tok v = p.next();
      switch (f) {
        case "from" -> from = instant(p, v);
        case "to" -> to = instant(p, v);
        default -> skip(p, v);
      }
    }
    return TimeWindow.of(present(from), present(to));
  }

  private static ExecutionRecord record(Scan p, Tok start) throws NotFast {
    expect(start, Tok.START_OBJECT);
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
    while (p.next() == Tok.NAME) {
      String f = p.text();
      Tok v = p.next();
      switch (f) {
        case "id" -> id = str(p, v);
        case "task" -> task = str(p, v);
        case "guild" -> guild = snowflake(p, v);
        case "scheduledFor" -> scheduledFor = instant(p, v);
        case "startedAt" -> startedAt = instant(p, v);
        case "finishedAt" -> finishedAt = instant(p, v);
        case "attempts" -> attempts = integer(p, v);
        case "outcome" -> outcome = Enum.valueOf(ExecutionOutcome.class, str(p, v));
        case "window" -> window = Optional.of(window(p, v));
        case "messageCount" -> messageCount = integer(p, v);
        case "deliveries" -> {
          expect(v, Tok.START_ARRAY);
          List<DeliveryResult> ds = new ArrayList<>();
          while ((v = p.next()) != Tok.END_ARRAY) {
            ds.add(deliveryResult(p, v));
          }
          deliveries = ds;
        }
        case "errorClass" -> errorClass = Optional.of(str(p, v));
        case "errorMessage" -> errorMessage = Optional.of(str(p, v));
        case "missedCount" -> missedCount = integer(p, v);
        case "missedThrough" -> missedThrough = Optional.of(instant(p, v));
        default -> skip(p, v);
      }
    }
    return new ExecutionRecord(new ExecutionId(present(id)), TaskId.of(present(task)), GuildId.of(present(guild)),
        present(scheduledFor), present(startedAt), present(finishedAt), present(attempts), present(outcome), window,
        present(messageCount), present(deliveries), errorClass, errorMessage, present(missedCount), missedThrough);
  }

  private static DeliveryResult deliveryResult(Scan p, Tok start) throws NotFast {
    expect(start, Tok.START_OBJECT);
    String destination = null;
    DeliveryStatus status = null;
    Optional<String> error = Optional.empty();
    while (p.next() == Tok.NAME) {
      String f = p.text();
      Tok v = p.next();
      switch (f) {
        case "destination" -> destination = str(p, v);
        case "status" -> status = Enum.valueOf(DeliveryStatus.class, str(p, v));
        case "error" -> error = Optional.of(str(p, v));
        default -> skip(p, v);
      }
    }
    return new DeliveryResult(present(destination), present(status), error);
  }

  // ---------------------------------------------------------------- values; anything unexpected gives up

  private static <T> T present(T value) throws NotFast {
    if (value == null) {
      throw NotFast.INSTANCE;
    }
    return value;
  }

  private static void expect(Tok actual, Tok wanted) throws NotFast {
    if (actual != wanted) {
      throw NotFast.INSTANCE;
    }
  }

  private static void skip(Scan p, Tok v) throws NotFast {
    if (v == Tok.START_OBJECT || v == Tok.START_ARRAY) {
      p.skipChildren();
    }
  }

  private static String str(Scan p, Tok v) throws NotFast {
    expect(v, Tok.STRING);
    return p.text();
  }

  private static int integer(Scan p, Tok v) throws NotFast {
    long n = lng(p, v);
    if (n != (int) n) {
      throw NotFast.INSTANCE;
    }
    return (int) n;
  }

  private static long lng(Scan p, Tok v) throws NotFast {
    expect(v, Tok.INT);
    return p.longValue();
  }

  private static double dbl(Scan p, Tok v) throws NotFast {
    if (v == Tok.INT) {
      return p.longValue();
    }
    expect(v, Tok.FLOAT);
    double d = Double.parseDouble(p.text());
    if (!Double.isFinite(d)) {
      throw NotFast.INSTANCE;
    }
    return d;
  }

  private static boolean bool(Tok v) throws NotFast {
    if (v == Tok.TRUE) {
      return true;
    }
    expect(v, Tok.FALSE);
    return false;
  }

  /** A snowflake as a decimal string or a JSON integer, as the tree reader takes it. */
  private static long snowflake(Scan p, Tok v) throws NotFast {
    if (v == Tok.STRING) {
      return Long.parseLong(p.text().strip()); // NumberFormatException: give up
    }
    return lng(p, v);
  }

  private static Instant instant(Scan p, Tok v) throws NotFast {
    String s = str(p, v);
    Instant fast = JsonIn.canonicalInstant(s);
    return fast != null ? fast : Instant.parse(s); // DateTimeException: give up
  }

  private static Duration duration(Scan p, Tok v) throws NotFast {
    return present(JsonIn.durationOrNull(str(p, v)));
  }

  private static ZoneId zone(Scan p, Tok v) throws NotFast {
    return present(JsonIn.zoneOrNull(str(p, v)));
  }

  // ---------------------------------------------------------------- the scanner

  enum Tok { START_OBJECT, END_OBJECT, START_ARRAY, END_ARRAY, NAME, STRING, INT, FLOAT, TRUE, FALSE, NULL, EOF }

  /** A strict pull scanner over UTF-8 JSON bytes; throws {@link NotFast} on anything it does not take. */
  static final class Scan {
    private static final int VALUE = 0; // a value must come: at the start, after ':'
    private static final int OPENED_OBJECT = 1; // a name or '}'
    private static final int OPENED_ARRAY = 2; // a value or ']'
    private static final int AFTER_NAME = 3; // ':' then a value
    private static final int AFTER_VALUE = 4; // ',' or the closing bracket, or the end at depth 0
    private static final int MAX_DEPTH = 32;
    private static final int MAX_DIGITS = 18;
    /** The field names of the format; a name not here (or colliding in the table) is simply read as a string. */
    private static final String[] NAMES = {"schema", "leaseEpoch", "task", "recent", "id", "name", "guild",
        "channels", "kind", "schedule", "zone", "destinations", "options", "retryPolicy", "maxConsecutiveFailures",
        "misfirePolicy", "misfireGrace", "catchUpLimit", "retention", "status", "statusReason", "createdBy",
        "createdAt", "updatedAt", "nextRun", "lastWindowEnd", "pending", "stats", "version", "type", "target",
        "format", "enabled", "secretRef", "disabledReason", "length", "includeBots", "minMessages", "maxMessages",
        "lookback", "maxLookback", "maxAttempts", "initialDelay", "multiplier", "maxDelay", "scheduledFor",
        "nextAttempt", "dueAt", "window", "reason", "runs", "successes", "failures", "skipped", "missed",
        "consecutiveFailures", "totalDurationMillis", "lastRun", "lastSuccess", "lastFailure", "from", "to",
        "startedAt", "finishedAt", "attempts", "outcome", "messageCount", "deliveries", "errorClass",
        "errorMessage", "missedCount", "missedThrough", "destination", "error"};
    private static final String[] NAME_TABLE = new String[1024];

    static {
      for (String n : NAMES) {
        int slot = n.hashCode() & (NAME_TABLE.length - 1);
        if (NAME_TABLE[slot] == null) {
          NAME_TABLE[slot] = n; // on a collision the later name takes the slow way; still correct
        }
      }
    }

    private final byte[] b;
    private final int end;
    private int pos;
    private int state = VALUE;
    private final boolean[] inObject = new boolean[MAX_DEPTH];
    private int depth;
    private String text;
    private long number;
    private char[] chars = new char[64];

    Scan(byte[] bytes, int length) {
      this.b = bytes;
      this.end = length;
    }

    /** The name of a NAME, the value of a STRING, the literal of a FLOAT. */
    String text() {
      return text;
    }

    /** The value of an INT. */
    long longValue() {
      return number;
    }

    Tok next() throws NotFast {
      skipWhitespace();
      switch (state) {
        case VALUE:
          return value();
        case OPENED_OBJECT:
          if (peek() == '}') {
            return close();
          }
          return name();
        case OPENED_ARRAY:
          if (peek() == ']') {
            return close();
          }
          return value();
        case AFTER_NAME:
          if (peek() != ':') {
            throw NotFast.INSTANCE;
          }
          pos++;
          skipWhitespace();
          return value();
        default: // AFTER_VALUE
          if (depth == 0) {
            if (pos < end) {
              throw NotFast.INSTANCE;
            }
            return Tok.EOF;
          }
          byte c = peek();
          if (c == ',') {
            pos++;
            skipWhitespace();
            return inObject[depth - 1] ? name() : value();
          }
          if (c == (inObject[depth - 1] ? '}' : ']')) {
            return close();
          }
          throw NotFast.INSTANCE;
      }
    }

    /** After START_OBJECT or START_ARRAY: skips to the matching end. */
    void skipChildren() throws NotFast {
      int open = 1;
      while (open > 0) {
        Tok t = next();
        if (t == Tok.START_OBJECT || t == Tok.START_ARRAY) {
          open++;
        } else if (t == Tok.END_OBJECT || t == Tok.END_ARRAY) {
          open--;
        }
      }
    }

    private byte peek() throws NotFast {
      if (pos >= end) {
        throw NotFast.INSTANCE;
      }
      return b[pos];
    }

    private void skipWhitespace() {
      while (pos < end) {
        byte c = b[pos];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          return;
        }
        pos++;
      }
    }

    private Tok close() {
      pos++;
      Tok t = inObject[--depth] ? Tok.END_OBJECT : Tok.END_ARRAY;
      state = AFTER_VALUE;
      return t;
    }

    private Tok open(boolean object) throws NotFast {
      if (depth == MAX_DEPTH) {
        throw NotFast.INSTANCE;
      }
      pos++;
      inObject[depth++] = object;
      state = object ? OPENED_OBJECT : OPENED_ARRAY;
      return object ? Tok.START_OBJECT : Tok.START_ARRAY;
    }

    private Tok name() throws NotFast {
      if (peek() != '"') {
        throw NotFast.INSTANCE;
      }
      String known = knownName();
      text = known != null ? known : string();
      state = AFTER_NAME;
      return Tok.NAME;
    }

    /**
     * When the name at {@code pos} (its opening quote) is one of {@link #NAMES} written plainly, that constant
     * (its hash already computed), past its closing quote; else null with nothing consumed.
     */
    private String knownName() {
      int h = 0;
      int i = pos + 1;
      while (i < end) {
        byte c = b[i];
        if (c == '"') {
          break;
        }
        if (c == '\\' || c < 0x20) {
          return null;
        }
        h = 31 * h + c;
        i++;
      }
      if (i >= end) {
        return null;
      }
      String k = NAME_TABLE[h & (NAME_TABLE.length - 1)];
      int len = i - pos - 1;
      if (k == null || k.length() != len) {
        return null;
      }
      for (int j = 0; j < len; j++) {
        if (k.charAt(j) != b[pos + 1 + j]) {
          return null;
        }
      }
      pos = i + 1;
      return k;
    }

    private Tok value() throws NotFast {
      byte c = peek();
      switch (c) {
        case '{':
          return open(true);
        case '[':
          return open(false);
        case '"':
          text = string();
          state = AFTER_VALUE;
          return Tok.STRING;
        case 't':
          return literal("true", Tok.TRUE);
        case 'f':
          return literal("false", Tok.FALSE);
        case 'n':
          return literal("null", Tok.NULL);
        default:
          return number();
      }
    }

    private Tok literal(String word, Tok t) throws NotFast {
      if (pos + word.length() > end) {
        throw NotFast.INSTANCE;
      }
      for (int i = 0; i < word.length(); i++) {
        if (b[pos + i] != word.charAt(i)) {
          throw NotFast.INSTANCE;
        }
      }
      pos += word.length();
      state = AFTER_VALUE;
      return t;
    }

    /** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? as RFC 8259 has it; the next byte is checked by the caller. */
    private Tok number() throws NotFast {
      int start = pos;
      boolean negative = peekIs('-');
      if (negative) {
        pos++;
      }
      int intStart = pos;
      long v = 0;
      while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
        v = v * 10 + (b[pos] - '0');
        pos++;
      }
      int digits = pos - intStart;
      if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && b[intStart] == '0')) {
        throw NotFast.INSTANCE;
      }
      boolean isFloat = false;
      if (peekIs('.')) {
        pos++;
        isFloat = true;
        requireDigits();
      }
      if (peekIs('e') || peekIs('E')) {
        pos++;
        isFloat = true;
        if (peekIs('+') || peekIs('-')) {
          pos++;
        }
        requireDigits();
      }
      state = AFTER_VALUE;
      if (isFloat) {
        if (pos - start > 64) {
          throw NotFast.INSTANCE;
        }
        text = new String(b, start, pos - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        return Tok.FLOAT;
      }
      number = negative ? -v : v;
      return Tok.INT;
    }

    private boolean peekIs(char c) {
      return pos < end && b[pos] == c;
    }

    private void requireDigits() throws NotFast {
      int from = pos;
      while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
        pos++;
      }
      if (pos == from) {
        throw NotFast.INSTANCE;
      }
    }

    /** A string from its opening quote; escapes as RFC 8259 has them, non-ASCII bytes must be valid UTF-8. */
    private String string() throws NotFast {
      int start = ++pos;
      // The common case: ASCII without escapes, one copy.
      while (pos < end) {
        byte c = b[pos];
        if (c == '"') {
          pos++;
          return new String(b, start, pos - 1 - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        if (c == '\\' || c < 0x20) { // a backslash, a control character or (negative) a non-ASCII byte
          break;
        }
        pos++;
      }
      pos = start;
      int n = 0;
      int utf8From = -1;
      while (true) {
        byte c = peek();
        if (c == '"') {
          pos++;
          break;
        }
        if (n + 2 > chars.length) {
          chars = java.util.Arrays.copyOf(chars, chars.length * 2);
        }
        if (c == '\\') {
          pos++;
          byte e = peek();
          pos++;
          switch (e) {
            case '"' -> chars[n++] = '"';
            case '\\' -> chars[n++] = '\\';
            case '/' -> chars[n++] = '/';
            case 'b' -> chars[n++] = '\b';
            case 'f' -> chars[n++] = '\f';
            case 'n' -> chars[n++] = '\n';
            case 'r' -> chars[n++] = '\r';
            case 't' -> chars[n++] = '\t';
            case 'u' -> {
              int u = 0;
              for (int i = 0; i < 4; i++) {
                int h = Character.digit(peek(), 16);
                if (h < 0) {
                  throw NotFast.INSTANCE;
                }
                u = u * 16 + h;
                pos++;
              }
              chars[n++] = (char) u;
            }
            default -> throw NotFast.INSTANCE;
          }
        } else if (c >= 0x20) {
          chars[n++] = (char) c;
          pos++;
        } else if (c < 0) {
          // A run of non-ASCII bytes: decoded strictly (malformed or overlong UTF-8 gives up).
          utf8From = pos;
          while (pos < end && b[pos] < 0) {
            pos++;
          }
          String s = utf8(utf8From, pos);
          if (n + s.length() > chars.length) {
            chars = java.util.Arrays.copyOf(chars, Math.max(chars.length * 2, n + s.length() + 2));
          }
          s.getChars(0, s.length(), chars, n);
          n += s.length();
        } else {
          throw NotFast.INSTANCE; // an unescaped control character
        }
      }
      return new String(chars, 0, n);
    }

    private String utf8(int from, int to) throws NotFast {
      try {
        return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
            .decode(java.nio.ByteBuffer.wrap(b, from, to - from)).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw NotFast.INSTANCE;
      }
    }
  }
}

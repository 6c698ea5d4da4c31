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
      return p.atEnd() ? d : null;
    } catch (NotFast | RuntimeException e) {
      return null;
    }
  }

  private static Decoded root(Scan p) throws NotFast {
    p.beginObject();
    Integer schema = null;
    Long epoch = null;
    ScheduledTask task = null;
    List<ExecutionRecord> recent = List.of();
    for (int f = p.firstField(); f != Scan.END; f = p.nextField()) {
      switch (f) {
        case F_SCHEMA -> schema = integer(p);
        case F_LEASE_EPOCH -> epoch = p.lng();
        case F_TASK -> task = task(p);
        case F_RECENT -> {
          p.beginArray();
          List<ExecutionRecord> rs = new ArrayList<>();
          for (boolean more = p.firstElement(); more; more = p.nextElement()) {
            rs.add(record(p));
          }
          recent = rs;
        }
        default -> p.skipValue();
      }
    }
    if (schema == null || schema != FileTaskStore.SCHEMA || epoch == null || task == null) {
      throw NotFast.INSTANCE;
    }
    return new Decoded(task, epoch, recent);
  }

  // The field names of the format, each a number for the switches (Scan.OTHER for any other name).
  private static final int F_SCHEMA = 1;
  private static final int F_LEASE_EPOCH = 2;
  private static final int F_TASK = 3;
  private static final int F_RECENT = 4;
  private static final int F_ID = 5;
  private static final int F_NAME = 6;
  private static final int F_GUILD = 7;
  private static final int F_CHANNELS = 8;
  private static final int F_KIND = 9;
  private static final int F_SCHEDULE = 10;
  private static final int F_ZONE = 11;
  private static final int F_DESTINATIONS = 12;
  private static final int F_OPTIONS = 13;
  private static final int F_RETRY_POLICY = 14;
  private static final int F_MAX_CONSECUTIVE_FAILURES = 15;
  private static final int F_MISFIRE_POLICY = 16;
  private static final int F_MISFIRE_GRACE = 17;
  private static final int F_CATCH_UP_LIMIT = 18;
  private static final int F_RETENTION = 19;
  private static final int F_STATUS = 20;
  private static final int F_STATUS_REASON = 21;
  private static final int F_CREATED_BY = 22;
  private static final int F_CREATED_AT = 23;
  private static final int F_UPDATED_AT = 24;
  private static final int F_NEXT_RUN = 25;
  private static final int F_LAST_WINDOW_END = 26;
  private static final int F_PENDING = 27;
  private static final int F_STATS = 28;
  private static final int F_VERSION = 29;
  private static final int F_TYPE = 30;
  private static final int F_TARGET = 31;
  private static final int F_FORMAT = 32;
  private static final int F_ENABLED = 33;
  private static final int F_SECRET_REF = 34;
  private static final int F_DISABLED_REASON = 35;
  private static final int F_LENGTH = 36;
  private static final int F_INCLUDE_BOTS = 37;
  private static final int F_MIN_MESSAGES = 38;
  private static final int F_MAX_MESSAGES = 39;
  private static final int F_LOOKBACK = 40;
  private static final int F_MAX_LOOKBACK = 41;
  private static final int F_MAX_ATTEMPTS = 42;
  private static final int F_INITIAL_DELAY = 43;
  private static final int F_MULTIPLIER = 44;
  private static final int F_MAX_DELAY = 45;
  private static final int F_SCHEDULED_FOR = 46;
  private static final int F_NEXT_ATTEMPT = 47;
  private static final int F_DUE_AT = 48;
  private static final int F_WINDOW = 49;
  private static final int F_REASON = 50;
  private static final int F_RUNS = 51;
  private static final int F_SUCCESSES = 52;
  private static final int F_FAILURES = 53;
  private static final int F_SKIPPED = 54;
  private static final int F_MISSED = 55;
  private static final int F_CONSECUTIVE_FAILURES = 56;
  private static final int F_TOTAL_DURATION_MILLIS = 57;
  private static final int F_LAST_RUN = 58;
  private static final int F_LAST_SUCCESS = 59;
  private static final int F_LAST_FAILURE = 60;
  private static final int F_FROM = 61;
  private static final int F_TO = 62;
  private static final int F_STARTED_AT = 63;
  private static final int F_FINISHED_AT = 64;
  private static final int F_ATTEMPTS = 65;
  private static final int F_OUTCOME = 66;
  private static final int F_MESSAGE_COUNT = 67;
  private static final int F_DELIVERIES = 68;
  private static final int F_ERROR_CLASS = 69;
  private static final int F_ERROR_MESSAGE = 70;
  private static final int F_MISSED_COUNT = 71;
  private static final int F_MISSED_THROUGH = 72;
  private static final int F_DESTINATION = 73;
  private static final int F_ERROR = 74;
  private static final int F_SUMMARY = 75;
  /** The names by their number. */
  static final String[] NAMES = {
      null, "schema", "leaseEpoch", "task", "recent", "id", "name", "guild", "channels", "kind", "schedule",
      "zone", "destinations", "options", "retryPolicy", "maxConsecutiveFailures", "misfirePolicy",
      "misfireGrace", "catchUpLimit", "retention", "status", "statusReason", "createdBy", "createdAt",
      "updatedAt", "nextRun", "lastWindowEnd", "pending", "stats", "version", "type", "target", "format",
      "enabled", "secretRef", "disabledReason", "length", "includeBots", "minMessages", "maxMessages",
      "lookback", "maxLookback", "maxAttempts", "initialDelay", "multiplier", "maxDelay", "scheduledFor",
      "nextAttempt", "dueAt", "window", "reason", "runs", "successes", "failures", "skipped", "missed",
      "consecutiveFailures", "totalDurationMillis", "lastRun", "lastSuccess", "lastFailure", "from", "to",
      "startedAt", "finishedAt", "attempts", "outcome", "messageCount", "deliveries", "errorClass",
      "errorMessage", "missedCount", "missedThrough", "destination", "error", "summary"};

  // Required fields of a task, one bit each.
  private static final int HAS_ID = 1;
  private static final int HAS_NAME = 1 << 1;
  private static final int HAS_GUILD = 1 << 2;
  private static final int HAS_CHANNELS = 1 << 3;
  private static final int HAS_KIND = 1 << 4;
  private static final int HAS_SCHEDULE = 1 << 5;
  private static final int HAS_ZONE = 1 << 6;
  private static final int HAS_DESTINATIONS = 1 << 7;
  private static final int HAS_OPTIONS = 1 << 8;
  private static final int HAS_RETRY = 1 << 9;
  private static final int HAS_MAX_FAILURES = 1 << 10;
  private static final int HAS_MISFIRE_POLICY = 1 << 11;
  private static final int HAS_MISFIRE_GRACE = 1 << 12;
  private static final int HAS_CATCH_UP = 1 << 13;
  private static final int HAS_STATUS = 1 << 14;
  private static final int HAS_CREATED_BY = 1 << 15;
  private static final int HAS_CREATED_AT = 1 << 16;
  private static final int HAS_UPDATED_AT = 1 << 17;
  private static final int HAS_STATS = 1 << 18;
  private static final int ALL_TASK_FIELDS = (1 << 19) - 1;

  private static ScheduledTask task(Scan p) throws NotFast {
    p.beginObject();
    ScheduledTask.Builder b = ScheduledTask.builder();
    // Optional fields: absent means empty, as in the tree reader; the builder's defaults are never relied on.
    b.retention(Optional.empty()).statusReason(Optional.empty()).nextRun(Optional.empty())
        .lastWindowEnd(Optional.empty()).pending(Optional.empty()).version(0);
    int seen = 0;
    for (int f = p.firstField(); f != Scan.END; f = p.nextField()) {
      switch (f) {
        case F_ID -> {
          b.id(TaskId.of(p.str()));
          seen |= HAS_ID;
        }
        case F_NAME -> {
          b.name(p.str());
          seen |= HAS_NAME;
        }
        case F_GUILD -> {
          b.guildId(GuildId.of(snowflake(p)));
          seen |= HAS_GUILD;
        }
        case F_CHANNELS -> {
          p.beginArray();
          List<ChannelId> cs = new ArrayList<>(1);
          for (boolean more = p.firstElement(); more; more = p.nextElement()) {
            cs.add(ChannelId.of(snowflake(p)));
          }
          b.channelIds(cs);
          seen |= HAS_CHANNELS;
        }
        case F_KIND -> {
          b.kind(p.constant(KINDS));
          seen |= HAS_KIND;
        }
        case F_SCHEDULE -> {
          b.schedule(p.str());
          seen |= HAS_SCHEDULE;
        }
        case F_ZONE -> {
          b.zone(zone(p));
          seen |= HAS_ZONE;
        }
        case F_DESTINATIONS -> {
          p.beginArray();
          List<Destination> ds = new ArrayList<>(1);
          for (boolean more = p.firstElement(); more; more = p.nextElement()) {
            ds.add(destination(p));
          }
          b.destinations(ds);
          seen |= HAS_DESTINATIONS;
        }
        case F_OPTIONS -> {
          b.options(options(p));
          seen |= HAS_OPTIONS;
        }
        case F_RETRY_POLICY -> {
          b.retryPolicy(retryPolicy(p));
          seen |= HAS_RETRY;
        }
        case F_MAX_CONSECUTIVE_FAILURES -> {
          b.maxConsecutiveFailures(integer(p));
          seen |= HAS_MAX_FAILURES;
        }
        case F_MISFIRE_POLICY -> {
          b.misfirePolicy(p.constant(MISFIRE_POLICIES));
          seen |= HAS_MISFIRE_POLICY;
        }
        case F_MISFIRE_GRACE -> {
          b.misfireGrace(duration(p));
          seen |= HAS_MISFIRE_GRACE;
        }
        case F_CATCH_UP_LIMIT -> {
          b.catchUpLimit(integer(p));
          seen |= HAS_CATCH_UP;
        }
        case F_RETENTION -> b.retention(Optional.of(duration(p)));
        case F_STATUS -> {
          b.status(p.constant(TASK_STATUSES));
          seen |= HAS_STATUS;
        }
        case F_STATUS_REASON -> b.statusReason(Optional.of(p.str()));
        case F_CREATED_BY -> {
          b.createdBy(p.str());
          seen |= HAS_CREATED_BY;
        }
        case F_CREATED_AT -> {
          b.createdAt(instant(p));
          seen |= HAS_CREATED_AT;
        }
        case F_UPDATED_AT -> {
          b.updatedAt(instant(p));
          seen |= HAS_UPDATED_AT;
        }
        case F_NEXT_RUN -> b.nextRun(Optional.of(instant(p)));
        case F_LAST_WINDOW_END -> b.lastWindowEnd(Optional.of(instant(p)));
        case F_PENDING -> b.pending(Optional.of(pending(p)));
        case F_STATS -> {
          b.stats(stats(p));
          seen |= HAS_STATS;
        }
        case F_VERSION -> b.version(p.lng());
        default -> p.skipValue();
      }
    }
    if (seen != ALL_TASK_FIELDS) {
      throw NotFast.INSTANCE;
    }
    return b.build();
  }

  private static Destination destination(Scan p) throws NotFast {
    p.beginObject();
    DestinationType type = null;
    String target = null;
    DeliveryFormat format = null;
    Boolean enabled = null;
    Optional<String> secretRef = Optional.empty();
    Optional<String> disabledReason = Optional.empty();
    for (int f = p.firstField(); f != Scan.END; f = p.nextField()) {
      switch (f) {
        case F_TYPE -> type = p.constant(DESTINATION_TYPES);
        case F_TARGET -> target = p.str();
        case F_FORMAT -> format = p.constant(DELIVERY_FORMATS);
        case F_ENABLED -> enabled = p.bool();
        case F_SECRET_REF -> secretRef = Optional.of(p.str());
        case F_DISABLED_REASON -> disabledReason = Optional.of(p.str());
        default -> p.skipValue();
      }
    }
    return new Destination(present(type), present(target), present(format), present(enabled), secretRef,
        disabledReason);
  }

  private static SummaryOptions options(Scan p) throws NotFast {
    p.beginObject();
    SummaryLength length = null;
    Boolean includeBots = null;
    Integer minMessages = null;
    Integer maxMessages = null;
    Optional<Duration> lookback = Optional.empty();
    Duration maxLookback = null;
    for (int f = p.firstField(); f != Scan.END; f = p.nextField()) {
      switch (f) {
        case F_LENGTH -> length = p.constant(LENGTHS);
        case F_INCLUDE_BOTS -> includeBots = p.bool();
        case F_MIN_MESSAGES -> minMessages = integer(p);
        case F_MAX_MESSAGES -> maxMessages = integer(p);
        case F_LOOKBACK -> lookback = Optional.of(duration(p));
        case F_MAX_LOOKBACK -> maxLookback = duration(p);
        default -> p.skipValue();
      }
    }
    return new SummaryOptions(present(length), present(includeBots), present(minMessages), present(maxMessages),
        lookback, present(maxLookback));
  }

  private static RetryPolicy retryPolicy(Scan p) throws NotFast {
    p.beginObject();
    Integer maxAttempts = null;
    Duration initialDelay = null;
    Double multiplier = null;
    Duration maxDelay = null;
    for (int f = p.firstField(); f != Scan.END; f = p.nextField()) {
      switch (f) {
        case F_MAX_ATTEMPTS -> maxAttempts = integer(p);
        case F_INITIAL_DELAY -> initialDelay = duration(p);
        case F_MULTIPLIER -> multiplier = p.dbl();
        case F_MAX_DELAY -> maxDelay = duration(p);
        default -> p.skipValue();
      }
    }
    return new RetryPolicy(present(maxAttempts), present(initialDelay), present(multiplier), present(maxDelay));
  }

  private static PendingRun pending(Scan p) throws NotFast {
    p.beginObject();
    Instant scheduledFor = null;
    Integer nextAttempt = null;
    Instant dueAt = null;
    TimeWindow window = null;
    String reason = null;
    for (int f = p.firstField(); f != Scan.END; f = p.nextField()) {
      switch (f) {
        case F_SCHEDULED_FOR -> scheduledFor = instant(p);
        case F_NEXT_ATTEMPT -> nextAttempt = integer(p);
        case F_DUE_AT -> dueAt = instant(p);
        case F_WINDOW -> window = window(p);
        case F_REASON -> reason = p.str();
        // A retry's stored summary: rare (only while a retry waits), so the tree reader takes such a file.
        case F_SUMMARY -> throw NotFast.INSTANCE;
        default -> p.skipValue();
      }
    }
    return new PendingRun(present(scheduledFor), present(nextAttempt), present(dueAt), present(window),
        present(reason));
  }

  private static TaskStats stats(Scan p) throws NotFast {
    p.beginObject();
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
    for (int f = p.firstField(); f != Scan.END; f = p.nextField()) {
      switch (f) {
        case F_RUNS -> runs = p.lng();
        case F_SUCCESSES -> successes = p.lng();
        case F_FAILURES -> failures = p.lng();
        case F_SKIPPED -> skipped = p.lng();
        case F_MISSED -> missed = p.lng();
        case F_CONSECUTIVE_FAILURES -> consecutiveFailures = integer(p);
        case F_TOTAL_DURATION_MILLIS -> totalDurationMillis = p.lng();
        case F_LAST_RUN -> lastRun = Optional.of(instant(p));
        case F_LAST_SUCCESS -> lastSuccess = Optional.of(instant(p));
        case F_LAST_FAILURE -> lastFailure = Optional.of(instant(p));
        default -> p.skipValue();
      }
    }
    return new TaskStats(present(runs), present(successes), present(failures), present(skipped), present(missed),
        present(consecutiveFailures), present(totalDurationMillis), lastRun, lastSuccess, lastFailure);
  }

  private static TimeWindow window(Scan p) throws NotFast {
    p.beginObject();
    Instant from = null;
    Instant to = null;
    for (int f = p.firstField(); f != Scan.END; f = p.nextField()) {
      switch (f) {
        case F_FROM -> from = instant(p);
        case F_TO -> to = instant(p);
        default -> p.skipValue();
      }
    }
    return TimeWindow.of(present(from), present(to));
  }

  private static ExecutionRecord record(Scan p) throws NotFast {
    p.beginObject();
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
    for (int f = p.firstField(); f != Scan.END; f = p.nextField()) {
      switch (f) {
        case F_ID -> id = p.str();
        case F_TASK -> task = p.str();
        case F_GUILD -> guild = snowflake(p);
        case F_SCHEDULED_FOR -> scheduledFor = instant(p);
        case F_STARTED_AT -> startedAt = instant(p);
        case F_FINISHED_AT -> finishedAt = instant(p);
        case F_ATTEMPTS -> attempts = integer(p);
        case F_OUTCOME -> outcome = p.constant(OUTCOMES);
        case F_WINDOW -> window = Optional.of(window(p));
        case F_MESSAGE_COUNT -> messageCount = integer(p);
        case F_DELIVERIES -> {
          p.beginArray();
          List<DeliveryResult> ds = new ArrayList<>();
          for (boolean more = p.firstElement(); more; more = p.nextElement()) {
            ds.add(deliveryResult(p));
          }
          deliveries = ds;
        }
        case F_ERROR_CLASS -> errorClass = Optional.of(p.str());
        case F_ERROR_MESSAGE -> errorMessage = Optional.of(p.str());
        case F_MISSED_COUNT -> missedCount = integer(p);
        case F_MISSED_THROUGH -> missedThrough = Optional.of(instant(p));
        default -> p.skipValue();
      }
    }
    return new ExecutionRecord(new ExecutionId(present(id)), TaskId.of(present(task)), GuildId.of(present(guild)),
        present(scheduledFor), present(startedAt), present(finishedAt), present(attempts), present(outcome), window,
        present(messageCount), present(deliveries), errorClass, errorMessage, present(missedCount), missedThrough);
  }

  private static DeliveryResult deliveryResult(Scan p) throws NotFast {
    p.beginObject();
    String destination = null;
    DeliveryStatus status = null;
    Optional<String> error = Optional.empty();
    for (int f = p.firstField(); f != Scan.END; f = p.nextField()) {
      switch (f) {
        case F_DESTINATION -> destination = p.str();
        case F_STATUS -> status = p.constant(DELIVERY_STATUSES);
        case F_ERROR -> error = Optional.of(p.str());
        default -> p.skipValue();
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

  private static int integer(Scan p) throws NotFast {
    long n = p.lng();
    if (n != (int) n) {
      throw NotFast.INSTANCE;
    }
    return (int) n;
  }

  // The enum constants by the bytes of their names.
  private static final Names<TaskKind> KINDS = new Names<>(TaskKind.values());
  private static final Names<MisfirePolicy> MISFIRE_POLICIES = new Names<>(MisfirePolicy.values());
  private static final Names<TaskStatus> TASK_STATUSES = new Names<>(TaskStatus.values());
  private static final Names<DestinationType> DESTINATION_TYPES = new Names<>(DestinationType.values());
  private static final Names<DeliveryFormat> DELIVERY_FORMATS = new Names<>(DeliveryFormat.values());
  private static final Names<SummaryLength> LENGTHS = new Names<>(SummaryLength.values());
  private static final Names<ExecutionOutcome> OUTCOMES = new Names<>(ExecutionOutcome.values());
  private static final Names<DeliveryStatus> DELIVERY_STATUSES = new Names<>(DeliveryStatus.values());

  /** The constants of one enum with their names as bytes, to find one without making a string. */
  static final class Names<E extends Enum<E>> {
    final E[] constants;
    final byte[][] names;

    Names(E[] constants) {
      this.constants = constants;
      this.names = new byte[constants.length][];
      for (int i = 0; i < constants.length; i++) {
        names[i] = constants[i].name().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      }
    }
  }

  /** A snowflake as a decimal string or a JSON integer, as the tree reader takes it. */
  private static long snowflake(Scan p) throws NotFast {
    if (p.atString()) {
      if (p.plainString()) {
        long v = p.plainDigits();
        if (v >= 0) {
          return v;
        }
        return Long.parseLong(p.plainText().strip()); // NumberFormatException: give up
      }
      return Long.parseLong(p.str().strip()); // NumberFormatException: give up
    }
    return p.lng();
  }

  private static Instant instant(Scan p) throws NotFast {
    if (p.plainString()) {
      Instant fast = p.plainInstant();
      return fast != null ? fast : Instant.parse(p.plainText()); // DateTimeException: give up
    }
    String s = p.str();
    Instant fast = JsonIn.canonicalInstant(s);
    return fast != null ? fast : Instant.parse(s); // DateTimeException: give up
  }

  private static Duration duration(Scan p) throws NotFast {
    return present(JsonIn.durationOrNull(p.str()));
  }

  private static ZoneId zone(Scan p) throws NotFast {
    return present(JsonIn.zoneOrNull(p.str()));
  }

  // ---------------------------------------------------------------- the scanner

  /**
   * A strict recursive-descent reader over UTF-8 JSON bytes: the decoder says what it expects next (an object,
   * a field, a string, ...) and the reader checks exactly that, throwing {@link NotFast} on anything else. Each
   * entry point is small and specific, so the JIT compiles the decoder quickly (most files of an open are read
   * while it is still compiling).
   */
  static final class Scan {
    /** What {@link #firstField} and {@link #nextField} return at the end of an object. */
    static final int END = -1;
    /** The number of a field name that is not one of {@link #NAMES}. */
    static final int OTHER = 0;
    private static final int MAX_DEPTH = 32;
    private static final int MAX_DIGITS = 18;
    /** Field names by hash, for names written plainly; a name not here (or colliding) takes the slow way. */
    private static final byte[][] NAME_BYTES = new byte[1024][];
    private static final int[] NAME_IDS = new int[1024];
    private static final java.util.Map<String, Integer> IDS;

    static {
      java.util.Map<String, Integer> ids = new java.util.HashMap<>();
      for (int id = 1; id < NAMES.length; id++) {
        String n = NAMES[id];
        ids.put(n, id);
        int h = 0;
        for (int i = 0; i < n.length(); i++) {
          h = 31 * h + n.charAt(i);
        }
        int slot = h & (NAME_BYTES.length - 1);
        if (NAME_BYTES[slot] == null) {
          NAME_BYTES[slot] = n.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
          NAME_IDS[slot] = id;
        }
      }
      IDS = java.util.Map.copyOf(ids);
    }

    private final byte[] b;
    private final int end;
    private int pos;
    private int depth;
    private char[] chars;

    Scan(byte[] bytes, int length) {
      this.b = bytes;
      this.end = length;
    }

    /** Skips whitespace; the next byte (0-255, not consumed), or -1 at the end. */
    private int peek() {
      int i = pos;
      while (i < end) {
        int c = b[i] & 0xFF;
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          pos = i;
          return c;
        }
        i++;
      }
      pos = i;
      return -1;
    }

    /** Whether only whitespace is left. */
    boolean atEnd() {
      return peek() == -1;
    }

    private void open() throws NotFast {
      if (depth == MAX_DEPTH) {
        throw NotFast.INSTANCE;
      }
      depth++;
      pos++;
    }

    private void close() {
      depth--;
      pos++;
    }

    void beginObject() throws NotFast {
      if (peek() != '{') {
        throw NotFast.INSTANCE;
      }
      open();
    }

    /** After {@link #beginObject}: the number of the first field's name, its ':' read; or END after '}'. */
    int firstField() throws NotFast {
      if (peek() == '}') {
        close();
        return END;
      }
      return field();
    }

    /** After a field's value: the number of the next field's name, its ':' read; or END after '}'. */
    int nextField() throws NotFast {
      int c = peek();
      if (c == '}') {
        close();
        return END;
      }
      if (c != ',') {
        throw NotFast.INSTANCE;
      }
      pos++;
      return field();
    }

    private int field() throws NotFast {
      if (peek() != '"') {
        throw NotFast.INSTANCE;
      }
      int id = knownName();
      if (id < 0) {
        Integer known = IDS.get(string());
        id = known != null ? known : OTHER;
      }
      if (peek() != ':') {
        throw NotFast.INSTANCE;
      }
      pos++;
      return id;
    }

    /**
     * When the name at {@code pos} (its opening quote) is one of {@link #NAMES} written plainly, its number,
     * past its closing quote; else -1 with nothing consumed.
     */
    private int knownName() {
      int h = 0;
      int i = pos + 1;
      while (i < end) {
        byte c = b[i];
        if (c == '"') {
          break;
        }
        if (c == '\\' || c < 0x20) {
          return -1;
        }
        h = 31 * h + c;
        i++;
      }
      if (i >= end) {
        return -1;
      }
      int slot = h & (NAME_BYTES.length - 1);
      byte[] k = NAME_BYTES[slot];
      int len = i - pos - 1;
      if (k == null || k.length != len || !java.util.Arrays.equals(k, 0, len, b, pos + 1, i)) {
        return -1;
      }
      pos = i + 1;
      return NAME_IDS[slot];
    }

    void beginArray() throws NotFast {
      if (peek() != '[') {
        throw NotFast.INSTANCE;
      }
      open();
    }

    /** After {@link #beginArray}: whether an element comes (else the ']' is read). */
    boolean firstElement() {
      if (peek() == ']') {
        close();
        return false;
      }
      return true;
    }

    /** After an element: whether another one comes (its ',' read; else the ']' is read). */
    boolean nextElement() throws NotFast {
      int c = peek();
      if (c == ']') {
        close();
        return false;
      }
      if (c != ',') {
        throw NotFast.INSTANCE;
      }
      pos++;
      return true;
    }

    /** Whether the next value is a string. */
    boolean atString() {
      return peek() == '"';
    }

    String str() throws NotFast {
      if (peek() != '"') {
        throw NotFast.INSTANCE;
      }
      return string();
    }

    private int plainFrom;
    private int plainTo;

    /**
     * When the next value is a string of printable ASCII without escapes, reads it (its bytes are then
     * {@link #plainText}, {@link #plainDigits}, ...) and returns true; false for any other string, with nothing
     * read. Throws when the next value is no string.
     */
    boolean plainString() throws NotFast {
      if (peek() != '"') {
        throw NotFast.INSTANCE;
      }
      for (int i = pos + 1; i < end; i++) {
        byte c = b[i];
        if (c == '"') {
          plainFrom = pos + 1;
          plainTo = i;
          pos = i + 1;
          return true;
        }
        if (c == '\\' || c < 0x20) {
          return false;
        }
      }
      return false;
    }

    /** The last plain string. */
    String plainText() {
      return plainTo == plainFrom ? "" : new String(b, plainFrom, plainTo - plainFrom,
          java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The last plain string as a number when it is 1 to {@value #MAX_DIGITS} ASCII digits only; else -1. */
    long plainDigits() {
      int n = plainTo - plainFrom;
      if (n == 0 || n > MAX_DIGITS) {
        return -1;
      }
      long v = 0;
      for (int i = plainFrom; i < plainTo; i++) {
        int c = b[i];
        if (c < '0' || c > '9') {
          return -1;
        }
        v = v * 10 + (c - '0');
      }
      return v;
    }

    /** The last plain string as an instant in the form {@link Instant#toString} writes, else null. */
    Instant plainInstant() {
      return JsonIn.canonicalInstant(b, plainFrom, plainTo);
    }

    /** The constant of {@code names} that the next value (a string) names; gives up on any other value. */
    <E extends Enum<E>> E constant(Names<E> names) throws NotFast {
      if (!plainString()) {
        // Escapes or non-ASCII: no constant name has them written so, but the tree reader decodes them first.
        String s = str();
        for (E e : names.constants) {
          if (e.name().equals(s)) {
            return e;
          }
        }
        throw NotFast.INSTANCE;
      }
      int n = plainTo - plainFrom;
      for (int i = 0; i < names.names.length; i++) {
        byte[] k = names.names[i];
        if (k.length == n && java.util.Arrays.equals(k, 0, n, b, plainFrom, plainTo)) {
          return names.constants[i];
        }
      }
      throw NotFast.INSTANCE;
    }

    boolean bool() throws NotFast {
      int c = peek();
      if (c == 't') {
        literal("true");
        return true;
      }
      if (c == 'f') {
        literal("false");
        return false;
      }
      throw NotFast.INSTANCE;
    }

    /** An integer (no fraction or exponent) of at most {@value #MAX_DIGITS} digits. */
    long lng() throws NotFast {
      peek();
      boolean negative = pos < end && b[pos] == '-';
      if (negative) {
        pos++;
      }
      long v = digits();
      int c = pos < end ? b[pos] : -1;
      if (c == '.' || c == 'e' || c == 'E') {
        throw NotFast.INSTANCE; // a JSON float, not an integer
      }
      return negative ? -v : v;
    }

    /** Any JSON number as a double; a finite one only. */
    double dbl() throws NotFast {
      peek();
      int start = pos;
      boolean negative = pos < end && b[pos] == '-';
      if (negative) {
        pos++;
      }
      long v = digits();
      if (!fraction()) {
        return negative ? -v : v;
      }
      if (pos - start > 64) {
        throw NotFast.INSTANCE;
      }
      double d = Double.parseDouble(new String(b, start, pos - start, java.nio.charset.StandardCharsets.ISO_8859_1));
      if (!Double.isFinite(d)) {
        throw NotFast.INSTANCE;
      }
      return d;
    }

    /** 0|[1-9][0-9]* of at most {@value #MAX_DIGITS} digits, as RFC 8259 has it. */
    private long digits() throws NotFast {
      int from = pos;
      long v = 0;
      while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
        v = v * 10 + (b[pos] - '0');
        pos++;
      }
      int n = pos - from;
      if (n == 0 || n > MAX_DIGITS || (n > 1 && b[from] == '0')) {
        throw NotFast.INSTANCE;
      }
      return v;
    }

    /** After the integer part: (.[0-9]+)?([eE][+-]?[0-9]+)?; whether there was either. */
    private boolean fraction() throws NotFast {
      boolean any = false;
      if (pos < end && b[pos] == '.') {
        pos++;
        any = true;
        requireDigits();
      }
      if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
        pos++;
        any = true;
        if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
          pos++;
        }
        requireDigits();
      }
      return any;
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

    /** Skips one value of any kind, checking it as strictly as the rest. */
    void skipValue() throws NotFast {
      int c = peek();
      switch (c) {
        case '{' -> {
          open();
          for (int f = firstField(); f != END; f = nextField()) {
            skipValue();
          }
        }
        case '[' -> {
          open();
          for (boolean more = firstElement(); more; more = nextElement()) {
            skipValue();
          }
        }
        case '"' -> string();
        case 't' -> literal("true");
        case 'f' -> literal("false");
        case 'n' -> literal("null");
        default -> {
          if (c == '-') {
            pos++;
          }
          digits();
          fraction();
        }
      }
    }

    private void literal(String word) throws NotFast {
      if (pos + word.length() > end) {
        throw NotFast.INSTANCE;
      }
      for (int i = 0; i < word.length(); i++) {
        if (b[pos + i] != word.charAt(i)) {
          throw NotFast.INSTANCE;
        }
      }
      pos += word.length();
    }

    /** A string from its opening quote; escapes as RFC 8259 has them, non-ASCII bytes must be valid UTF-8. */
    private String string() throws NotFast {
      int start = ++pos;
      // The common case: ASCII without escapes, one copy.
      while (pos < end) {
        byte c = b[pos];
        if (c == '"') {
          pos++;
          return pos - 1 == start ? ""
              : new String(b, start, pos - 1 - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        if (c == '\\' || c < 0x20) { // a backslash, a control character or (negative) a non-ASCII byte
          break;
        }
        pos++;
      }
      pos = start;
      return escapedString();
    }

    private String escapedString() throws NotFast {
      if (chars == null) {
        chars = new char[64];
      }
      int n = 0;
      while (true) {
        if (pos >= end) {
          throw NotFast.INSTANCE;
        }
        byte c = b[pos];
        if (c == '"') {
          pos++;
          break;
        }
        if (n + 2 > chars.length) {
          chars = java.util.Arrays.copyOf(chars, chars.length * 2);
        }
        if (c == '\\') {
          pos++;
          if (pos >= end) {
            throw NotFast.INSTANCE;
          }
          byte e = b[pos];
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
                if (pos >= end) {
                  throw NotFast.INSTANCE;
                }
                int h = Character.digit(b[pos], 16);
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
          int from = pos;
          while (pos < end && b[pos] < 0) {
            pos++;
          }
          String s = utf8(from, pos);
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

package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.summarybot.scheduling.model.Problems;

/**
 * A scheduled task: what to summarise, when, where to deliver it, how to handle failure and downtime, and its
 * persisted state (status, next run, end of the last successful window, pending run, stats, version).
 *
 * <p>Immutable; change it with {@link #toBuilder()}. The constructor checks every field and reports all
 * problems at once in a {@link org.summarybot.scheduling.model.ValidationException}. It does not parse the schedule
 * text: that is the {@code TriggerFactory}'s job, done when a task is created or changed.
 *
 * @param schedule the schedule in its text form ({@code daily 09:00}, {@code 0 0 9 ? * MON-FRI}, ...)
 * @param zone the zone in which the schedule's wall-clock times are read
 * @param misfireGrace a fire starting later than this after its time is late and handled by {@code misfirePolicy}
 * @param catchUpLimit under {@code CATCH_UP_ALL}, at most this many missed fires are run; older ones are recorded as missed
 * @param guildId the guild whose task this is, or {@link GuildId#OPERATOR} for a cleanup spanning every guild
 * @param timeOptions bounds, run limit, skip dates, jitter and DST policy of the schedule
 * @param retention for {@code CLEANUP} tasks, history older than this is pruned (of the task's guild, or of every
 *     guild for an operator task)
 * @param nextRun the next regular fire time; empty when the schedule has no more fires
 * @param lastWindowEnd the end of the last window summarised successfully; the next window starts there
 * @param pending an unfinished execution (a retry waiting, or a run-now) that comes before {@code nextRun}
 * @param alertIfSilent when the task has delivered nothing for this long (failures, empty windows, no scheduler
 *     running), the notifier is told, once, and again when it delivers
 * @param silenceAlertedAt when the notifier was told the task is silent; empty while it is not (or was told it
 *     recovered). Kept with the task so every node and restart tells each change once.
 * @param version optimistic-concurrency version; 0 before the task is first stored
 */
public record ScheduledTask(
    TaskId id,
    String name,
    GuildId guildId,
    List<ChannelId> channelIds,
    TaskKind kind,
    String schedule,
    ZoneId zone,
    List<Destination> destinations,
    SummaryOptions options,
    RetryPolicy retryPolicy,
    int maxConsecutiveFailures,
    MisfirePolicy misfirePolicy,
    Duration misfireGrace,
    int catchUpLimit,
    TimeOptions timeOptions,
    Optional<Duration> retention,
    TaskStatus status,
    Optional<String> statusReason,
    String createdBy,
    Instant createdAt,
    Instant updatedAt,
    Optional<Instant> nextRun,
    Optional<Instant> lastWindowEnd,
    Optional<PendingRun> pending,
    TaskStats stats,
    Optional<Duration> alertIfSilent,
    Optional<Instant> silenceAlertedAt,
    long version) {

  public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 5;
  public static final Duration DEFAULT_MISFIRE_GRACE = Duration.ofMinutes(5);
  public static final int DEFAULT_CATCH_UP_LIMIT = 10;
  /** The zone of a task that names none. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

  public ScheduledTask {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(guildId, "guildId");
    requireNonNull(kind, "kind");
    requireNonNull(schedule, "schedule");
    requireNonNull(zone, "zone");
    requireNonNull(options, "options");
    requireNonNull(retryPolicy, "retryPolicy");
    requireNonNull(misfirePolicy, "misfirePolicy");
    requireNonNull(misfireGrace, "misfireGrace");
    requireNonNull(timeOptions, "timeOptions");
    requireNonNull(retention, "retention");
    requireNonNull(status, "status");
    requireNonNull(statusReason, "statusReason");
    requireNonNull(createdBy, "createdBy");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(updatedAt, "updatedAt");
    requireNonNull(nextRun, "nextRun");
    requireNonNull(lastWindowEnd, "lastWindowEnd");
    requireNonNull(pending, "pending");
    requireNonNull(stats, "stats");
    requireNonNull(alertIfSilent, "alertIfSilent");
    requireNonNull(silenceAlertedAt, "silenceAlertedAt");
    channelIds = List.copyOf(channelIds);
    destinations = List.copyOf(destinations);
    name = name.strip();
    schedule = schedule.strip();

    // Tasks are rebuilt on every completion: check the common valid case without building messages, and
    // only on a failure collect every problem with its message.
    boolean valid = !name.isEmpty() && name.length() <= Limits.TASK_NAME_LENGTH && !schedule.isEmpty()
        && (kind == TaskKind.SUMMARY ? !channelIds.isEmpty() && !destinations.isEmpty() : retention.isPresent())
        && channelIds.size() <= 1 && destinations.size() <= 1
        && maxConsecutiveFailures >= 1 && maxConsecutiveFailures <= Limits.MAX_CONSECUTIVE_FAILURES && !misfireGrace.isNegative()
        && catchUpLimit >= 1 && catchUpLimit <= Limits.CATCH_UP_LIMIT
        && (retention.isEmpty() || !retention.get().isNegative() && !retention.get().isZero())
        && (status != TaskStatus.DISABLED || statusReason.isPresent())
        && (!guildId.isOperator() || kind == TaskKind.CLEANUP)
        && (alertIfSilent.isEmpty() || !alertIfSilent.get().isNegative() && !alertIfSilent.get().isZero())
        && version >= 0;
    if (!valid) {
      validate(name, guildId, kind, schedule, channelIds, destinations, maxConsecutiveFailures, misfireGrace,
          catchUpLimit, retention, status, statusReason, alertIfSilent, version);
    }
  }

  /** Every problem of a task's fields, thrown as one {@link ValidationException}; returns when there is none. */
  private static void validate(String name, GuildId guildId, TaskKind kind, String schedule, List<ChannelId> channelIds,
      List<Destination> destinations, int maxConsecutiveFailures, Duration misfireGrace, int catchUpLimit,
      Optional<Duration> retention, TaskStatus status, Optional<String> statusReason,
      Optional<Duration> alertIfSilent, long version) {
    Problems p = new Problems();
    p.check(!name.isEmpty(), "name", "is empty");
    p.check(name.length() <= Limits.TASK_NAME_LENGTH, "name", "is longer than " + Limits.TASK_NAME_LENGTH + " characters");
    p.check(!schedule.isEmpty(), "schedule", "is empty");
    if (kind == TaskKind.SUMMARY) {
      p.check(!channelIds.isEmpty(), "channels", "a summary task needs at least one channel");
      p.check(!destinations.isEmpty(), "destinations", "a summary task needs at least one destination");
    } else {
      p.check(retention.isPresent(), "retention", "a cleanup task needs a retention");
    }
    if (channelIds.size() > 1) {
      p.check(new HashSet<>(channelIds).size() == channelIds.size(), "channels", "a channel is listed twice");
    }
    if (destinations.size() > 1) {
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < destinations.size(); i++) {
        p.check(keys.add(destinations.get(i).key()), "destinations[" + i + "]",
            destinations.get(i).describe() + " is listed twice");
      }
    }
    p.check(maxConsecutiveFailures >= 1 && maxConsecutiveFailures <= Limits.MAX_CONSECUTIVE_FAILURES,
        "maxConsecutiveFailures", maxConsecutiveFailures + " is outside 1-" + Limits.MAX_CONSECUTIVE_FAILURES);
    p.check(!misfireGrace.isNegative(), "misfireGrace", "is negative");
    p.check(catchUpLimit >= 1 && catchUpLimit <= Limits.CATCH_UP_LIMIT, "catchUpLimit",
        catchUpLimit + " is outside 1-" + Limits.CATCH_UP_LIMIT);
    retention.ifPresent(r -> p.check(!r.isNegative() && !r.isZero(), "retention", "must be positive"));
    p.check(status != TaskStatus.DISABLED || statusReason.isPresent(), "statusReason",
        "a disabled task needs a reason");
    p.check(!guildId.isOperator() || kind == TaskKind.CLEANUP, "guild",
        "only a cleanup task may span every guild (an operator task); a summary task needs its guild");
    alertIfSilent.ifPresent(a -> p.check(!a.isNegative() && !a.isZero(), "alertIfSilent", "must be positive"));
    p.check(version >= 0, "version", "is negative");
    p.throwIfAny();
  }

  /** When this task next needs a node: its pending run if any, else its next regular fire. */
  public Optional<Instant> dueAt() {
    return pending.isPresent() ? Optional.of(pending.get().dueAt()) : nextRun;
  }

  /** Whether this is an operator task, spanning every guild (a cleanup of the whole store); no guild sees it. */
  public boolean isOperatorTask() {
    return guildId.isOperator();
  }

  /** Whether the scheduler runs this task when it is due. */
  public boolean isActive() {
    return status == TaskStatus.ACTIVE;
  }

  /** The destinations that are enabled, in order; unmodifiable (the task's own list when all are). */
  public List<Destination> enabledDestinations() {
    boolean allEnabled = true;
    for (int i = 0; i < destinations.size() && allEnabled; i++) {
      allEnabled = destinations.get(i).enabled();
    }
    if (allEnabled) {
      return destinations;
    }
    List<Destination> out = new ArrayList<>(destinations.size());
    for (Destination d : destinations) {
      if (d.enabled()) {
        out.add(d);
      }
    }
    return List.copyOf(out);
  }

  /**
   * This task at another version, every other field the same. Stores use it to number what they keep without
   * going through a builder.
   */
  public ScheduledTask withVersion(long newVersion) {
    return new ScheduledTask(id, name, guildId, channelIds, kind, schedule, zone, destinations, options, retryPolicy,
        maxConsecutiveFailures, misfirePolicy, misfireGrace, catchUpLimit, timeOptions, retention, status, statusReason,
        createdBy, createdAt, updatedAt, nextRun, lastWindowEnd, pending, stats, alertIfSilent, silenceAlertedAt,
        newVersion);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link ScheduledTask}; every optional setting has the default of DESIGN.md. */
  public static final class Builder {
    private TaskId id;
    private String name;
    private GuildId guildId;
    private List<ChannelId> channelIds = List.of();
    private TaskKind kind = TaskKind.SUMMARY;
    private String schedule;
    private ZoneId zone = DEFAULT_ZONE;
    private List<Destination> destinations = List.of();
    private SummaryOptions options = SummaryOptions.DEFAULTS;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULTS;
    private int maxConsecutiveFailures = DEFAULT_MAX_CONSECUTIVE_FAILURES;
    private MisfirePolicy misfirePolicy = MisfirePolicy.CATCH_UP_ONCE;
    private Duration misfireGrace = DEFAULT_MISFIRE_GRACE;
    private int catchUpLimit = DEFAULT_CATCH_UP_LIMIT;
    private TimeOptions timeOptions = TimeOptions.DEFAULTS;
    private Optional<Duration> retention = Optional.empty();
    private TaskStatus status = TaskStatus.ACTIVE;
    private Optional<String> statusReason = Optional.empty();
    private String createdBy = "";
    private Instant createdAt;
    private Instant updatedAt;
    private Optional<Instant> nextRun = Optional.empty();
    private Optional<Instant> lastWindowEnd = Optional.empty();
    private Optional<PendingRun> pending = Optional.empty();
    private TaskStats stats = TaskStats.EMPTY;
    private Optional<Duration> alertIfSilent = Optional.empty();
    private Optional<Instant> silenceAlertedAt = Optional.empty();
    private long version;

    private Builder() {}

    private Builder(ScheduledTask t) {
      id = t.id;
      name = t.name;
      guildId = t.guildId;
      channelIds = t.channelIds;
      kind = t.kind;
      schedule = t.schedule;
      zone = t.zone;
      destinations = t.destinations;
      options = t.options;
      retryPolicy = t.retryPolicy;
      maxConsecutiveFailures = t.maxConsecutiveFailures;
      misfirePolicy = t.misfirePolicy;
      misfireGrace = t.misfireGrace;
      catchUpLimit = t.catchUpLimit;
      timeOptions = t.timeOptions;
      retention = t.retention;
      status = t.status;
      statusReason = t.statusReason;
      createdBy = t.createdBy;
      createdAt = t.createdAt;
      updatedAt = t.updatedAt;
      nextRun = t.nextRun;
      lastWindowEnd = t.lastWindowEnd;
      pending = t.pending;
      stats = t.stats;
      alertIfSilent = t.alertIfSilent;
      silenceAlertedAt = t.silenceAlertedAt;
      version = t.version;
    }

    public Builder id(TaskId v) { id = v; return this; }
    public Builder name(String v) { name = v; return this; }
    public Builder guildId(GuildId v) { guildId = v; return this; }
    public Builder channelIds(List<ChannelId> v) { channelIds = v; return this; }
    public Builder channel(ChannelId v) { channelIds = List.of(v); return this; }
    public Builder kind(TaskKind v) { kind = v; return this; }
    public Builder schedule(String v) { schedule = v; return this; }
    public Builder zone(ZoneId v) { zone = v; return this; }
    public Builder destinations(List<Destination> v) { destinations = v; return this; }
    public Builder destination(Destination v) { destinations = List.of(v); return this; }
    public Builder options(SummaryOptions v) { options = v; return this; }
    public Builder retryPolicy(RetryPolicy v) { retryPolicy = v; return this; }
    public Builder maxConsecutiveFailures(int v) { maxConsecutiveFailures = v; return this; }
    public Builder misfirePolicy(MisfirePolicy v) { misfirePolicy = v; return this; }
    public Builder misfireGrace(Duration v) { misfireGrace = v; return this; }
    public Builder catchUpLimit(int v) { catchUpLimit = v; return this; }
    public Builder timeOptions(TimeOptions v) { timeOptions = v; return this; }
    public Builder retention(Optional<Duration> v) { retention = v; return this; }
    public Builder status(TaskStatus v) { status = v; return this; }
    public Builder statusReason(Optional<String> v) { statusReason = v; return this; }
    public Builder createdBy(String v) { createdBy = v; return this; }
    public Builder createdAt(Instant v) { createdAt = v; return this; }
    public Builder updatedAt(Instant v) { updatedAt = v; return this; }
    public Builder nextRun(Optional<Instant> v) { nextRun = v; return this; }
    public Builder lastWindowEnd(Optional<Instant> v) { lastWindowEnd = v; return this; }
    public Builder pending(Optional<PendingRun> v) { pending = v; return this; }
    public Builder stats(TaskStats v) { stats = v; return this; }
    public Builder alertIfSilent(Optional<Duration> v) { alertIfSilent = v; return this; }
    public Builder silenceAlertedAt(Optional<Instant> v) { silenceAlertedAt = v; return this; }
    public Builder version(long v) { version = v; return this; }

    /** Builds the task; every problem is reported at once. */
    public ScheduledTask build() {
      Problems p = new Problems();
      p.check(id != null, "id", "is missing");
      p.check(name != null, "name", "is missing");
      p.check(guildId != null, "guild", "is missing");
      p.check(schedule != null, "schedule", "is missing");
      p.check(createdAt != null, "createdAt", "is missing");
      p.throwIfAny();
      return new ScheduledTask(id, name, guildId, channelIds, kind, schedule, zone, destinations, options,
          retryPolicy, maxConsecutiveFailures, misfirePolicy, misfireGrace, catchUpLimit, timeOptions, retention, status,
          statusReason, createdBy, createdAt, updatedAt == null ? createdAt : updatedAt, nextRun, lastWindowEnd,
          pending, stats, alertIfSilent, silenceAlertedAt, version);
    }
  }
}

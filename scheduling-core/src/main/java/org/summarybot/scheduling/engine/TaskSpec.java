package org.summarybot.scheduling.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.MisfirePolicy;
import org.summarybot.scheduling.model.Problems;
import org.summarybot.scheduling.model.RetryPolicy;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskKind;
import org.summarybot.scheduling.model.TaskStats;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.TimeOptions;
import org.summarybot.scheduling.model.ValidationException;

/**
 * What a person asks for when creating or changing a task: everything a task holds except its state. Build one
 * with {@link #builder()}; settings left out take DESIGN.md's defaults. {@link TaskScheduler#schedule} checks a
 * spec completely and reports every problem in one {@link ValidationException}.
 */
public final class TaskSpec {
  private static final ZoneId DEFAULT_ZONE = ScheduledTask.DEFAULT_ZONE;
  private final String name;
  private final GuildId guildId;
  private final List<ChannelId> channelIds;
  private final TaskKind kind;
  private final String schedule;
  private final ZoneId zone;
  private final List<Destination> destinations;
  private final SummaryOptions options;
  private final RetryPolicy retryPolicy;
  private final int maxConsecutiveFailures;
  private final MisfirePolicy misfirePolicy;
  private final Duration misfireGrace;
  private final int catchUpLimit;
  private final TimeOptions timeOptions;
  private final Optional<Duration> retention;
  private final Optional<Duration> alertIfSilent;
  private final String createdBy;

  private TaskSpec(Builder b) {
    name = b.name;
    guildId = b.guildId;
    channelIds = b.channelIds;
    kind = b.kind;
    schedule = b.schedule;
    zone = b.zone;
    destinations = b.destinations;
    options = b.options;
    retryPolicy = b.retryPolicy;
    maxConsecutiveFailures = b.maxConsecutiveFailures;
    misfirePolicy = b.misfirePolicy;
    misfireGrace = b.misfireGrace;
    catchUpLimit = b.catchUpLimit;
    timeOptions = b.timeOptions;
    retention = b.retention;
    alertIfSilent = b.alertIfSilent;
    createdBy = b.createdBy;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A spec holding the person-editable settings of an existing task, to change with {@link #toBuilder()}. */
  public static TaskSpec of(ScheduledTask t) {
    return builder().name(t.name()).guild(t.guildId()).channels(t.channelIds()).kind(t.kind())
        .schedule(t.schedule()).zone(t.zone()).destinations(t.destinations()).options(t.options())
        .retryPolicy(t.retryPolicy()).maxConsecutiveFailures(t.maxConsecutiveFailures())
        .misfirePolicy(t.misfirePolicy()).misfireGrace(t.misfireGrace()).catchUpLimit(t.catchUpLimit())
        .timeOptions(t.timeOptions()).retention(t.retention().orElse(null)).alertIfSilent(t.alertIfSilent().orElse(null))
        .createdBy(t.createdBy()).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.guildId = guildId;
    b.channelIds = channelIds;
    b.kind = kind;
    b.schedule = schedule;
    b.zone = zone;
    b.destinations = destinations;
    b.options = options;
    b.retryPolicy = retryPolicy;
    b.maxConsecutiveFailures = maxConsecutiveFailures;
    b.misfirePolicy = misfirePolicy;
    b.misfireGrace = misfireGrace;
    b.catchUpLimit = catchUpLimit;
    b.timeOptions = timeOptions;
    b.retention = retention;
    b.alertIfSilent = alertIfSilent;
    b.createdBy = createdBy;
    return b;
  }

  public Optional<GuildId> guildId() {
    return Optional.ofNullable(guildId);
  }

  /** The channels the task reads (empty when the spec names none). */
  public List<ChannelId> channelIds() {
    return channelIds == null ? List.of() : channelIds;
  }

  /** Where the task's summaries go (empty when the spec names none). */
  public List<Destination> destinations() {
    return destinations == null ? List.of() : destinations;
  }

  /** The summary options the spec asks for (DESIGN.md's defaults unless set). */
  public SummaryOptions options() {
    return options;
  }

  public Optional<String> schedule() {
    return Optional.ofNullable(schedule);
  }

  /** The schedule's text, or null when the spec has none (the engine's check, without an Optional). */
  String scheduleText() {
    return schedule;
  }

  public ZoneId zone() {
    return zone;
  }

  /** Bounds, run limit, skip dates, jitter and DST policy. */
  public TimeOptions timeOptions() {
    return timeOptions;
  }

  /**
   * A new ACTIVE task from this spec, or every problem of the spec in one exception. {@code extra} holds
   * problems found elsewhere (the schedule parser), so they are reported together.
   */
  ScheduledTask toNewTask(TaskId id, Instant now, Optional<Instant> nextRun, Problems extra) {
    if (extra.isEmpty() && name != null && !name.isBlank() && guildId != null && schedule != null
        && !schedule.isBlank()) {
      // The common case, built directly (no builder, no copy); any problem falls through to the builder path,
      // which collects every problem with its message.
      try {
        return new ScheduledTask(id, name, guildId, channelIds, kind, schedule, zone, destinations, options,
            retryPolicy, maxConsecutiveFailures, misfirePolicy, misfireGrace, catchUpLimit, timeOptions, retention,
            TaskStatus.ACTIVE, Optional.empty(), createdBy, now, now, nextRun, Optional.empty(), Optional.empty(),
            TaskStats.EMPTY, alertIfSilent, Optional.empty(), 0);
      } catch (ValidationException | NullPointerException e) {
        // reported below, with the rest, exactly as the builder reports it
      }
    }
    return build(ScheduledTask.builder().id(id).createdAt(now).updatedAt(now).status(TaskStatus.ACTIVE)
        .nextRun(nextRun), extra);
  }

  /** {@code current} with this spec's settings; state (status, runs, stats, version) is kept. */
  ScheduledTask applyTo(ScheduledTask current, Instant now, Problems extra) {
    return build(current.toBuilder().updatedAt(now).createdBy(current.createdBy()), extra);
  }

  private ScheduledTask build(ScheduledTask.Builder b, Problems problems) {
    problems.check(name != null && !name.isBlank(), "name", "is missing");
    problems.check(guildId != null, "guild", "is missing");
    problems.check(schedule != null && !schedule.isBlank(), "schedule", "is missing");
    if (!problems.isEmpty()) {
      // Still let the task constructor report what else is wrong, with placeholders for what is missing.
      try {
        b.name(name == null || name.isBlank() ? "?" : name).guildId(guildId == null ? GuildId.of(1) : guildId)
            .schedule(schedule == null || schedule.isBlank() ? "?" : schedule);
        fill(b).build();
      } catch (ValidationException e) {
        e.problems().forEach(p -> {
          if (!problems.list().contains(p)) {
            problems.add(p.field(), p.message());
          }
        });
      }
      problems.throwIfAny();
    }
    b.name(name).guildId(guildId).schedule(schedule);
    try {
      return fill(b).build();
    } catch (ValidationException e) {
      e.problems().forEach(p -> problems.add(p.field(), p.message()));
      problems.throwIfAny();
      throw e;
    }
  }

  private ScheduledTask.Builder fill(ScheduledTask.Builder b) {
    return b.channelIds(channelIds).kind(kind).zone(zone).destinations(destinations).options(options)
        .retryPolicy(retryPolicy).maxConsecutiveFailures(maxConsecutiveFailures).misfirePolicy(misfirePolicy)
        .misfireGrace(misfireGrace).catchUpLimit(catchUpLimit).timeOptions(timeOptions).retention(retention)
        .alertIfSilent(alertIfSilent).createdBy(createdBy);
  }

  /** Builds a {@link TaskSpec}. Nothing is checked until the spec is scheduled, so all problems come at once. */
  public static final class Builder {
    private String name;
    private GuildId guildId;
    private List<ChannelId> channelIds = List.of();
    private TaskKind kind = TaskKind.SUMMARY;
    private String schedule;
    private ZoneId zone = DEFAULT_ZONE;
    private List<Destination> destinations = List.of();
    private SummaryOptions options = SummaryOptions.DEFAULTS;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULTS;
    private int maxConsecutiveFailures = ScheduledTask.DEFAULT_MAX_CONSECUTIVE_FAILURES;
    private MisfirePolicy misfirePolicy = MisfirePolicy.CATCH_UP_ONCE;
    private Duration misfireGrace = ScheduledTask.DEFAULT_MISFIRE_GRACE;
    private int catchUpLimit = ScheduledTask.DEFAULT_CATCH_UP_LIMIT;
    private TimeOptions timeOptions = TimeOptions.DEFAULTS;
    private Optional<Duration> retention = Optional.empty();
    private Optional<Duration> alertIfSilent = Optional.empty();
    private String createdBy = "";

    private Builder() {}

    public Builder name(String v) { name = v; return this; }
    public Builder guild(GuildId v) { guildId = v; return this; }
    public Builder channels(List<ChannelId> v) { channelIds = List.copyOf(v); return this; }
    public Builder channel(ChannelId v) { channelIds = List.of(v); return this; }
    public Builder kind(TaskKind v) { kind = v; return this; }
    public Builder schedule(String v) { schedule = v; return this; }
    public Builder zone(ZoneId v) { zone = v; return this; }
    public Builder destinations(List<Destination> v) { destinations = List.copyOf(v); return this; }
    public Builder destination(Destination v) { destinations = List.of(v); return this; }
    public Builder options(SummaryOptions v) { options = v; return this; }
    public Builder retryPolicy(RetryPolicy v) { retryPolicy = v; return this; }
    public Builder maxConsecutiveFailures(int v) { maxConsecutiveFailures = v; return this; }
    public Builder misfirePolicy(MisfirePolicy v) { misfirePolicy = v; return this; }
    public Builder misfireGrace(Duration v) { misfireGrace = v; return this; }
    public Builder catchUpLimit(int v) { catchUpLimit = v; return this; }
    public Builder timeOptions(TimeOptions v) { timeOptions = v; return this; }
    public Builder retention(Duration v) { retention = Optional.ofNullable(v); return this; }
    /** Tell the notifier, once, when the task has delivered nothing for this long, and when it delivers again. */
    public Builder alertIfSilent(Duration v) { alertIfSilent = Optional.ofNullable(v); return this; }
    public Builder createdBy(String v) { createdBy = v == null ? "" : v; return this; }

    public TaskSpec build() {
      return new TaskSpec(this);
    }
  }
}

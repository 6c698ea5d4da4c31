package org.summarybot.scheduling.testkit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.DeliveryStatus;
import org.summarybot.scheduling.model.Destination;
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
import org.summarybot.scheduling.model.SkipDate;
import org.summarybot.scheduling.model.TimeOptions;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Completion;

/**
 * Valid tasks, records and completions for store tests. Every task is valid as built; tests change what they
 * are about through the returned builder. Schedules are text a store never parses ({@code every 1h}).
 */
public final class TaskFixtures {

  /** The guild of {@link #summaryTask}. */
  public static final GuildId GUILD = GuildId.of(1001);
  /** A second guild, for isolation and filtering tests. */
  public static final GuildId OTHER_GUILD = GuildId.of(1002);
  /** The channel summarised by {@link #summaryTask}. */
  public static final ChannelId CHANNEL = ChannelId.of(2001);

  private TaskFixtures() {}

  /**
   * A summary task of {@link #GUILD}: channel {@link #CHANNEL}, one Discord channel and one console destination,
   * schedule {@code every 1h} in UTC, active, next run one hour after {@code createdAt}, version 0.
   */
  public static ScheduledTask.Builder summaryTask(String id, Instant createdAt) {
    requireNonNull(createdAt, "createdAt");
    return ScheduledTask.builder()
        .id(TaskId.of(id))
        .name("digest " + id)
        .guildId(GUILD)
        .channel(CHANNEL)
        .kind(TaskKind.SUMMARY)
        .schedule("every 1h")
        .zone(ZoneId.of("UTC"))
        .destinations(List.of(Destination.discord(ChannelId.of(3001), DeliveryFormat.EMBED), Destination.console()))
        .createdBy("tester")
        .createdAt(createdAt)
        .nextRun(Optional.of(createdAt.plus(Duration.ofHours(1))));
  }

  /** A summary task (as {@link #summaryTask}) whose next run is {@code dueAt}. */
  public static ScheduledTask dueTask(String id, Instant createdAt, Instant dueAt) {
    return summaryTask(id, createdAt).nextRun(Optional.of(dueAt)).build();
  }

  /** A cleanup task of {@link #GUILD} with a 30-day retention, schedule {@code every 1d}. */
  public static ScheduledTask.Builder cleanupTask(String id, Instant createdAt) {
    return ScheduledTask.builder()
        .id(TaskId.of(id))
        .name("cleanup " + id)
        .guildId(GUILD)
        .kind(TaskKind.CLEANUP)
        .schedule("every 1d")
        .retention(Optional.of(Duration.ofDays(30)))
        .createdBy("tester")
        .createdAt(createdAt)
        .nextRun(Optional.of(createdAt.plus(Duration.ofDays(1))));
  }

  /**
   * A task with every optional field set to a non-default value (pending run, window end, stats, a disabled
   * webhook destination with a secret reference, options with a lookback, a zone other than UTC), so a
   * round trip through a store shows any field it loses.
   */
  public static ScheduledTask richTask(String id, Instant createdAt) {
    Instant fire = createdAt.plus(Duration.ofHours(2));
    TaskStats stats = new TaskStats(7, 4, 2, 1, 3, 2, 12_345, Optional.of(createdAt.plusSeconds(60)),
        Optional.of(createdAt.plusSeconds(30)), Optional.of(createdAt.plusSeconds(60)));
    return ScheduledTask.builder()
        .id(TaskId.of(id))
        .name("Weekday digest ü " + id)
        .guildId(OTHER_GUILD)
        .channelIds(List.of(ChannelId.of(2002), ChannelId.of(2003)))
        .kind(TaskKind.SUMMARY)
        .schedule("0 0 9 ? * MON-FRI")
        .zone(ZoneId.of("Europe/Berlin"))
        .destinations(List.of(
            Destination.webhook("https://hooks.example.com/t/abc?x=1", Optional.of("HOOK_SECRET"))
                .disable("HTTP 410 Gone"),
            Destination.file("/var/summaries", DeliveryFormat.JSON),
            Destination.discord(ChannelId.of(3002), DeliveryFormat.MARKDOWN)))
        .options(new SummaryOptions(SummaryLength.BRIEF, true, 0, 500, Optional.of(Duration.ofHours(6)),
            Duration.ofDays(2), Optional.of("pt-BR Português"), SummarizerChoice.LLM))
        .retryPolicy(new RetryPolicy(5, Duration.ofSeconds(10), 1.5, Duration.ofMinutes(3)))
        .maxConsecutiveFailures(9)
        .misfirePolicy(MisfirePolicy.CATCH_UP_ALL)
        .misfireGrace(Duration.ofSeconds(90))
        .catchUpLimit(4)
        .retention(Optional.of(Duration.ofDays(90)))
        .status(TaskStatus.DISABLED)
        .statusReason(Optional.of("5 consecutive failures; last: \"timeout\"\nsee log"))
        .createdBy("admin#42")
        .createdAt(createdAt)
        .updatedAt(createdAt.plusMillis(1500))
        .nextRun(Optional.of(fire.plus(Duration.ofDays(1))))
        .lastWindowEnd(Optional.of(createdAt.plusNanos(123_456_789)))
        .pending(Optional.of(new PendingRun(fire, 2, fire.plusSeconds(30),
            TimeWindow.of(createdAt, fire), "retry after timeout",
            Optional.of(new Summary("Weekday digest \u00fc \"quoted\"", "* line one\n* line two \ud83d\ude80\n\n> q\\",
                List.of("alice", "b\u00f6b", "c, d"), 42, TimeWindow.of(createdAt, fire),
                Optional.of(new SummaryUsage(12_345, 678, 3, Optional.of(2_259L))))))))
        .stats(stats)
        .build();
  }

  /**
   * The rich task with every time option set to a non-default value (bounds with sub-microsecond parts, a run
   * limit, skip dates of both forms, jitter, the DST policy), so a round trip shows any time option a store loses.
   */
  public static ScheduledTask timedTask(String id, Instant createdAt) {
    TimeOptions options = new TimeOptions(Optional.of(createdAt.plusNanos(1_000_001)),
        Optional.of(createdAt.plus(Duration.ofDays(30)).plusNanos(7)), Optional.of(12),
        List.of(SkipDate.parse("2026-12-24"), SkipDate.parse("12-25"), SkipDate.parse("02-29")),
        Duration.ofMinutes(10).plusMillis(5), DstGap.SKIP, DstOverlap.BOTH);
    return richTask(id, createdAt).toBuilder().timeOptions(options).build();
  }

  /** The record of a fire that fell on a skip date of {@code task}, recorded at {@code at}. */
  public static ExecutionRecord skippedDate(ScheduledTask task, Instant scheduledFor, Instant at) {
    return new ExecutionRecord(ExecutionId.of(task.id(), scheduledFor), task.id(), task.guildId(), scheduledFor, at,
        at, 0, ExecutionOutcome.SKIPPED_DATE, Optional.of(TimeWindow.of(scheduledFor.minusSeconds(3600),
        scheduledFor)), 0, List.of(), Optional.empty(), Optional.of("skip date 2026-12-25 in Europe/Berlin"), 0,
        Optional.empty());
  }

  /** A successful execution of {@code task} for the fire at {@code scheduledFor}, finished at {@code finishedAt}. */
  public static ExecutionRecord succeeded(ScheduledTask task, Instant scheduledFor, Instant finishedAt) {
    return record(task, scheduledFor, finishedAt, ExecutionOutcome.SUCCEEDED);
  }

  /** An execution of {@code task} with {@code outcome} (not {@code MISSED}), started one second before it finished. */
  public static ExecutionRecord record(
      ScheduledTask task, Instant scheduledFor, Instant finishedAt, ExecutionOutcome outcome) {
    if (outcome == ExecutionOutcome.MISSED) {
      throw new IllegalArgumentException("use ExecutionRecord.missed for MISSED records");
    }
    boolean failed = outcome == ExecutionOutcome.FAILED;
    Instant windowStart = scheduledFor.minus(Duration.ofHours(1));
    return new ExecutionRecord(ExecutionId.of(task.id(), scheduledFor), task.id(), task.guildId(), scheduledFor,
        finishedAt.minusSeconds(1), finishedAt, 1, outcome, Optional.of(TimeWindow.of(windowStart, scheduledFor)),
        outcome == ExecutionOutcome.SKIPPED_NO_CONTENT ? 0 : 12,
        List.of(failed
            ? new DeliveryResult("discord_channel:3001", DeliveryStatus.FAILED, Optional.of("missing permission"))
            : DeliveryResult.delivered("discord_channel:3001")),
        failed ? Optional.of("ExternalServiceException") : Optional.empty(),
        failed ? Optional.of("403 Forbidden") : Optional.empty(), 0, Optional.empty());
  }

  /**
   * A failed execution of {@code task} whose summary a model made at a cost, excused (a spent budget) or not: the
   * fields a paid summarizer adds to a record.
   */
  public static ExecutionRecord paidFailure(ScheduledTask task, Instant scheduledFor, Instant finishedAt,
      boolean excused) {
    ExecutionRecord r = record(task, scheduledFor, finishedAt, ExecutionOutcome.FAILED);
    return new ExecutionRecord(r.id(), r.taskId(), r.guildId(), r.scheduledFor(), r.startedAt(), r.finishedAt(),
        r.attempts(), r.outcome(), r.window(), r.messageCount(), r.deliveries(), r.errorClass(),
        Optional.of("summarizer.daily-budget 5.00 is spent"), 0, Optional.empty(),
        Optional.of(new SummaryUsage(4_000, 321, 2, Optional.of(792L))), excused, Optional.empty());
  }

  /**
   * The completion of {@code claim} by a successful run finished at {@code finishedAt}: one record for the
   * claimed fire, the window advanced to it, and {@code nextRun} as the next regular fire.
   */
  public static Completion completed(Claim claim, Instant finishedAt, Instant nextRun) {
    return new Completion(claim, List.of(succeeded(claim.task(), claim.dueAt(), finishedAt)),
        Optional.of(nextRun), Optional.empty(), Optional.of(claim.dueAt()), Optional.empty(), Optional.empty(),
        Map.of(), finishedAt);
  }

  /** A completion of {@code claim} that appends {@code records} and sets {@code nextRun}, nothing else. */
  public static Completion completedWith(Claim claim, List<ExecutionRecord> records, Instant finishedAt,
      Optional<Instant> nextRun) {
    return new Completion(claim, records, nextRun, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Map.of(), finishedAt);
  }
}

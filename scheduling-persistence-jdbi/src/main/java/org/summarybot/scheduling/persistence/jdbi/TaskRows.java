package org.summarybot.scheduling.persistence.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.jdbi.v3.core.statement.SqlStatement;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.MisfirePolicy;
import org.summarybot.scheduling.model.PendingRun;
import org.summarybot.scheduling.model.RetryPolicy;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SummarizerChoice;
import org.summarybot.scheduling.model.SummaryLength;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskKind;
import org.summarybot.scheduling.model.TaskStats;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.TimeOptions;
import org.summarybot.scheduling.model.TimeWindow;

/** A {@link ScheduledTask} as a row of {@code tasks} (schema: README and {@code db/migration}). */
final class TaskRows {
  private TaskRows() {}

  /** Every column a task's values go to, in the order of {@link #VALUES}; lease columns are not among them. */
  static final String COLUMNS = "id, version, name, guild_id, channel_ids, kind, schedule, zone, destinations,"
      + " summary_length, include_bots, min_messages, max_messages, lookback, max_lookback, summary_language,"
      + " summarizer,"
      + " retry_max_attempts, retry_initial_delay, retry_multiplier, retry_max_delay,"
      + " max_consecutive_failures, misfire_policy, misfire_grace, catch_up_limit, retention,"
      + " time_starts, time_ends, time_max_runs, time_skip_dates, time_jitter, time_dst_gap, time_dst_overlap,"
      + " status, status_reason, created_by, created_at, updated_at, next_run, last_window_end,"
      + " pending_scheduled_for, pending_next_attempt, pending_due_at, pending_window_from, pending_window_to,"
      + " pending_reason, pending_summary, pending_backfill, stats_runs, stats_successes, stats_failures, stats_skipped, stats_missed,"
      + " stats_consecutive_failures, stats_total_duration_ms, stats_last_run, stats_last_success,"
      + " stats_last_failure, stats_last_delivered, alert_if_silent, silence_alerted_at, instant_nanos, due_at";

  static final String VALUES = names(COLUMNS, ":%s");

  /** {@code col = :col, ...} for every column but the id. */
  static final String ASSIGNMENTS = names(COLUMNS.substring(COLUMNS.indexOf(',') + 1), "%1$s = :%1$s");

  private static String names(String columns, String format) {
    StringBuilder b = new StringBuilder();
    for (String c : columns.split(",")) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(String.format(format, c.strip()));
    }
    return b.toString();
  }

  /** Binds every column of {@link #COLUMNS} for {@code t}. */
  static <S extends SqlStatement<S>> S bind(S s, ScheduledTask t) {
    return values(t).bindTo(s);
  }

  /** The value of every column of {@link #COLUMNS} for {@code t}, in that order. */
  static RowValues values(ScheduledTask t) {
    Stamps st = Stamps.writing();
    SummaryOptions o = t.options();
    RetryPolicy r = t.retryPolicy();
    TaskStats k = t.stats();
    Optional<PendingRun> p = t.pending();
    RowValues v = new RowValues()
        .text("id", t.id().value())
        .bigint("version", t.version())
        .text("name", t.name())
        .bigint("guild_id", t.guildId().value())
        .text("channel_ids", Encoding.channels(t.channelIds()))
        .text("kind", t.kind().name())
        .text("schedule", t.schedule())
        .text("zone", t.zone().getId())
        .text("destinations", Encoding.destinations(t.destinations()))
        .text("summary_length", o.length().name())
        .bool("include_bots", o.includeBots())
        .integer("min_messages", o.minMessages())
        .integer("max_messages", o.maxMessages())
        .text("lookback", o.lookback().map(Duration::toString).orElse(null))
        .text("max_lookback", o.maxLookback().toString())
        .text("summary_language", o.language().orElse(null))
        .text("summarizer", o.summarizer().name())
        .integer("retry_max_attempts", r.maxAttempts())
        .text("retry_initial_delay", r.initialDelay().toString())
        .dbl("retry_multiplier", r.multiplier())
        .text("retry_max_delay", r.maxDelay().toString())
        .integer("max_consecutive_failures", t.maxConsecutiveFailures())
        .text("misfire_policy", t.misfirePolicy().name())
        .text("misfire_grace", t.misfireGrace().toString())
        .integer("catch_up_limit", t.catchUpLimit())
        .text("retention", t.retention().map(Duration::toString).orElse(null))
        .stamp("time_starts", st.note("time_starts", t.timeOptions().starts()))
        .stamp("time_ends", st.note("time_ends", t.timeOptions().ends()))
        .integer("time_max_runs", t.timeOptions().maxRuns().orElse(null))
        .text("time_skip_dates", t.timeOptions().skipDates().isEmpty() ? null : t.timeOptions().skipDatesText())
        .text("time_jitter", t.timeOptions().jitter().isZero() ? null : t.timeOptions().jitter().toString())
        .text("time_dst_gap", t.timeOptions().dstGap().name())
        .text("time_dst_overlap", t.timeOptions().dstOverlap().name())
        .text("status", t.status().name())
        .text("status_reason", t.statusReason().orElse(null))
        .text("created_by", t.createdBy())
        .stamp("created_at", st.note("created_at", Optional.of(t.createdAt())))
        .stamp("updated_at", st.note("updated_at", Optional.of(t.updatedAt())))
        .integer("pending_next_attempt", p.map(PendingRun::nextAttempt).orElse(null))
        .text("pending_reason", p.map(PendingRun::reason).orElse(null))
        .text("pending_summary", p.flatMap(PendingRun::summary).map(Encoding::summary).orElse(null))
        .bool("pending_backfill", p.filter(PendingRun::backfill).isPresent() ? Boolean.TRUE : null)
        .bigint("stats_runs", k.runs())
        .bigint("stats_successes", k.successes())
        .bigint("stats_failures", k.failures())
        .bigint("stats_skipped", k.skipped())
        .bigint("stats_missed", k.missed())
        .integer("stats_consecutive_failures", k.consecutiveFailures())
        .bigint("stats_total_duration_ms", k.totalDurationMillis())
        .text("alert_if_silent", t.alertIfSilent().map(Duration::toString).orElse(null));
    for (String column : new String[] {"next_run", "last_window_end", "pending_scheduled_for", "pending_due_at",
        "pending_window_from", "pending_window_to", "stats_last_run", "stats_last_success", "stats_last_failure",
        "stats_last_delivered", "silence_alerted_at"}) {
      v.stamp(column, st.note(column, optionalInstant(t, column)));
    }
    // due_at is an index, not a value: whole microseconds, and it takes no part in instant_nanos.
    v.stamp("due_at", t.dueAt().orElse(null));
    return v.text("instant_nanos", st.encoded());
  }

  private static Optional<Instant> optionalInstant(ScheduledTask t, String column) {
    Optional<PendingRun> p = t.pending();
    return switch (column) {
      case "next_run" -> t.nextRun();
      case "last_window_end" -> t.lastWindowEnd();
      case "pending_scheduled_for" -> p.map(PendingRun::scheduledFor);
      case "pending_due_at" -> p.map(PendingRun::dueAt);
      case "pending_window_from" -> p.map(x -> x.window().from());
      case "pending_window_to" -> p.map(x -> x.window().to());
      case "stats_last_run" -> t.stats().lastRun();
      case "stats_last_success" -> t.stats().lastSuccess();
      case "stats_last_failure" -> t.stats().lastFailure();
      case "stats_last_delivered" -> t.stats().lastDelivered();
      case "silence_alerted_at" -> t.silenceAlertedAt();
      default -> throw new IllegalArgumentException(column);
    };
  }

  /** The task on the current row of {@code rs}. */
  static ScheduledTask read(ResultSet rs) throws SQLException {
    Stamps st = Stamps.reading(rs);
    Optional<PendingRun> pending = Optional.empty();
    Optional<Instant> pendingFor = st.find(rs, "pending_scheduled_for");
    if (pendingFor.isPresent()) {
      TimeWindow window = TimeWindow.of(st.get(rs, "pending_window_from"), st.get(rs, "pending_window_to"));
      String summary = rs.getString("pending_summary");
      pending = Optional.of(new PendingRun(pendingFor.get(), rs.getInt("pending_next_attempt"),
          st.get(rs, "pending_due_at"), window, rs.getString("pending_reason"),
          summary == null ? Optional.empty() : Optional.of(Encoding.summary(summary, window)),
          rs.getBoolean("pending_backfill")));
    }
    SummaryOptions options = new SummaryOptions(SummaryLength.valueOf(rs.getString("summary_length")),
        rs.getBoolean("include_bots"), rs.getInt("min_messages"), rs.getInt("max_messages"),
        duration(rs.getString("lookback")), Duration.parse(rs.getString("max_lookback")),
        Optional.ofNullable(rs.getString("summary_language")), SummarizerChoice.valueOf(rs.getString("summarizer")));
    RetryPolicy retry = new RetryPolicy(rs.getInt("retry_max_attempts"),
        Duration.parse(rs.getString("retry_initial_delay")), rs.getDouble("retry_multiplier"),
        Duration.parse(rs.getString("retry_max_delay")));
    TaskStats stats = new TaskStats(rs.getLong("stats_runs"), rs.getLong("stats_successes"),
        rs.getLong("stats_failures"), rs.getLong("stats_skipped"), rs.getLong("stats_missed"),
        rs.getInt("stats_consecutive_failures"), rs.getLong("stats_total_duration_ms"),
        st.find(rs, "stats_last_run"), st.find(rs, "stats_last_success"), st.find(rs, "stats_last_failure"),
        st.find(rs, "stats_last_delivered"));
    return new ScheduledTask(
        TaskId.of(rs.getString("id")),
        rs.getString("name"),
        GuildId.of(rs.getLong("guild_id")),
        Encoding.channels(rs.getString("channel_ids")),
        TaskKind.valueOf(rs.getString("kind")),
        rs.getString("schedule"),
        ZoneId.of(rs.getString("zone")),
        Encoding.destinations(rs.getString("destinations")),
        options,
        retry,
        rs.getInt("max_consecutive_failures"),
        MisfirePolicy.valueOf(rs.getString("misfire_policy")),
        Duration.parse(rs.getString("misfire_grace")),
        rs.getInt("catch_up_limit"),
        timeOptions(rs, st),
        duration(rs.getString("retention")),
        TaskStatus.valueOf(rs.getString("status")),
        Optional.ofNullable(rs.getString("status_reason")),
        rs.getString("created_by"),
        st.get(rs, "created_at"),
        st.get(rs, "updated_at"),
        st.find(rs, "next_run"),
        st.find(rs, "last_window_end"),
        pending,
        stats,
        duration(rs.getString("alert_if_silent")),
        st.find(rs, "silence_alerted_at"),
        rs.getLong("version"));
  }

  private static TimeOptions timeOptions(ResultSet rs, Stamps st) throws SQLException {
    int maxRuns = rs.getInt("time_max_runs");
    Optional<Integer> limit = rs.wasNull() ? Optional.empty() : Optional.of(maxRuns);
    return new TimeOptions(st.find(rs, "time_starts"), st.find(rs, "time_ends"), limit,
        TimeOptions.parseSkipDates(rs.getString("time_skip_dates")),
        duration(rs.getString("time_jitter")).orElse(Duration.ZERO), DstGap.valueOf(rs.getString("time_dst_gap")),
        DstOverlap.valueOf(rs.getString("time_dst_overlap")));
  }

  private static Optional<Duration> duration(String text) {
    return text == null ? Optional.empty() : Optional.of(Duration.parse(text));
  }
}

package org.summarybot.scheduling.persistence.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.summarybot.scheduling.model.CleanupCounts;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.SummaryUsage;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TimeWindow;

/** An {@link ExecutionRecord} as a row of {@code executions}. */
final class ExecutionRows {
  private ExecutionRows() {}

  static final String INSERT = "INSERT INTO executions (task_id, scheduled_for, execution_id, guild_id, started_at,"
      + " finished_at, attempts, outcome, window_from, window_to, message_count, deliveries, error_class,"
      + " error_message, missed_count, missed_through, instant_nanos, usage_input_tokens, usage_output_tokens,"
      + " usage_requests, usage_cost_micros, excused, removed_history, removed_deliveries, removed_files)"
      + " VALUES (:task_id, :scheduled_for,"
      + " :execution_id, :guild_id, :started_at, :finished_at, :attempts, :outcome, :window_from, :window_to,"
      + " :message_count, :deliveries, :error_class, :error_message, :missed_count, :missed_through,"
      + " :instant_nanos, :usage_input_tokens, :usage_output_tokens, :usage_requests, :usage_cost_micros, :excused,"
      + " :removed_history, :removed_deliveries, :removed_files)";

  /** Binds one record into the batch and adds it. */
  static void add(PreparedBatch batch, ExecutionRecord r) {
    values(r).bindTo(batch).add();
  }

  /** The value of every column of {@link #INSERT} for {@code r}, in that order. */
  static RowValues values(ExecutionRecord r) {
    Stamps st = Stamps.writing();
    return new RowValues()
        .text("task_id", r.taskId().value())
        .stamp("scheduled_for", st.note("scheduled_for", Optional.of(r.scheduledFor())))
        .text("execution_id", r.id().value())
        .bigint("guild_id", r.guildId().value())
        .stamp("started_at", st.note("started_at", Optional.of(r.startedAt())))
        .stamp("finished_at", st.note("finished_at", Optional.of(r.finishedAt())))
        .integer("attempts", r.attempts())
        .text("outcome", r.outcome().name())
        .stamp("window_from", st.note("window_from", r.window().map(TimeWindow::from)))
        .stamp("window_to", st.note("window_to", r.window().map(TimeWindow::to)))
        .integer("message_count", r.messageCount())
        .text("deliveries", Encoding.deliveries(r.deliveries()))
        .text("error_class", r.errorClass().orElse(null))
        .text("error_message", r.errorMessage().orElse(null))
        .integer("missed_count", r.missedCount())
        .stamp("missed_through", st.note("missed_through", r.missedThrough()))
        .text("instant_nanos", st.encoded())
        .bigint("usage_input_tokens", r.usage().map(SummaryUsage::inputTokens).orElse(null))
        .bigint("usage_output_tokens", r.usage().map(SummaryUsage::outputTokens).orElse(null))
        .integer("usage_requests", r.usage().map(SummaryUsage::requests).orElse(null))
        .bigint("usage_cost_micros", r.usage().flatMap(SummaryUsage::costMicros).orElse(null))
        .bool("excused", r.excused())
        .integer("removed_history", r.removed().map(CleanupCounts::history).orElse(null))
        .integer("removed_deliveries", r.removed().map(CleanupCounts::deliveries).orElse(null))
        .integer("removed_files", r.removed().map(CleanupCounts::files).orElse(null));
  }

  static ExecutionRecord read(ResultSet rs) throws SQLException {
    Stamps st = Stamps.reading(rs);
    Optional<Instant> from = st.find(rs, "window_from");
    Optional<TimeWindow> window = from.isPresent()
        ? Optional.of(TimeWindow.of(from.get(), st.get(rs, "window_to")))
        : Optional.empty();
    return new ExecutionRecord(
        new ExecutionId(rs.getString("execution_id")),
        TaskId.of(rs.getString("task_id")),
        GuildId.of(rs.getLong("guild_id")),
        st.get(rs, "scheduled_for"),
        st.get(rs, "started_at"),
        st.get(rs, "finished_at"),
        rs.getInt("attempts"),
        ExecutionOutcome.valueOf(rs.getString("outcome")),
        window,
        rs.getInt("message_count"),
        Encoding.deliveries(rs.getString("deliveries")),
        Optional.ofNullable(rs.getString("error_class")),
        Optional.ofNullable(rs.getString("error_message")),
        rs.getInt("missed_count"),
        st.find(rs, "missed_through"),
        usage(rs),
        rs.getBoolean("excused"),
        rs.getObject("removed_history") == null ? Optional.empty() : Optional.of(new CleanupCounts(
            rs.getInt("removed_history"), rs.getInt("removed_deliveries"), rs.getInt("removed_files"))));
  }

  private static Optional<SummaryUsage> usage(ResultSet rs) throws SQLException {
    long in = rs.getLong("usage_input_tokens");
    if (rs.wasNull()) {
      return Optional.empty();
    }
    long cost = rs.getLong("usage_cost_micros");
    Optional<Long> costMicros = rs.wasNull() ? Optional.empty() : Optional.of(cost);
    return Optional.of(new SummaryUsage(in, rs.getLong("usage_output_tokens"), rs.getInt("usage_requests"), costMicros));
  }
}

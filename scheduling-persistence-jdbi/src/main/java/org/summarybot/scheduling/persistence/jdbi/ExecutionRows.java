package org.summarybot.scheduling.persistence.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TimeWindow;

/** An {@link ExecutionRecord} as a row of {@code executions}. */
final class ExecutionRows {
  private ExecutionRows() {}

  static final String INSERT = "INSERT INTO executions (task_id, scheduled_for, execution_id, guild_id, started_at,"
      + " finished_at, attempts, outcome, window_from, window_to, message_count, deliveries, error_class,"
      + " error_message, missed_count, missed_through, instant_nanos) VALUES (:task_id, :scheduled_for,"
      + " :execution_id, :guild_id, :started_at, :finished_at, :attempts, :outcome, :window_from, :window_to,"
      + " :message_count, :deliveries, :error_class, :error_message, :missed_count, :missed_through,"
      + " :instant_nanos)";

  /** Binds one record into the batch and adds it. */
  static void add(PreparedBatch batch, ExecutionRecord r) {
    Stamps st = Stamps.writing();
    batch.bind("task_id", r.taskId().value())
        .bind("scheduled_for", st.put("scheduled_for", r.scheduledFor()))
        .bind("execution_id", r.id().value())
        .bind("guild_id", r.guildId().value())
        .bind("started_at", st.put("started_at", r.startedAt()))
        .bind("finished_at", st.put("finished_at", r.finishedAt()))
        .bind("attempts", r.attempts())
        .bind("outcome", r.outcome().name())
        .bind("window_from", st.put("window_from", r.window().map(TimeWindow::from)))
        .bind("window_to", st.put("window_to", r.window().map(TimeWindow::to)))
        .bind("message_count", r.messageCount())
        .bind("deliveries", Encoding.deliveries(r.deliveries()))
        .bind("error_class", r.errorClass().orElse(null))
        .bind("error_message", r.errorMessage().orElse(null))
        .bind("missed_count", r.missedCount())
        .bind("missed_through", st.put("missed_through", r.missedThrough()))
        .bind("instant_nanos", st.encoded())
        .add();
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
        st.find(rs, "missed_through"));
  }
}

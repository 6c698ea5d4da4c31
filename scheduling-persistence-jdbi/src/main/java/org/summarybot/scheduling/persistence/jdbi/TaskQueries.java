package org.summarybot.scheduling.persistence.jdbi;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.port.TaskQuery;

/** The reads: a task, a list of tasks, counts by status, a task's history, whether a delivery is logged. */
final class TaskQueries {
  private final Database db;

  TaskQueries(Database db) {
    this.db = db;
  }

  Optional<ScheduledTask> get(TaskId id) {
    return db.run(h -> h.createQuery("SELECT * FROM tasks WHERE id = :id").bind("id", id.value())
        .map((rs, ctx) -> TaskRows.read(rs)).findOne());
  }

  /** The tasks {@code query} selects, by id. */
  List<ScheduledTask> list(TaskQuery query) {
    StringBuilder sql = new StringBuilder("SELECT * FROM tasks WHERE 1 = 1");
    query.guild().ifPresent(g -> sql.append(" AND guild_id = :guild"));
    query.kind().ifPresent(k -> sql.append(" AND kind = :kind"));
    if (!query.statuses().isEmpty()) {
      sql.append(" AND status IN (<statuses>)");
    }
    if (query.silenceAlerts()) {
      sql.append(" AND (alert_if_silent IS NOT NULL OR silence_alerted_at IS NOT NULL)");
    }
    List<ScheduledTask> out = db.run(h -> {
      Query q = h.createQuery(sql.toString());
      query.guild().ifPresent(g -> q.bind("guild", g.value()));
      query.kind().ifPresent(k -> q.bind("kind", k.name()));
      if (!query.statuses().isEmpty()) {
        q.bindList("statuses", query.statuses().stream().map(TaskStatus::name).toList());
      }
      return q.map((rs, ctx) -> TaskRows.read(rs)).list();
    });
    // Sorted here, not by ORDER BY: database collations need not order ids as Java strings do.
    return out.stream().sorted(Comparator.comparing(ScheduledTask::id)).toList();
  }

  Map<TaskStatus, Long> countByStatus() {
    return db.run(h -> {
      Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
      h.createQuery("SELECT status, COUNT(*) AS n FROM tasks GROUP BY status")
          .map((rs, ctx) -> Map.entry(TaskStatus.valueOf(rs.getString("status")), rs.getLong("n")))
          .forEach(e -> counts.put(e.getKey(), e.getValue()));
      return counts;
    });
  }

  /** The task's latest {@code limit} history records, latest fire first. */
  List<ExecutionRecord> history(TaskId id, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return db.run(h -> h.createQuery("SELECT * FROM executions WHERE task_id = :id ORDER BY scheduled_for DESC"
            + " LIMIT :limit")
        .bind("id", id.value()).bind("limit", limit).map((rs, ctx) -> ExecutionRows.read(rs)).list());
  }

  boolean isDelivered(String deliveryKey) {
    return db.run(h -> h.createQuery("SELECT COUNT(*) FROM delivery_log WHERE delivery_key = :key")
        .bind("key", deliveryKey).mapTo(Integer.class).one() > 0);
  }
}

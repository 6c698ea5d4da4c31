package org.summarybot.scheduling.persistence.jdbi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PostgreSQL: a group-commit batch as one statement on an autocommit connection. What it buys: one round trip and
 * one commit per batch in the common case, where every claimed row is as it was claimed (three JDBC batches and a
 * {@code COMMIT} were four round trips).
 *
 * <p>Every column of the batch's rows travels as one text array ({@link RowValues.Columns}), which {@code unnest}
 * turns back into rows; three data-modifying CTEs then insert the delivery keys ({@code ON CONFLICT DO NOTHING},
 * returning the keys that were new), write every task row still at its claimed version and held by its claim
 * (its fencing token) one version up with its lease ended (returning the ids written), and insert the history
 * records of exactly those completions. The statement is atomic: a history record already there
 * (executions_once) fails it as a whole and nothing is written. The completions whose row was not written (a
 * person changed the task meanwhile, the lease was lost, the task is gone) had their keys committed with the
 * statement; they are left to {@link BatchWriter}, which handles them one by one as a lone completion would be.
 */
final class OneStatementBatch {
  /** The statements built so far, by which of the three kinds of rows they write (the SQL is fixed per kind). */
  private static final Map<Integer, String> BATCH_SQL = new ConcurrentHashMap<>();

  private final Database db;

  OneStatementBatch(Database db) {
    this.db = db;
  }

  /**
   * Writes {@code batch} in one statement and settles every write the statement wrote; returns the completions
   * whose row it did not write (their keys committed), for the caller to handle. Throws when the statement fails
   * as a whole; then nothing of it was written and no write is settled.
   */
  List<StoreWrite> write(List<StoreWrite> batch) {
    RowValues.Columns keys = new RowValues.Columns();
    RowValues.Columns tasks = new RowValues.Columns();
    RowValues.Columns records = new RowValues.Columns();
    Set<String> seenKeys = new HashSet<>();
    for (StoreWrite w : batch) {
      if (!w.isCompletion()) {
        // Two delivery-log writes of one key never share a batch; a completion's key may equal one of theirs.
        seenKeys.add(w.deliveryKey);
        keys.add(new RowValues().text("delivery_key", w.deliveryKey).stamp("recorded_at", w.at));
      }
    }
    for (StoreWrite w : batch) {
      if (w.isCompletion()) {
        for (String key : w.completion.deliveryKeys()) {
          if (seenKeys.add(key)) {
            keys.add(new RowValues().text("delivery_key", key).stamp("recorded_at", w.completion.completedAt()));
          }
        }
        if (w.taskRow != null) {
          tasks.add(w.taskRow);
          for (RowValues r : w.recordRows) {
            records.add(r);
          }
        }
      }
    }
    if (keys.rows() == 0 && tasks.rows() == 0) {
      // Only completions that do not apply to their claimed task and bring no keys: nothing for the statement.
      return batch;
    }
    String sql = batchSql(keys, tasks, records);
    Map<String, List<String>> answered = db.onConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bindBatch(c, ps, keys, tasks, records);
        Map<String, List<String>> m = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            m.computeIfAbsent(rs.getString(1), p -> new ArrayList<>()).add(rs.getString(2));
          }
        }
        return m;
      }
    });
    Set<String> newKeys = new HashSet<>(answered.getOrDefault("key", List.of()));
    Set<String> written = new HashSet<>(answered.getOrDefault("task", List.of()));
    List<StoreWrite> changed = new ArrayList<>();
    for (StoreWrite w : batch) {
      if (!w.isCompletion()) {
        w.succeed(newKeys.contains(w.deliveryKey));
      } else if (w.taskRow != null && written.contains(w.taskId())) {
        w.succeed(w.next);
      } else {
        changed.add(w);
      }
    }
    return changed;
  }

  /**
   * The one statement of a batch for rows of the three kinds; its parameters are the arrays of the delivery keys,
   * then of the tasks, then of the records ({@link #bindBatch}).
   */
  static String batchSql(RowValues.Columns keys, RowValues.Columns tasks, RowValues.Columns records) {
    int shape = (keys.rows() > 0 ? 1 : 0) | (tasks.rows() > 0 ? 2 : 0) | (records.rows() > 0 ? 4 : 0);
    return BATCH_SQL.computeIfAbsent(shape, k -> {
      List<String> ctes = new ArrayList<>();
      List<String> answers = new ArrayList<>();
      if (keys.rows() > 0) {
        ctes.add("k AS (INSERT INTO delivery_log (" + keys.names() + ") SELECT " + keys.typedValues("d")
            + " FROM " + keys.source("d") + " ON CONFLICT (delivery_key) DO NOTHING RETURNING delivery_key)");
        answers.add("SELECT 'key' AS part, delivery_key AS val FROM k");
      }
      if (tasks.rows() > 0) {
        ctes.add("u AS (UPDATE tasks t SET " + tasks.assignments("v", "id", "expected", "token")
            + ", lease_owner = NULL, lease_until = NULL FROM " + tasks.source("v")
            + " WHERE t.id = v.id AND t.version = CAST(v.expected AS bigint) AND t.lease_owner IS NOT NULL"
            + " AND t.lease_token = CAST(v.token AS bigint)"
            + " RETURNING t.id)");
        answers.add("SELECT 'task' AS part, id AS val FROM u");
        if (records.rows() > 0) {
          ctes.add("r AS (INSERT INTO executions (" + records.names("owner") + ") SELECT "
              + records.typedValues("x", "owner") + " FROM " + records.source("x")
              + " WHERE x.owner IN (SELECT id FROM u))");
        }
      }
      return "WITH " + String.join(", ", ctes) + " " + String.join(" UNION ALL ", answers);
    });
  }

  /** Binds the arrays of {@link #batchSql}'s statement: the kinds that have rows, in its order. */
  static void bindBatch(Connection c, PreparedStatement ps, RowValues.Columns keys, RowValues.Columns tasks,
      RowValues.Columns records) throws SQLException {
    int i = 1;
    for (RowValues.Columns kind : List.of(keys, tasks, records)) {
      if (kind.rows() == 0 || (kind == records && tasks.rows() == 0)) {
        continue;
      }
      for (String[] column : kind.arrays()) {
        ps.setArray(i++, c.createArrayOf("varchar", column));
      }
    }
  }
}

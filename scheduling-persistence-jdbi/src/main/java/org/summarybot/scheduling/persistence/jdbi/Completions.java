package org.summarybot.scheduling.persistence.jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.summarybot.scheduling.LeaseLostException;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.port.Pruned;

/**
 * Completions and delivery-log inserts written alone, each in its own transaction: every write on H2, and on
 * PostgreSQL a write retried alone after its group-commit batch failed as a whole. Also the delivery keys'
 * insert that batches share, and pruning of the history and the delivery log.
 *
 * <p>A completion is all or nothing (lease checked by its fencing token, history appended, the task written one
 * version up as {@link Completion#applyTo} makes it, lease ended), except that its delivery keys are always kept,
 * so the node that takes over does not send again.
 */
final class Completions {
  private final Database db;

  Completions(Database db) {
    this.db = db;
  }

  /**
   * A completion in its own transaction. Its delivery keys are inserted first, in the same transaction; a lost
   * lease or a deleted task is refused after the transaction committed them (nothing else written). When the
   * transaction fails (a history record already there, a lost connection), the keys are written in a transaction
   * of their own before the failure is thrown.
   */
  ScheduledTask complete(Completion completion) {
    Claim claim = completion.claim();
    TaskId id = claim.task().id();
    Object outcome;
    try {
      outcome = db.inTransaction(h -> {
        if (!completion.deliveryKeys().isEmpty()) {
          insertKeys(h, completion.deliveryKeys(), null, completion.completedAt());
        }
        Optional<Fence.Locked> row = h.createQuery("SELECT * FROM tasks WHERE id = :id FOR UPDATE")
            .bind("id", id.value()).map((rs, ctx) -> Fence.Locked.read(rs)).findOne();
        if (row.isEmpty()) {
          return new TaskNotFoundException(id);
        }
        if (!row.get().heldBy(claim)) {
          return new LeaseLostException(id, claim.nodeId(), claim.fencingToken());
        }
        ScheduledTask current = row.get().task();
        for (ExecutionRecord r : completion.replaced()) {
          // Replaced by a record of the same fire below (a backfill's), in this transaction.
          h.createUpdate("DELETE FROM executions WHERE task_id = :task AND scheduled_for = :fire")
              .bind("task", id.value()).bind("fire", Stamps.arg(r.scheduledFor())).execute();
        }
        if (!completion.records().isEmpty()) {
          PreparedBatch batch = h.prepareBatch(ExecutionRows.INSERT);
          for (ExecutionRecord r : completion.records()) {
            ExecutionRows.add(batch, r);
          }
          batch.execute();
        }
        ScheduledTask next = completion.applyTo(current).toBuilder().version(current.version() + 1).build();
        writeCompleted(h, next);
        return next;
      });
    } catch (SchedulingException e) {
      SchedulingException thrown = Database.isUniqueViolation(e)
          ? new SchedulingException("task " + id + ": an execution among "
              + completion.records().stream().map(r -> r.scheduledFor().toString()).toList()
              + " is already recorded; nothing was written (each fire runs once)", null)
          : e;
      if (!completion.deliveryKeys().isEmpty()) {
        try {
          db.inTransaction(h -> insertKeys(h, completion.deliveryKeys(), null, completion.completedAt()));
        } catch (RuntimeException keys) {
          thrown.addSuppressed(keys);
        }
      }
      throw thrown;
    }
    if (outcome instanceof RuntimeException refused) {
      throw refused;
    }
    return (ScheduledTask) outcome;
  }

  /**
   * Writes {@code next} over a task row locked by this transaction, with the lease ended; returns the row count.
   */
  static int writeCompleted(Handle h, ScheduledTask next) {
    return TaskRows.bind(h.createUpdate("UPDATE tasks SET " + TaskRows.ASSIGNMENTS
        + ", lease_owner = NULL, lease_until = NULL WHERE id = :id"), next).execute();
  }

  /** A delivery key recorded in its own transaction; whether it was new. */
  boolean recordDelivery(String deliveryKey, Instant at) {
    if (db.isPostgres()) {
      return db.run(h -> h.createUpdate("INSERT INTO delivery_log (delivery_key, recorded_at) VALUES (:key, :at)"
          + " ON CONFLICT (delivery_key) DO NOTHING").bind("key", deliveryKey).bind("at", Stamps.arg(at))
          .execute() == 1);
    }
    try {
      return db.run(h -> h.createUpdate("INSERT INTO delivery_log (delivery_key, recorded_at) VALUES (:key, :at)")
          .bind("key", deliveryKey).bind("at", Stamps.arg(at)).execute() == 1);
    } catch (SchedulingException e) {
      if (Database.isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Inserts delivery keys in one JDBC batch, each recorded at its own instant ({@code ats}) or all at {@code at};
   * a key already logged is left as it is (row count 0, no failure). PostgreSQL: {@code ON CONFLICT DO NOTHING},
   * which also counts 0 for a key a concurrent transaction inserts and commits. H2: a {@code MERGE} that inserts
   * only a missing key.
   */
  int[] insertKeys(Handle h, List<String> keys, List<Instant> ats, Instant at) {
    PreparedBatch b = h.prepareBatch(db.isPostgres()
        ? "INSERT INTO delivery_log (delivery_key, recorded_at) VALUES (:key, :at) ON CONFLICT (delivery_key) DO NOTHING"
        : "MERGE INTO delivery_log d USING (VALUES (CAST(:key AS VARCHAR(600)), CAST(:at AS TIMESTAMP WITH TIME ZONE)))"
            + " AS v(k, a) ON d.delivery_key = v.k WHEN NOT MATCHED THEN INSERT (delivery_key, recorded_at)"
            + " VALUES (v.k, v.a)");
    for (int i = 0; i < keys.size(); i++) {
      b.bind("key", keys.get(i)).bind("at", Stamps.arg(ats != null ? ats.get(i) : at)).add();
    }
    return b.execute();
  }

  /**
   * Deletes history records finished and delivery keys recorded before {@code olderThan}, of one guild's tasks (a
   * key by the execution whose id begins it) or of all; returns how many of each went.
   */
  Pruned prune(Optional<GuildId> guild, Instant olderThan) {
    return db.inTransaction(h -> {
      if (guild.isEmpty()) {
        int deliveries = h.createUpdate("DELETE FROM delivery_log WHERE recorded_at < :cutoff")
            .bind("cutoff", Stamps.arg(olderThan)).execute();
        int n = h.createUpdate("DELETE FROM executions WHERE finished_at < :cutoff")
            .bind("cutoff", Stamps.arg(olderThan)).execute();
        return new Pruned(n, deliveries);
      }
      // The keys first, while the records that name their executions are still there.
      int deliveries = h.createUpdate("DELETE FROM delivery_log WHERE recorded_at < :cutoff AND"
              + " POSITION('/' IN delivery_key) > 1 AND SUBSTRING(delivery_key FROM 1 FOR POSITION('/' IN delivery_key) - 1)"
              + " IN (SELECT execution_id FROM executions WHERE guild_id = :guild AND finished_at < :cutoff)")
          .bind("cutoff", Stamps.arg(olderThan)).bind("guild", guild.get().value()).execute();
      int n = h.createUpdate("DELETE FROM executions WHERE guild_id = :guild AND finished_at < :cutoff")
          .bind("cutoff", Stamps.arg(olderThan)).bind("guild", guild.get().value()).execute();
      return new Pruned(n, deliveries);
    });
  }
}

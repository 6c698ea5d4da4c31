package org.summarybot.scheduling.persistence.jdbi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.summarybot.scheduling.LeaseLostException;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Completion;

/**
 * Writes one group-commit batch of completions and delivery-log inserts ({@link WriteQueue} collects them): on
 * PostgreSQL in one statement ({@link OneStatementBatch}), on H2 in one transaction of JDBC batches. Each write's
 * result is set only once it committed. A completion whose lease was lost or whose task is gone is refused alone,
 * with the exception it would get alone, and writes nothing but the delivery keys it brought; the rest of the
 * batch commits. When the batch fails as a whole (a history record already there, a lost connection, a deadlock),
 * nothing of it was written and every write is retried alone ({@link Completions}), in its own transaction, so it
 * succeeds or fails on its own exactly as if it had never been batched.
 */
final class BatchWriter {
  private final Database db;
  private final Completions alone;
  private final OneStatementBatch oneStatement;
  /** Batches that failed as a whole and were retried one write at a time (for tests). */
  private final AtomicLong retriedAlone = new AtomicLong();

  BatchWriter(Database db, Completions alone) {
    this.db = db;
    this.alone = alone;
    this.oneStatement = new OneStatementBatch(db);
  }

  /** Writes {@code batch}, settling every write in it. */
  void write(List<StoreWrite> batch) {
    if (db.isPostgres()) {
      List<StoreWrite> changed;
      try {
        changed = oneStatement.write(batch);
      } catch (RuntimeException e) {
        retryAlone(batch);
        return;
      }
      if (!changed.isEmpty()) {
        completeChangedInOwnTransaction(changed);
      }
      return;
    }
    if (batch.size() == 1) {
      writeAlone(batch.get(0));
      return;
    }
    List<StoreWrite> deliveries = new ArrayList<>();
    List<StoreWrite> completions = new ArrayList<>();
    for (StoreWrite w : batch) {
      (w.isCompletion() ? completions : deliveries).add(w);
    }
    Map<StoreWrite, Object> results;
    try {
      results = db.inTransaction(h -> {
        Map<StoreWrite, Object> out = new IdentityHashMap<>();
        recordDeliveries(h, deliveries, completions, out);
        if (!completions.isEmpty()) {
          completeAll(h, completions, out);
        }
        return out;
      });
    } catch (RuntimeException e) {
      retryAlone(batch);
      return;
    }
    settle(batch, results);
  }

  /** Batches that failed as a whole and were retried one write at a time. */
  long retriedAlone() {
    return retriedAlone.get();
  }

  private void retryAlone(List<StoreWrite> batch) {
    retriedAlone.incrementAndGet();
    for (StoreWrite w : batch) {
      writeAlone(w);
    }
  }

  private void writeAlone(StoreWrite w) {
    try {
      w.succeed(w.isCompletion() ? alone.complete(w.completion) : alone.recordDelivery(w.deliveryKey, w.at));
    } catch (RuntimeException e) {
      w.fail(e);
    }
  }

  /**
   * The completions of a batch whose row changed since the claim (their keys already committed): locked and
   * handled one by one in one transaction, with the history records of those written; retried alone when that
   * transaction fails as a whole.
   */
  private void completeChangedInOwnTransaction(List<StoreWrite> changed) {
    Map<StoreWrite, Object> results;
    try {
      results = db.inTransaction(h -> {
        Map<StoreWrite, Object> out = new IdentityHashMap<>();
        List<StoreWrite> written = new ArrayList<>();
        completeChanged(h, changed, out, written);
        insertHistory(h, written);
        return out;
      });
    } catch (RuntimeException e) {
      retryAlone(changed);
      return;
    }
    settle(changed, results);
  }

  /** Gives each write its own result from a committed batch: its value, or the exception meant for it alone. */
  private static void settle(List<StoreWrite> writes, Map<StoreWrite, Object> results) {
    for (StoreWrite w : writes) {
      Object r = results.get(w);
      if (r instanceof RuntimeException e) {
        w.fail(e);
      } else {
        w.succeed(r);
      }
    }
  }

  /**
   * H2: inserts, in one JDBC batch, the keys of the delivery-log writes (each new when its row count is 1) and
   * then the delivery keys the completions bring. A key already logged is left as it is, so the completions' keys
   * are committed with the batch even when their completions are refused.
   */
  private void recordDeliveries(Handle h, List<StoreWrite> deliveries, List<StoreWrite> completions,
      Map<StoreWrite, Object> out) {
    List<String> keys = new ArrayList<>();
    List<Instant> ats = new ArrayList<>();
    for (StoreWrite w : deliveries) {
      keys.add(w.deliveryKey);
      ats.add(w.at);
    }
    for (StoreWrite w : completions) {
      for (String key : w.completion.deliveryKeys()) {
        keys.add(key);
        ats.add(w.completion.completedAt());
      }
    }
    if (keys.isEmpty()) {
      return;
    }
    int[] counts = alone.insertKeys(h, keys, ats, null);
    for (int i = 0; i < deliveries.size(); i++) {
      out.put(deliveries.get(i), countOf(counts, i, keys.size()) == 1);
    }
  }

  /**
   * H2: completes the claims in one transaction. First, optimistically, every row still at the claimed version
   * and held by the claim (its fencing token) is written one version up with its lease ended, in one JDBC batch
   * (the row is then exactly the claimed task, so the completion applies to it as it would to a freshly locked
   * row). The rest (a person changed the task meanwhile, the lease was lost, the task is gone) are locked and
   * handled as a lone completion would be ({@link #completeChanged}). Last, the history records of every
   * completion written go in one JDBC batch.
   */
  private void completeAll(Handle h, List<StoreWrite> ws, Map<StoreWrite, Object> out) {
    PreparedBatch unchanged = h.prepareBatch("UPDATE tasks SET " + TaskRows.ASSIGNMENTS
        + ", lease_owner = NULL, lease_until = NULL WHERE id = :id AND version = :expected AND " + Fence.HELD);
    List<ScheduledTask> nexts = new ArrayList<>(ws.size());
    for (StoreWrite w : ws) {
      Claim claim = w.completion.claim();
      ScheduledTask claimed = claim.task();
      ScheduledTask next = w.completion.applyTo(claimed).toBuilder().version(claimed.version() + 1).build();
      nexts.add(next);
      TaskRows.bind(unchanged, next).bind("expected", claimed.version()).bind("token", claim.fencingToken()).add();
    }
    int[] counts = unchanged.execute();
    List<StoreWrite> written = new ArrayList<>(ws.size());
    List<StoreWrite> changed = new ArrayList<>();
    for (int i = 0; i < ws.size(); i++) {
      if (countOf(counts, i, ws.size()) == 1) {
        out.put(ws.get(i), nexts.get(i));
        written.add(ws.get(i));
      } else {
        changed.add(ws.get(i));
      }
    }
    if (!changed.isEmpty()) {
      completeChanged(h, changed, out, written);
    }
    insertHistory(h, written);
  }

  /**
   * The completions whose row changed since the claim: locked in id order in one statement, then each refused
   * with its own exception (lease lost, task gone) and nothing written, or applied to the row as it now is.
   */
  private static void completeChanged(Handle h, List<StoreWrite> ws, Map<StoreWrite, Object> out,
      List<StoreWrite> written) {
    List<String> ids = new ArrayList<>(ws.size());
    for (StoreWrite w : ws) {
      ids.add(w.taskId());
    }
    Map<String, Fence.Locked> locked = new HashMap<>();
    h.createQuery("SELECT * FROM tasks WHERE id IN (<ids>) ORDER BY id FOR UPDATE").bindList("ids", ids)
        .map((rs, ctx) -> Fence.Locked.read(rs))
        .forEach(l -> locked.put(l.task().id().value(), l));
    for (StoreWrite w : ws) {
      Completion c = w.completion;
      TaskId id = c.claim().task().id();
      Fence.Locked l = locked.get(id.value());
      if (l == null) {
        out.put(w, new TaskNotFoundException(id));
        continue;
      }
      if (!l.heldBy(c.claim())) {
        out.put(w, new LeaseLostException(id, c.claim().nodeId(), c.claim().fencingToken()));
        continue;
      }
      ScheduledTask current = l.task();
      ScheduledTask next = c.applyTo(current).toBuilder().version(current.version() + 1).build();
      if (Completions.writeCompleted(h, next) != 1) {
        throw new IllegalStateException("a locked task row was not updated");
      }
      out.put(w, next);
      written.add(w);
    }
  }

  /** The history records of the completions written, in one JDBC batch. */
  private static void insertHistory(Handle h, List<StoreWrite> written) {
    PreparedBatch history = h.prepareBatch(ExecutionRows.INSERT);
    int records = 0;
    for (StoreWrite w : written) {
      for (ExecutionRecord r : w.completion.records()) {
        ExecutionRows.add(history, r);
        records++;
      }
    }
    if (records > 0) {
      // A record already in the history (executions_once) fails the statement and so the whole batch.
      history.execute();
    }
  }

  /** The row count of statement {@code i} of a JDBC batch of {@code n}; unknown counts fail the batch. */
  private static int countOf(int[] counts, int i, int n) {
    if (counts.length != n || counts[i] < 0) {
      throw new IllegalStateException("the JDBC driver did not report the row count of each batched statement");
    }
    return counts[i];
  }
}

package org.summarybot.scheduling.persistence.jdbi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.port.Completion;

/**
 * Where completions and delivery-log inserts go: on PostgreSQL into the group commit ({@link GroupCommit}), so
 * writes of the store's threads at about the same time share one transaction and one commit (one WAL flush),
 * each batch written by {@link BatchWriter}; on H2 straight to {@link Completions}, one transaction each. H2 does
 * not flush per commit, so there batching saves nothing and its single writer would cost parallelism; the batch
 * writer is correct on H2 too ({@code H2GroupCommitTest} keeps it so).
 */
final class WriteQueue {

  /** Most writes (completions and delivery-log inserts) in one group-commit transaction. */
  static final int MAX_BATCH = 128;

  /**
   * Group-commit transactions of one store in flight at once: one, and the writes that arrive meanwhile collect
   * for the next (two at once made smaller batches, more commits and a lower rate).
   */
  static final int MAX_WRITERS = 1;

  private final Database db;
  private final Completions alone;
  private final BatchWriter batches;
  /** Whether concurrent writes are group-committed: on PostgreSQL, where every commit waits for a WAL flush. */
  private final boolean groupCommit;
  /**
   * Writes what a group-commit leader leaves queued once its own write is settled, for completions whose workers
   * went on without waiting (see {@link GroupCommit}): one daemon thread, started when needed and gone after a
   * second without work.
   */
  private final ThreadPoolExecutor relay = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "summary-scheduler-store-writer");
        t.setDaemon(true);
        return t;
      });
  private final GroupCommit<StoreWrite> queue;

  WriteQueue(Database db, Completions alone) {
    this.db = db;
    this.alone = alone;
    this.batches = new BatchWriter(db, alone);
    this.groupCommit = db.isPostgres();
    this.queue = new GroupCommit<>(MAX_BATCH, MAX_WRITERS, batches::write, relay);
  }

  /** Writes the completion (with its delivery keys, kept even when it is refused); returns once it committed. */
  ScheduledTask complete(Completion completion) {
    db.checkOpen();
    if (!groupCommit || !completion.replaced().isEmpty()) {
      // A completion that replaces history records (a backfill's, rare) is written alone, deletes first.
      return alone.complete(completion);
    }
    return (ScheduledTask) queue.submit(StoreWrite.completion(completion, true));
  }

  /**
   * The completion joins the group commit without its caller waiting (see {@link GroupCommit}); {@code done} runs
   * once its batch committed or failed, on the thread that wrote the batch. A scheduler's workers so go on with
   * their next execution meanwhile, and the batches grow. On H2 it is {@link #complete}, then {@code done}.
   */
  void completeThen(Completion completion, BiConsumer<ScheduledTask, RuntimeException> done) {
    if (!groupCommit || !completion.replaced().isEmpty()) {
      ScheduledTask stored;
      try {
        stored = complete(completion);
      } catch (RuntimeException e) {
        done.accept(null, e);
        return;
      }
      done.accept(stored, null);
      return;
    }
    try {
      db.checkOpen();
    } catch (RuntimeException e) {
      done.accept(null, e);
      return;
    }
    StoreWrite w = StoreWrite.completion(completion, true);
    queue.submitThen(w, () -> {
      ScheduledTask stored;
      try {
        stored = (ScheduledTask) w.result();
      } catch (RuntimeException e) {
        done.accept(null, e);
        return;
      }
      done.accept(stored, null);
    });
  }

  /** Logs the delivery key; whether it was new. Returns once it committed. */
  boolean recordDelivery(String deliveryKey, Instant at) {
    db.checkOpen();
    if (!groupCommit) {
      return alone.recordDelivery(deliveryKey, at);
    }
    return (Boolean) queue.submit(StoreWrite.delivery(deliveryKey, at));
  }

  /**
   * For tests: writes the given completions and delivery keys (recorded at {@code at}) as one group-commit
   * batch, as concurrent callers would have it written; returns, in order, each one's result (the stored task,
   * whether the key was new) or the exception its caller would get.
   */
  List<Object> writeAsOneBatch(List<?> completionsAndDeliveryKeys, Instant at) {
    List<StoreWrite> batch = new ArrayList<>();
    for (Object o : completionsAndDeliveryKeys) {
      batch.add(o instanceof Completion c ? StoreWrite.completion(c, db.isPostgres())
          : StoreWrite.delivery((String) o, at));
    }
    batches.write(batch);
    List<Object> out = new ArrayList<>();
    for (StoreWrite w : batch) {
      try {
        out.add(w.result());
      } catch (RuntimeException e) {
        out.add(e);
      }
    }
    return out;
  }

  /** For tests: group-commit batches that failed as a whole and were retried one write at a time. */
  long batchesRetriedAlone() {
    return batches.retriedAlone();
  }

  /**
   * Stops the relay. A relay run already queued still runs (its writes fail, the store being closed, and are
   * called back with the failure); later leftovers are written, failing, by their leader.
   */
  void close() {
    relay.shutdown();
  }
}

package org.summarybot.scheduling.persistence.jdbi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.port.Completion;

/**
 * A completion or a delivery-log insert waiting for its group commit ({@link WriteQueue}): one or the other is
 * set. For the PostgreSQL batch statement ({@link OneStatementBatch}) a completion also carries its rows, made by
 * the calling thread before it queues (see {@link #StoreWrite}).
 */
final class StoreWrite extends GroupCommit.Write {
  /** The completion; null for a delivery-log insert. */
  final Completion completion;
  /** The delivery key to log, and when; null for a completion. */
  final String deliveryKey;
  final Instant at;
  /**
   * A completion's task as it is written when its row is as claimed (claimed version + 1) and its rows for the
   * batch statement; null (and no records) when they were not made, or the completion does not apply to the
   * claimed task.
   */
  final ScheduledTask next;
  final RowValues taskRow;
  final List<RowValues> recordRows;

  static StoreWrite delivery(String deliveryKey, Instant at) {
    return new StoreWrite(null, deliveryKey, at, false);
  }

  /**
   * A completion; with {@code rowsForOneStatement} its rows are made now. That is a speed trick: the task's next
   * version and the text of its rows are computed by the worker that completes, in parallel with the other
   * workers, so the one writer of a batch only gathers them.
   */
  static StoreWrite completion(Completion completion, boolean rowsForOneStatement) {
    return new StoreWrite(completion, null, null, rowsForOneStatement);
  }

  private StoreWrite(Completion completion, String deliveryKey, Instant at, boolean rowsForOneStatement) {
    this.completion = completion;
    this.deliveryKey = deliveryKey;
    this.at = at;
    ScheduledTask n = null;
    RowValues row = null;
    List<RowValues> records = List.of();
    if (completion != null && rowsForOneStatement) {
      try {
        ScheduledTask claimed = completion.claim().task();
        n = completion.applyTo(claimed).toBuilder().version(claimed.version() + 1).build();
        row = TaskRows.values(n).bigint("expected", claimed.version())
            .bigint("token", completion.claim().fencingToken());
        row.texts();
        records = new ArrayList<>(completion.records().size());
        for (ExecutionRecord r : completion.records()) {
          RowValues record = ExecutionRows.values(r).text("owner", claimed.id().value());
          record.texts();
          records.add(record);
        }
      } catch (RuntimeException e) {
        // Not applicable to the claimed task: the batch writes it like a changed row (locked, applied to the
        // row as it then is, or failing alone with its own exception), as the lone path would.
        n = null;
        row = null;
        records = List.of();
      }
    }
    next = n;
    taskRow = row;
    recordRows = records;
  }

  boolean isCompletion() {
    return completion != null;
  }

  /** The id of the completion's task. */
  String taskId() {
    return completion.claim().task().id().value();
  }

  @Override
  Object key() {
    // A task id (one row of tasks) or a delivery key (one row of delivery_log); the types keep them apart.
    return completion != null ? completion.claim().task().id() : deliveryKey;
  }
}

package org.summarybot.scheduling.testkit;

import java.time.Instant;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.port.Claim;

/** Delivery-log keys as the scheduler writes them: the execution id, a slash, the destination's key. */
final class ExecutionRecordKeys {
  private ExecutionRecordKeys() {}

  /** The key of the delivery of the claimed fire to the task's first destination. */
  static String key(Claim c) {
    return key(c.task(), c.dueAt());
  }

  /** The key of the delivery of {@code task}'s fire at {@code fire} to its first destination. */
  static String key(ScheduledTask task, Instant fire) {
    return ExecutionId.of(task.id(), fire).deliveryKey(task.destinations().get(0));
  }
}

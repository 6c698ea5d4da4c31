package org.summarybot.scheduling.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.Summary;

/**
 * One summary to deliver to one destination, within one execution.
 *
 * @param attempt the attempt number of the execution (1 for the first)
 * @param journal the parts of this delivery already sent by earlier attempts
 */
public record DeliveryRequest(
    ExecutionId executionId, ScheduledTask task, Destination destination, Summary summary, Instant scheduledFor,
    int attempt, DeliveryJournal journal) {
  public DeliveryRequest {
    requireNonNull(executionId, "executionId");
    requireNonNull(task, "task");
    requireNonNull(destination, "destination");
    requireNonNull(summary, "summary");
    requireNonNull(scheduledFor, "scheduledFor");
    requireNonNull(journal, "journal");
  }

  /**
   * The idempotency key of this delivery: the same for every attempt, restart and node. Receivers may drop a
   * second request carrying it.
   */
  public String idempotencyKey() {
    return executionId.deliveryKey(destination);
  }
}

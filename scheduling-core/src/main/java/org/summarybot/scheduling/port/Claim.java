package org.summarybot.scheduling.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.summarybot.scheduling.model.ScheduledTask;

/**
 * A task handed to one node to run its due work, with a lease: until {@code leaseUntil} no other node is given
 * this task. The holder extends the lease while it works and ends it with
 * {@link TaskStore#complete(Completion)} or {@link TaskStore#releaseLease}; if it dies, the lease expires and
 * another node claims the same work (same fire time, same execution id).
 *
 * @param task the task as stored at the moment of the claim
 * @param dueAt the instant the task was due ({@link ScheduledTask#dueAt()})
 */
public record Claim(ScheduledTask task, Instant dueAt, String nodeId, Instant leaseUntil) {
  public Claim {
    requireNonNull(task, "task");
    requireNonNull(dueAt, "dueAt");
    requireNonNull(nodeId, "nodeId");
    requireNonNull(leaseUntil, "leaseUntil");
  }
}

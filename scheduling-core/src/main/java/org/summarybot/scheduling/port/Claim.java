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
 * <h2>Fencing</h2>
 * Every claim of a task carries a {@linkplain #fencingToken fencing token}, a number the store makes larger with
 * every claim of that task. The lease is identified by it, not by the node: extend, release and complete succeed
 * only while the claim's token is the task's current one. A holder whose lease expired and was claimed again,
 * even by its own node (after a database outage, say), holds a stale token: it is refused and changes nothing,
 * so an old completion can neither be written over the new claim's work nor end the new claim's lease.
 *
 * @param task the task as stored at the moment of the claim
 * @param dueAt the instant the task was due ({@link ScheduledTask#dueAt()})
 * @param nodeId the node holding the claim; it names the holder (for logs and status), it does not identify the
 *     lease
 * @param fencingToken this claim's token: larger than the token of every earlier claim of the same task
 * @param firstHolder true only when the store knows that no node held this task for this due time before, so
 *     nothing of this work can have been delivered yet and the scheduler need not read the delivery log for
 *     it; false when the store does not know (always safe). A claim after an expired or handed-back lease of the
 *     same due time is never a first holder.
 * @param storeHandle opaque to everyone but the store that made the claim, which may use it to find the task
 *     again without a lookup (the in-memory store keeps its entry here); null when the store keeps none. A store
 *     must check that a handle is its own and still current before trusting it.
 */
public record Claim(ScheduledTask task, Instant dueAt, String nodeId, long fencingToken, Instant leaseUntil,
    boolean firstHolder, Object storeHandle) {
  public Claim {
    requireNonNull(task, "task");
    requireNonNull(dueAt, "dueAt");
    requireNonNull(nodeId, "nodeId");
    requireNonNull(leaseUntil, "leaseUntil");
  }

  /** A claim without a store handle. */
  public Claim(ScheduledTask task, Instant dueAt, String nodeId, long fencingToken, Instant leaseUntil,
      boolean firstHolder) {
    this(task, dueAt, nodeId, fencingToken, leaseUntil, firstHolder, null);
  }

  /** This claim with its lease extended to {@code until} (the same claim: the same token). */
  public Claim withLeaseUntil(Instant until) {
    return new Claim(task, dueAt, nodeId, fencingToken, until, firstHolder, storeHandle);
  }
}

package org.summarybot.scheduling.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.TaskStore;

/**
 * The claims this node holds, queued for a worker or running, and the extension of their leases: at each
 * {@link #beat}, a lease with less than half its length left is extended by a whole lease. A claim leaves the
 * heartbeat's sight ({@link #forget}) before its completion goes to the store: extending a lease that is being
 * given up would race with it, and report a completed execution as a lost lease.
 */
final class Heartbeat {
  private static final System.Logger LOG = System.getLogger(TaskScheduler.class.getName());

  private final TaskStore store;
  private final Duration lease;
  private final Map<TaskId, Claim> held = new ConcurrentHashMap<>();

  Heartbeat(TaskStore store, Duration lease) {
    this.store = store;
    this.lease = lease;
  }

  /** Keeps the lease of {@code claim} alive from now on. */
  void watch(Claim claim) {
    held.put(claim.task().id(), claim);
  }

  /** Stops extending the lease of the task's claim. */
  void forget(TaskId id) {
    held.remove(id);
  }

  /** Whether this node holds a claim of the task (queued or running). */
  boolean holds(TaskId id) {
    return held.containsKey(id);
  }

  /** How many claims are held. */
  int count() {
    return held.size();
  }

  /** The claims held now. */
  List<Claim> held() {
    return List.copyOf(held.values());
  }

  /** Extends every held lease that has less than half its length left at {@code now}. */
  void beat(Instant now) {
    Duration half = lease.dividedBy(2);
    for (Claim c : held.values()) {
      if (Duration.between(now, c.leaseUntil()).compareTo(half) < 0) {
        Instant until = now.plus(lease);
        if (store.extendLease(c, until)) {
          held.replace(c.task().id(), c, c.withLeaseUntil(until));
        } else if (held.get(c.task().id()) == c) {
          // Still ours and not completing (a completing claim leaves the map first): the lease was taken over.
          LOG.log(Level.WARNING, "task {0}: lease lost while running; its result will be dropped", c.task().id());
        }
      }
    }
  }
}

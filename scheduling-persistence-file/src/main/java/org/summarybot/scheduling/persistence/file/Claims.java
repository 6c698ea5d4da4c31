package org.summarybot.scheduling.persistence.file;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.Claim;

/**
 * Claiming due tasks over the due index and the leases: which task is free, what falls due next, who holds what,
 * and each claim's fencing token (the next after the directory's {@code lastToken}). Used only under the store's
 * lock.
 */
final class Claims {
  private final TaskView view;
  private final Leases leases;

  Claims(TaskView view, Leases leases) {
    this.view = view;
    this.leases = leases;
  }

  /** Leases up to {@code limit} tasks due by {@code now} that no live lease holds to {@code node} until {@code until}. */
  List<Claim> claim(Instant now, int limit, String node, Instant until) throws IOException {
    List<Claim> out = new ArrayList<>();
    Map<TaskId, Leases.Lease> next = leases.copy();
    long token = leases.lastToken();
    for (DueKey k : view.due()) {
      if (out.size() >= limit || k.at().isAfter(now)) {
        break;
      }
      TaskEntry e = view.get(k.id());
      if (!leases.live(e, now)) {
        token++;
        next.put(k.id(), new Leases.Lease(k.id(), node, until, e.epoch, token));
        out.add(new Claim(e.task, k.at(), node, token, until, false));
      }
    }
    if (!out.isEmpty()) {
      leases.write(next, token, view);
    }
    return out;
  }

  /** The earliest active task no live lease holds at {@code now}; with {@code dueOnly}, only when due by then. */
  DueKey firstFree(Instant now, boolean dueOnly) {
    for (DueKey k : view.due()) {
      if (dueOnly && k.at().isAfter(now)) {
        return null;
      }
      if (!leases.live(view.get(k.id()), now)) {
        return k;
      }
    }
    return null;
  }

  /** When the next task falls due: the first free one, or a live lease of a due task running out before it. */
  Optional<Instant> nextDueAt(Instant now) {
    DueKey free = firstFree(now, false);
    Instant best = free == null ? null : free.at();
    for (Leases.Lease l : leases.all()) {
      TaskEntry e = view.get(l.id());
      if (e != null && e.dueKey != null && l.epoch() == e.epoch && l.until().isAfter(now)
          && (best == null || l.until().isBefore(best))) {
        best = l.until();
      }
    }
    return Optional.ofNullable(best);
  }

  Map<TaskId, String> holders(Instant now) {
    Map<TaskId, String> out = new TreeMap<>();
    for (Leases.Lease l : leases.all()) {
      TaskEntry e = view.get(l.id());
      if (e != null && leases.live(e, now)) {
        out.put(l.id(), l.node());
      }
    }
    return out;
  }

  /** Extends the lease {@code claim} holds to {@code until}; false when it holds none. */
  boolean extend(Claim claim, Instant until) throws IOException {
    TaskId id = claim.task().id();
    TaskEntry e = view.get(id);
    if (e == null || !leases.holds(e, claim)) {
      return false;
    }
    Map<TaskId, Leases.Lease> next = leases.copy();
    next.put(id, new Leases.Lease(id, claim.nodeId(), until, e.epoch, claim.fencingToken()));
    leases.write(next, leases.lastToken(), view);
    return true;
  }

  /** Ends the lease {@code claim} holds; false when it holds none. */
  boolean release(Claim claim) throws IOException {
    TaskId id = claim.task().id();
    TaskEntry e = view.get(id);
    if (e == null || !leases.holds(e, claim)) {
      return false;
    }
    leases.remove(id, view);
    return true;
  }
}

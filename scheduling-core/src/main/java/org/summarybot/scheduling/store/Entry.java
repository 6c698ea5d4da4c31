package org.summarybot.scheduling.store;

import java.time.Instant;
import java.util.NavigableMap;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;

/**
 * One task of an {@link InMemoryTaskStore} with its lease, its place in the store's indexes and its history;
 * guarded by the store's lock. An entry is a node in at most one {@link Bucket} ({@link #prev}/{@link #next}):
 * the due bucket of {@link #dueAt} while it waits, the lease bucket of {@link #leaseUntil} while a node holds it;
 * never both.
 */
final class Entry {
  /** The store holding this entry: a claim's handle is trusted only by its own store. */
  final Object owner;
  /** The task's id, here so that probing the id table compares ids without loading the task. */
  final TaskId id;
  /** Set when the task is deleted: a claim's handle to it no longer stands for the task's id. */
  boolean removed;
  ScheduledTask task;
  /** The node of a live lease, null when no live lease holds the task (none, or it expired). */
  String leaseOwner;
  Instant leaseUntil;
  /**
   * The token of the claim that holds the task, 0 when none does (handed back or completed). An expired lease
   * stays held until the task is claimed again (see TaskStore#complete).
   */
  long heldToken;
  Instant dueAt;
  Entry prev;
  Entry next;
  /** The due time this task was last claimed for: a claim of the same due time is not a first holder. */
  Instant claimedDue;
  /**
   * The task's history: null while it has none, the one {@link ExecutionRecord} while it has one (most tasks
   * that ever ran: one-shots), else a {@link NavigableMap} by scheduled fire (see {@link TaskHistory}).
   */
  Object history;

  Entry(Object owner, ScheduledTask task) {
    this.owner = owner;
    this.id = task.id();
    this.task = task;
  }
}

package org.summarybot.scheduling.persistence.file;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.summarybot.scheduling.model.TaskId;

/**
 * This process's view of the task files: every task by id, and the due index (active tasks by due time, then id).
 * Used only under the store's lock.
 */
final class TaskView {
  private final Map<TaskId, TaskEntry> tasks = new HashMap<>();
  private final TreeSet<DueKey> due = new TreeSet<>();

  TaskEntry get(TaskId id) {
    return tasks.get(id);
  }

  boolean contains(TaskId id) {
    return tasks.containsKey(id);
  }

  Collection<TaskEntry> all() {
    return tasks.values();
  }

  /** Due keys, earliest first. */
  Iterable<DueKey> due() {
    return due;
  }

  void put(TaskEntry e) {
    TaskEntry old = tasks.put(e.task.id(), e);
    if (old != null && old.dueKey != null) {
      due.remove(old.dueKey);
    }
    if (e.task.isActive() && e.task.dueAt().isPresent()) {
      e.dueKey = new DueKey(e.task.dueAt().get(), e.task.id());
      due.add(e.dueKey);
    }
  }

  void remove(TaskId id) {
    TaskEntry old = tasks.remove(id);
    if (old != null && old.dueKey != null) {
      due.remove(old.dueKey);
    }
  }

  void clear() {
    tasks.clear();
    due.clear();
  }

  /**
   * Installs what a full load read: {@code entries} (their due keys set by the loader) and the due index from
   * {@code sortedKeys}, built in linear time.
   */
  void install(List<TaskEntry> entries, DueKey[] sortedKeys) {
    for (TaskEntry e : entries) {
      tasks.put(e.task.id(), e); // ids are unique here: each is its file's name
    }
    due.addAll(new SortedKeys(Arrays.asList(sortedKeys)));
  }

  /** Keys already in order, so that {@link TreeSet#addAll} takes its linear-time path; only iteration is used. */
  private static final class SortedKeys extends AbstractSet<DueKey> implements SortedSet<DueKey> {
    private final List<DueKey> keys;

    SortedKeys(List<DueKey> keys) {
      this.keys = keys;
    }

    @Override
    public Iterator<DueKey> iterator() {
      return keys.iterator();
    }

    @Override
    public int size() {
      return keys.size();
    }

    @Override
    public Comparator<? super DueKey> comparator() {
      return null; // natural order, as the TreeSet's
    }

    @Override
    public SortedSet<DueKey> subSet(DueKey from, DueKey to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SortedSet<DueKey> headSet(DueKey to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SortedSet<DueKey> tailSet(DueKey from) {
      throw new UnsupportedOperationException();
    }

    @Override
    public DueKey first() {
      return keys.get(0);
    }

    @Override
    public DueKey last() {
      return keys.get(keys.size() - 1);
    }
  }
}

package org.summarybot.scheduling.persistence.file;

import java.time.Instant;
import org.summarybot.scheduling.model.TaskId;

/** A task's place in the due index: by due time, then id. */
record DueKey(Instant at, TaskId id) implements Comparable<DueKey> {
  @Override
  public int compareTo(DueKey o) {
    int c = at.compareTo(o.at);
    return c != 0 ? c : id.compareTo(o.id);
  }
}

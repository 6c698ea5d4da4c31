package org.summarybot.scheduling.engine;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.time.Instant;
import java.time.ZoneId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.port.Trigger;
import org.summarybot.scheduling.port.TriggerFactory;

/** Triggers of tasks, parsed once and kept in a bounded cache (many tasks share a schedule). */
final class Triggers {
  private record Key(String schedule, ZoneId zone, Instant anchor) {}

  private final TriggerFactory factory;
  private final Cache<Key, Trigger> cache = CacheBuilder.newBuilder().maximumSize(10_000).build();
  /** The wall-clock trigger asked for last: tasks created in a row tend to share their schedule. */
  private volatile Shared last;

  private record Shared(String schedule, ZoneId zone, Trigger trigger) {}

  Triggers(TriggerFactory factory) {
    this.factory = factory;
  }

  /** The trigger of a task; its elapsed-time grid is anchored at the task's creation. */
  Trigger of(ScheduledTask task) {
    return of(task.schedule(), task.zone(), task.createdAt());
  }

  Trigger of(String schedule, ZoneId zone, Instant anchor) {
    // Wall-clock triggers ignore the anchor, so tasks sharing a schedule and zone share one trigger; only
    // elapsed-time triggers are cached per anchor.
    Shared recent = last;
    if (recent != null && recent.schedule.equals(schedule) && recent.zone.equals(zone)) {
      return recent.trigger;
    }
    Trigger shared = cache.getIfPresent(new Key(schedule, zone, null));
    if (shared != null) {
      last = new Shared(schedule, zone, shared);
      return shared;
    }
    Key anchored = new Key(schedule, zone, anchor);
    Trigger t = cache.getIfPresent(anchored);
    if (t == null) {
      t = factory.create(schedule, zone, anchor);
      cache.put(t.followsWallClock() ? new Key(schedule, zone, null) : anchored, t);
      if (t.followsWallClock()) {
        last = new Shared(schedule, zone, t);
      }
    }
    return t;
  }
}

package org.summarybot.scheduling.engine;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.time.Instant;
import java.time.ZoneId;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TimeOptions;
import org.summarybot.scheduling.port.Trigger;
import org.summarybot.scheduling.port.TriggerFactory;

/**
 * Triggers of tasks, parsed once and kept in a bounded cache (many tasks share a schedule). A task's trigger gives
 * its nominal fires: the schedule under the task's DST policy, cut to its bounds ({@link TimeOptions}).
 */
final class Triggers {
  private record Key(String schedule, ZoneId zone, Instant anchor, DstGap gap, DstOverlap overlap) {}

  private final TriggerFactory factory;
  private final Cache<Key, Trigger> cache = CacheBuilder.newBuilder().maximumSize(10_000).build();
  /** The wall-clock trigger asked for last: tasks created in a row tend to share their schedule. */
  private volatile Shared last;

  private record Shared(String schedule, ZoneId zone, DstGap gap, DstOverlap overlap, Trigger trigger) {}

  Triggers(TriggerFactory factory) {
    this.factory = factory;
  }

  /**
   * The trigger of a task: its nominal fires. An elapsed-time grid is anchored at the task's {@code starts}, else
   * at its creation.
   */
  Trigger of(ScheduledTask task) {
    return of(task.schedule(), task.zone(), task.createdAt(), task.timeOptions());
  }

  /** The nominal fires of {@code schedule} under {@code options}, for a task created at {@code createdAt}. */
  Trigger of(String schedule, ZoneId zone, Instant createdAt, TimeOptions options) {
    Instant starts = options.starts().orElse(null);
    Trigger t = of(schedule, zone, starts != null ? starts : createdAt, options.dstGap(), options.dstOverlap());
    return t.bounded(options.starts(), options.ends());
  }

  Trigger of(String schedule, ZoneId zone, Instant anchor, DstGap gap, DstOverlap overlap) {
    // Wall-clock triggers ignore the anchor, so tasks sharing a schedule, zone and policy share one trigger;
    // only elapsed-time triggers are cached per anchor.
    Shared recent = last;
    if (recent != null && recent.schedule.equals(schedule) && recent.zone.equals(zone) && recent.gap == gap
        && recent.overlap == overlap) {
      return recent.trigger;
    }
    Trigger shared = cache.getIfPresent(new Key(schedule, zone, null, gap, overlap));
    if (shared != null) {
      last = new Shared(schedule, zone, gap, overlap, shared);
      return shared;
    }
    Key anchored = new Key(schedule, zone, anchor, gap, overlap);
    Trigger t = cache.getIfPresent(anchored);
    if (t == null) {
      t = factory.create(schedule, zone, anchor, gap, overlap);
      cache.put(t.followsWallClock() ? new Key(schedule, zone, null, gap, overlap) : anchored, t);
      if (t.followsWallClock()) {
        last = new Shared(schedule, zone, gap, overlap, t);
      }
    }
    return t;
  }
}

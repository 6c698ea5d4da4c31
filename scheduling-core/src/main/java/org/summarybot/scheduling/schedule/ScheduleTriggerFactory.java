package org.summarybot.scheduling.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.port.Trigger;
import org.summarybot.scheduling.port.TriggerFactory;

/**
 * The {@link TriggerFactory} the engine uses: parses a persisted schedule text with {@link Schedules#parse}
 * and binds it to the task's zone and anchor. Stateless and thread-safe.
 */
public final class ScheduleTriggerFactory implements TriggerFactory {
  @Override
  public Trigger create(String schedule, ZoneId zone, Instant anchor) {
    requireNonNull(zone, "zone");
    requireNonNull(anchor, "anchor");
    return Schedules.parse(schedule).trigger(zone, anchor);
  }

  @Override
  public Trigger create(String schedule, ZoneId zone, Instant anchor, DstGap gap, DstOverlap overlap) {
    requireNonNull(zone, "zone");
    requireNonNull(anchor, "anchor");
    return Schedules.parse(schedule).trigger(zone, anchor, gap, overlap);
  }
}

package org.summarybot.scheduling.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.port.Trigger;

/** {@code daily HH:MM}: every day at a local time (minute precision). */
public record Daily(LocalTime time) implements Schedule {
  /** Rejects a time with seconds or fractions, which the text form cannot hold. */
  public Daily {
    requireNonNull(time, "time");
    Texts.requireMinutePrecision(time);
  }

  @Override
  public String toText() {
    return "daily " + Texts.hhmm(time);
  }

  @Override
  public Trigger trigger(ZoneId zone, Instant anchor) {
    return trigger(zone, anchor, DstGap.SHIFT, DstOverlap.FIRST);
  }

  @Override
  public Trigger trigger(ZoneId zone, Instant anchor, DstGap gap, DstOverlap overlap) {
    CronSpec spec = new CronSpec.Builder().at(time.getHour(), time.getMinute(), 0).build();
    return new WallClockTrigger(spec, zone, describe(zone), gap, overlap);
  }

  @Override
  public String describe(ZoneId zone) {
    return "at " + Texts.hhmm(time) + " every day, " + zone.getId();
  }

  @Override
  public boolean followsWallClock() {
    return true;
  }

  @Override
  public String toString() {
    return toText();
  }
}

package org.summarybot.scheduling.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.port.Trigger;

/**
 * {@code monthly N HH:MM} or {@code monthly last HH:MM}: once a month at a local time. A day past the end of a
 * month clamps to its last day ({@code monthly 31} fires on 30 April and 28 or 29 February).
 *
 * @param day 1-31, or {@link #LAST} for the last day of each month
 */
public record Monthly(int day, LocalTime time) implements Schedule {
  /** The {@code day} meaning "the last day of the month". */
  public static final int LAST = 0;

  /** Rejects a day outside 1-31 (other than {@link #LAST}) and a time with seconds. */
  public Monthly {
    requireNonNull(time, "time");
    if (day < 0 || day > 31) {
      throw new IllegalArgumentException("day " + day + " is outside 1-31");
    }
    Texts.requireMinutePrecision(time);
  }

  @Override
  public String toText() {
    return "monthly " + (day == LAST ? "last" : Integer.toString(day)) + " " + Texts.hhmm(time);
  }

  @Override
  public Trigger trigger(ZoneId zone, Instant anchor) {
    return trigger(zone, anchor, DstGap.SHIFT, DstOverlap.FIRST);
  }

  @Override
  public Trigger trigger(ZoneId zone, Instant anchor, DstGap gap, DstOverlap overlap) {
    CronSpec.Builder b = new CronSpec.Builder().at(time.getHour(), time.getMinute(), 0);
    b.domAny = false;
    b.domClamp = day == LAST ? 31 : day;
    return new WallClockTrigger(b.build(), zone, describe(zone), gap, overlap);
  }

  @Override
  public String describe(ZoneId zone) {
    String when = day == LAST ? "on the last day of every month"
        : day > 28 ? "on day " + day + " of every month (the last day in shorter months)"
        : "on day " + day + " of every month";
    return "at " + Texts.hhmm(time) + " " + when + ", " + zone.getId();
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

package org.summarybot.scheduling.schedule;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.port.Trigger;

/** {@code weekly MON,FRI HH:MM}: on some days of the week at a local time. */
public record Weekly(Set<DayOfWeek> days, LocalTime time) implements Schedule {
  /** Rejects an empty set of days and a time with seconds. */
  public Weekly {
    requireNonNull(days, "days");
    requireNonNull(time, "time");
    if (days.isEmpty()) {
      throw new IllegalArgumentException("a weekly schedule needs at least one day");
    }
    days = Set.copyOf(EnumSet.copyOf(days));
    Texts.requireMinutePrecision(time);
  }

  @Override
  public String toText() {
    return "weekly "
        + EnumSet.copyOf(days).stream()
            .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT))
            .collect(Collectors.joining(","))
        + " " + Texts.hhmm(time);
  }

  @Override
  public Trigger trigger(ZoneId zone, Instant anchor) {
    return trigger(zone, anchor, DstGap.SHIFT, DstOverlap.FIRST);
  }

  @Override
  public Trigger trigger(ZoneId zone, Instant anchor, DstGap gap, DstOverlap overlap) {
    CronSpec.Builder b = new CronSpec.Builder().at(time.getHour(), time.getMinute(), 0);
    b.dowAny = false;
    for (DayOfWeek d : days) {
      b.dowDays |= 1 << d.getValue();
    }
    return new WallClockTrigger(b.build(), zone, describe(zone), gap, overlap);
  }

  @Override
  public String describe(ZoneId zone) {
    int mask = 0;
    for (DayOfWeek d : days) {
      mask |= 1 << d.getValue();
    }
    return "at " + Texts.hhmm(time) + " on " + Texts.weekdays(mask) + ", " + zone.getId();
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

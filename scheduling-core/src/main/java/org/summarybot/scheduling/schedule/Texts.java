package org.summarybot.scheduling.schedule;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small text helpers shared by the schedule forms. */
final class Texts {
  private Texts() {}

  static String hhmm(LocalTime time) {
    return String.format(Locale.ROOT, "%02d:%02d", time.getHour(), time.getMinute());
  }

  static void requireMinutePrecision(LocalTime time) {
    if (time.getSecond() != 0 || time.getNano() != 0) {
      throw new IllegalArgumentException("time must be whole minutes, got " + time);
    }
  }

  static String dayName(int isoDay) {
    return DayOfWeek.of(isoDay).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
  }

  /** "Monday through Friday", "Monday and Friday", "Monday, Wednesday and Friday" for a mask of ISO days. */
  static String weekdays(int mask) {
    List<String> runs = new ArrayList<>();
    int d = 1;
    while (d <= 7) {
      if ((mask & (1 << d)) == 0) {
        d++;
        continue;
      }
      int end = d;
      while (end + 1 <= 7 && (mask & (1 << (end + 1))) != 0) {
        end++;
      }
      if (end - d >= 2) {
        runs.add(dayName(d) + " through " + dayName(end));
      } else {
        for (int x = d; x <= end; x++) {
          runs.add(dayName(x));
        }
      }
      d = end + 1;
    }
    return join(runs);
  }

  /** "a", "a and b", "a, b and c". */
  static String join(List<String> parts) {
    if (parts.size() <= 1) {
      return parts.isEmpty() ? "" : parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
  }

  /** Compact list of the set bits of a mask between min and max: "0-5,10,20". */
  static String bits(long mask, int min, int max) {
    StringBuilder sb = new StringBuilder();
    int v = min;
    while (v <= max) {
      if ((mask & (1L << v)) == 0) {
        v++;
        continue;
      }
      int end = v;
      while (end + 1 <= max && (mask & (1L << (end + 1))) != 0) {
        end++;
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(v);
      if (end > v) {
        sb.append(end == v + 1 ? "," : "-").append(end);
      }
      v = end + 1;
    }
    return sb.toString();
  }
}

package org.summarybot.scheduling.schedule;

import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns a compiled cron into a short English sentence (without the zone). */
final class CronDescriber {
  private static final long ALL_60 = (1L << 60) - 1;
  private static final String[] ORDINALS = {"", "first", "second", "third", "fourth", "fifth"};

  private CronDescriber() {}

  static String describe(CronSpec s) {
    return time(s) + " " + days(s) + months(s) + years(s);
  }

  private static String time(CronSpec s) {
    boolean oneSecond = Long.bitCount(s.seconds) == 1;
    boolean oneMinute = Long.bitCount(s.minutes) == 1;
    int second = Long.numberOfTrailingZeros(s.seconds);
    int minute = Long.numberOfTrailingZeros(s.minutes);
    if (oneSecond && oneMinute && Integer.bitCount(s.hours) == 1) {
      int hour = Integer.numberOfTrailingZeros(s.hours);
      return String.format(Locale.ROOT, second == 0 ? "at %02d:%02d" : "at %02d:%02d:%02d", hour, minute, second);
    }
    String secondPart = s.seconds == 1L ? "" : s.seconds == ALL_60 ? "every second"
        : "at second " + Texts.bits(s.seconds, 0, 59);
    String minutePart;
    if (s.minutes == ALL_60) {
      minutePart = s.seconds == 1L ? "every minute" : s.seconds == ALL_60 ? "" : "of every minute";
    } else if (oneMinute) {
      minutePart = "at minute " + minute + (s.hours == CronSpec.ALL_HOURS ? " of every hour" : "");
    } else {
      int step = Long.numberOfTrailingZeros(s.minutes >>> 1) + 1;
      long progression = 0;
      for (int m = 0; m < 60; m += step) {
        progression |= 1L << m;
      }
      minutePart = (s.minutes & 1L) != 0 && progression == s.minutes
          ? "every " + step + " minutes" : "at minutes " + Texts.bits(s.minutes, 0, 59);
    }
    String hourPart = s.hours == CronSpec.ALL_HOURS ? ""
        : (oneMinute ? "past hour " : "during hour ") + Texts.bits(s.hours, 0, 23);
    String clock = (minutePart + " " + hourPart).trim();
    return secondPart.isEmpty() ? clock : clock.isEmpty() ? secondPart
        : secondPart + (clock.startsWith("of ") ? " " : ", ") + clock;
  }

  private static String days(CronSpec s) {
    if (s.domAny && s.dowAny) {
      return "every day";
    }
    List<String> dom = new ArrayList<>();
    if (!s.domAny) {
      if (s.domDays != 0) {
        dom.add((Integer.bitCount(s.domDays) == 1 ? "day " : "days ") + Texts.bits(s.domDays, 1, 31));
      }
      for (int n : s.domLastMinus) {
        dom.add(n == 0 ? "the last day" : n + (n == 1 ? " day" : " days") + " before the last day");
      }
      for (int n : s.domLastMinusWeekday) {
        dom.add(n == 0 ? "the last weekday" : "the weekday nearest " + n + " days before the last day");
      }
      for (int d : s.domNearestWeekday) {
        dom.add("the weekday nearest day " + d);
      }
      if (s.domClamp > 0) {
        dom.add("day " + s.domClamp + " (or the last day)");
      }
    }
    List<String> dow = new ArrayList<>();
    if (!s.dowAny) {
      if (s.dowDays != 0) {
        dow.add(Texts.weekdays(s.dowDays));
      }
      for (int d : s.dowLast) {
        dow.add("the last " + Texts.dayName(d) + " of the month");
      }
      for (int i = 0; i < s.dowNthDay.length; i++) {
        dow.add("the " + ORDINALS[s.dowNthIndex[i]] + " " + Texts.dayName(s.dowNthDay[i]) + " of the month");
      }
    }
    String domText = dom.isEmpty() ? "" : Texts.join(dom) + " of the month";
    String dowText = Texts.join(dow);
    if (dom.isEmpty()) {
      return "on " + dowText;
    }
    if (dow.isEmpty()) {
      return "on " + domText;
    }
    return "on " + domText + (s.dayOr ? " or on " : " if it is ") + dowText;
  }

  private static String months(CronSpec s) {
    if (s.months == 0b1_1111_1111_1110) {
      return "";
    }
    List<String> names = new ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      if ((s.months & (1 << m)) != 0) {
        names.add(Month.of(m).getDisplayName(TextStyle.FULL, Locale.ENGLISH));
      }
    }
    return " in " + Texts.join(names);
  }

  private static String years(CronSpec s) {
    if (s.years == null) {
      return "";
    }
    List<String> runs = new ArrayList<>();
    int i = 0;
    while (i < s.years.length) {
      if (!s.years[i]) {
        i++;
        continue;
      }
      int end = i;
      while (end + 1 < s.years.length && s.years[end + 1]) {
        end++;
      }
      int from = CronSpec.FIRST_YEAR + i;
      runs.add(end == i ? Integer.toString(from) : from + "-" + (CronSpec.FIRST_YEAR + end));
      i = end + 1;
    }
    return " in " + String.join(", ", runs);
  }
}

package org.summarybot.scheduling.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A slow, obviously-correct model of a calendar schedule for tests: plain sets per field and a day predicate
 * written with java.time, and a brute-force search that walks minute by minute over a short span. It shares no
 * code with the production search.
 */
final class ReferenceSchedule {
  final String text;
  final Set<Integer> seconds;
  final Set<Integer> minutes;
  final Set<Integer> hours;
  final Set<Integer> months;
  final Predicate<LocalDate> day;
  final Predicate<Integer> year;

  ReferenceSchedule(String text, Set<Integer> seconds, Set<Integer> minutes, Set<Integer> hours,
      Set<Integer> months, Predicate<LocalDate> day, Predicate<Integer> year) {
    this.text = text;
    this.seconds = seconds;
    this.minutes = minutes;
    this.hours = hours;
    this.months = months;
    this.day = day;
    this.year = year;
  }

  boolean followsRealTime() {
    return hours.size() == 24;
  }

  boolean matches(LocalDateTime t) {
    return seconds.contains(t.getSecond()) && minutes.contains(t.getMinute()) && hours.contains(t.getHour())
        && months.contains(t.getMonthValue()) && year.test(t.getYear()) && day.test(t.toLocalDate());
  }

  private boolean matchesMinute(LocalDateTime t) {
    return minutes.contains(t.getMinute()) && hours.contains(t.getHour())
        && months.contains(t.getMonthValue()) && year.test(t.getYear()) && day.test(t.toLocalDate());
  }

  /**
   * The first fire strictly after {@code after} and at most {@code span} seconds later, under the DST policy:
   * real-time schedules fire at every instant whose local time matches; fixed-time schedules fire at
   * {@code ZonedDateTime.of(local, zone)} (gap: shifted forward; overlap: earlier offset) of every matching
   * local time.
   */
  Optional<Instant> firstFire(ZoneId zone, Instant after, long span) {
    Instant end = after.plusSeconds(span);
    Instant best = null;
    ZoneRules rules = zone.getRules();
    if (followsRealTime()) {
      long t = Math.floorDiv(after.getEpochSecond(), 60) * 60;
      for (; t <= end.getEpochSecond(); t += 60) {
        ZoneOffset offset = rules.getOffset(Instant.ofEpochSecond(t));
        LocalDateTime local = LocalDateTime.ofEpochSecond(t, 0, offset);
        if (!matchesMinute(local)) {
          continue;
        }
        for (int s : seconds) {
          Instant fire = Instant.ofEpochSecond(t + s);
          if (fire.isAfter(after) && !fire.isAfter(end) && (best == null || fire.isBefore(best))) {
            best = fire;
          }
        }
        if (best != null) {
          break;
        }
      }
    } else {
      long margin = 3 * 3600;
      LocalDateTime local = LocalDateTime.ofInstant(after, zone).minusSeconds(margin).withSecond(0).withNano(0);
      LocalDateTime last = LocalDateTime.ofInstant(end, zone).plusSeconds(margin);
      for (; !local.isAfter(last); local = local.plusMinutes(1)) {
        if (!matchesMinute(local)) {
          continue;
        }
        for (int s : seconds) {
          Instant fire = ZonedDateTime.of(local.withSecond(s), zone).toInstant();
          if (fire.isAfter(after) && !fire.isAfter(end) && (best == null || fire.isBefore(best))) {
            best = fire;
          }
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** Quartz's W: the weekday nearest to {@code target} without leaving the month. */
  static int nearestWeekday(LocalDate anyDayOfMonth, int target) {
    LocalDate t = anyDayOfMonth.withDayOfMonth(target);
    int len = anyDayOfMonth.lengthOfMonth();
    if (t.getDayOfWeek() == DayOfWeek.SATURDAY) {
      return target == 1 ? 3 : target - 1;
    }
    if (t.getDayOfWeek() == DayOfWeek.SUNDAY) {
      return target == len ? target - 2 : target + 1;
    }
    return target;
  }

  @Override
  public String toString() {
    return text;
  }
}

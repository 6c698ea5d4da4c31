package org.summarybot.scheduling.schedule;

import java.util.Arrays;

/**
 * The compiled form of every calendar schedule: one bit mask per field, computed once at parse time, plus the
 * few day rules that depend on the month ({@code L}, {@code W}, {@code #}, clamped days). {@link #nextLocal}
 * finds the first matching local date-time at or after a given one by jumping field by field (next matching
 * year, month, day, hour, minute, second); it never walks minute by minute and allocates nothing.
 *
 * <p>Days of the week are ISO numbers (1 = Monday ... 7 = Sunday) internally, whatever the dialect.
 */
final class CronSpec {
  /** Returned by {@link #nextLocal} when nothing matches. */
  static final long NONE = Long.MIN_VALUE;

  static final int ALL_HOURS = (1 << 24) - 1;
  static final int FIRST_YEAR = 1970;
  static final int LAST_YEAR = 2099;

  /**
   * How far {@link #nextLocal} searches when there is no year field. The Gregorian calendar repeats exactly
   * every 400 years (146,097 days, a whole number of weeks), so a day rule that matches nothing within 400
   * years (such as February 30) matches nothing ever.
   */
  static final int SEARCH_YEARS = 400;

  private static final long MAX_YEAR = 999_999_000L;

  final long seconds;
  final long minutes;
  final int hours;
  final int months;
  /** Allowed years as offsets from {@link #FIRST_YEAR}, or null for every year. */
  final boolean[] years;
  final int lastAllowedYear;

  final boolean domAny;
  final int domDays;
  final int[] domLastMinus;
  final int[] domLastMinusWeekday;
  final int[] domNearestWeekday;
  final int domClamp;

  final boolean dowAny;
  final int dowDays;
  final int[] dowLast;
  final int[] dowNthDay;
  final int[] dowNthIndex;
  private final int[] dowTable;
  final boolean dayOr;

  CronSpec(Builder b) {
    this.seconds = b.seconds;
    this.minutes = b.minutes;
    this.hours = b.hours;
    this.months = b.months;
    this.years = b.years;
    int last = Integer.MAX_VALUE;
    if (years != null) {
      last = -1;
      for (int i = 0; i < years.length; i++) {
        if (years[i]) {
          last = FIRST_YEAR + i;
        }
      }
    }
    this.lastAllowedYear = last;
    this.domAny = b.domAny;
    this.domDays = b.domDays;
    this.domLastMinus = b.domLastMinus;
    this.domLastMinusWeekday = b.domLastMinusWeekday;
    this.domNearestWeekday = b.domNearestWeekday;
    this.domClamp = b.domClamp;
    this.dowAny = b.dowAny;
    this.dowDays = b.dowDays;
    this.dowLast = b.dowLast;
    this.dowNthDay = b.dowNthDay;
    this.dowNthIndex = b.dowNthIndex;
    this.dayOr = b.dayOr;
    this.dowTable = new int[8];
    if (dowDays != 0) {
      // bit d of `monday` is set when day d of a month starting on a Monday matches (d up to 37); a month
      // starting on ISO day `first` looks like that one shifted by first - 1 days
      long monday = 0;
      for (int d = 1; d <= 37; d++) {
        if ((dowDays & (1 << ((d - 1) % 7 + 1))) != 0) {
          monday |= 1L << d;
        }
      }
      for (int first = 1; first <= 7; first++) {
        dowTable[first] = (int) ((monday >>> (first - 1)) & 0xFFFF_FFFEL);
      }
    }
  }

  /** Whether the hour field covers all 24 hours, so fires follow real time through clock changes. */
  boolean everyHour() {
    return hours == ALL_HOURS;
  }

  /**
   * The first local date-time (as a local epoch second) at or after {@code localFrom} that matches, or
   * {@link #NONE}. Gives up after {@link #SEARCH_YEARS} years, or after the last year of the year field.
   */
  long nextLocal(long localFrom) {
    int[] f = new int[6];
    Civil.fields(localFrom, f);
    long year = f[0];
    int month = f[1];
    int day = f[2];
    int hour = f[3];
    int minute = f[4];
    int second = f[5];
    long limit = Math.min(year + SEARCH_YEARS, Math.min(lastAllowedYear, MAX_YEAR));
    while (year <= limit) {
      if (years != null && !yearAllowed(year)) {
        long next = nextAllowedYear(year + 1);
        if (next < 0) {
          return NONE;
        }
        year = next;
        month = 1;
        day = 1;
        hour = 0;
        minute = 0;
        second = 0;
        continue;
      }
      int monthBits = from(months, month);
      if (monthBits == 0) {
        year++;
        month = 1;
        day = 1;
        hour = 0;
        minute = 0;
        second = 0;
        continue;
      }
      int m = Integer.numberOfTrailingZeros(monthBits);
      if (m != month) {
        month = m;
        day = 1;
        hour = 0;
        minute = 0;
        second = 0;
      }
      int dayBits = from(days(year, month), day);
      if (dayBits == 0) {
        month++;
        day = 1;
        hour = 0;
        minute = 0;
        second = 0;
        if (month > 12) {
          month = 1;
          year++;
        }
        continue;
      }
      int d = Integer.numberOfTrailingZeros(dayBits);
      if (d != day) {
        day = d;
        hour = 0;
        minute = 0;
        second = 0;
      }
      int hourBits = from(hours, hour);
      if (hourBits == 0) {
        day++;
        hour = 0;
        minute = 0;
        second = 0;
        continue;
      }
      int h = Integer.numberOfTrailingZeros(hourBits);
      if (h != hour) {
        hour = h;
        minute = 0;
        second = 0;
      }
      long minuteBits = from(minutes, minute);
      if (minuteBits == 0) {
        hour++;
        minute = 0;
        second = 0;
        continue;
      }
      int mi = Long.numberOfTrailingZeros(minuteBits);
      if (mi != minute) {
        minute = mi;
        second = 0;
      }
      long secondBits = from(seconds, second);
      if (secondBits == 0) {
        minute++;
        second = 0;
        continue;
      }
      second = Long.numberOfTrailingZeros(secondBits);
      return Civil.localEpochSecond(year, month, day, hour, minute, second);
    }
    return NONE;
  }

  /** Whether the local date-time given as fields matches. */
  boolean matches(long year, int month, int day, int hour, int minute, int second) {
    return (years == null || yearAllowed(year))
        && (months & (1 << month)) != 0
        && (days(year, month) & (1 << day)) != 0
        && (hours & (1 << hour)) != 0
        && (minutes & (1L << minute)) != 0
        && (seconds & (1L << second)) != 0;
  }

  private boolean yearAllowed(long year) {
    long i = year - FIRST_YEAR;
    return i >= 0 && i < years.length && years[(int) i];
  }

  private long nextAllowedYear(long fromYear) {
    for (long y = Math.max(fromYear, FIRST_YEAR); y - FIRST_YEAR < years.length; y++) {
      if (years[(int) (y - FIRST_YEAR)]) {
        return y;
      }
    }
    return -1;
  }

  private static int from(int bits, int index) {
    return index >= 32 ? 0 : bits & (-1 << index);
  }

  private static long from(long bits, int index) {
    return index >= 64 ? 0 : bits & (-1L << index);
  }

  /** The days (bits 1..31) of the given month that match both day fields. */
  int days(long year, int month) {
    int length = Civil.monthLength(year, month);
    int lengthMask = (int) (((1L << length) - 1) << 1);
    if (domAny && dowAny) {
      return lengthMask;
    }
    int firstDow = Civil.dayOfWeek(Civil.epochDay(year, month, 1));
    int dom = domAny ? lengthMask : domDays(length, firstDow);
    int dow = dowAny ? lengthMask : dowDays(length, firstDow);
    return (dayOr ? dom | dow : dom & dow) & lengthMask;
  }

  private int domDays(int length, int firstDow) {
    int mask = domDays;
    for (int n : domLastMinus) {
      int d = length - n;
      if (d >= 1) {
        mask |= 1 << d;
      }
    }
    for (int n : domLastMinusWeekday) {
      int d = length - n;
      if (d >= 1) {
        mask |= 1 << nearestWeekday(d, length, firstDow);
      }
    }
    for (int d : domNearestWeekday) {
      if (d <= length) {
        mask |= 1 << nearestWeekday(d, length, firstDow);
      }
    }
    if (domClamp > 0) {
      mask |= 1 << Math.min(domClamp, length);
    }
    return mask;
  }

  /** The weekday (Monday to Friday) nearest to {@code day} without leaving the month (Quartz's {@code W}). */
  private static int nearestWeekday(int day, int length, int firstDow) {
    int dow = (firstDow - 1 + day - 1) % 7 + 1;
    if (dow == 6) {
      return day == 1 ? 3 : day - 1;
    }
    if (dow == 7) {
      return day == length ? day - 2 : day + 1;
    }
    return day;
  }

  private int dowDays(int length, int firstDow) {
    int mask = dowTable[firstDow];
    if (dowLast.length > 0) {
      int lastDow = (firstDow - 1 + length - 1) % 7 + 1;
      for (int x : dowLast) {
        mask |= 1 << (length - (lastDow - x + 7) % 7);
      }
    }
    for (int i = 0; i < dowNthDay.length; i++) {
      int d = 1 + (dowNthDay[i] - firstDow + 7) % 7 + 7 * (dowNthIndex[i] - 1);
      if (d <= length) {
        mask |= 1 << d;
      }
    }
    return mask;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CronSpec)) {
      return false;
    }
    CronSpec c = (CronSpec) o;
    return seconds == c.seconds && minutes == c.minutes && hours == c.hours && months == c.months
        && Arrays.equals(years, c.years) && domAny == c.domAny && domDays == c.domDays
        && Arrays.equals(domLastMinus, c.domLastMinus)
        && Arrays.equals(domLastMinusWeekday, c.domLastMinusWeekday)
        && Arrays.equals(domNearestWeekday, c.domNearestWeekday) && domClamp == c.domClamp
        && dowAny == c.dowAny && dowDays == c.dowDays && Arrays.equals(dowLast, c.dowLast)
        && Arrays.equals(dowNthDay, c.dowNthDay) && Arrays.equals(dowNthIndex, c.dowNthIndex)
        && dayOr == c.dayOr;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seconds * 31 + minutes) * 31 + hours * 17 + months + domDays * 7 + dowDays;
  }

  /** Mutable parts list, filled by the parser and frozen into a {@link CronSpec}. */
  static final class Builder {
    private static final int[] EMPTY = new int[0];

    long seconds = 1L;
    long minutes = 1L;
    int hours = 1;
    int months = 0b1_1111_1111_1110;
    boolean[] years;
    boolean domAny = true;
    int domDays;
    int[] domLastMinus = EMPTY;
    int[] domLastMinusWeekday = EMPTY;
    int[] domNearestWeekday = EMPTY;
    int domClamp;
    boolean dowAny = true;
    int dowDays;
    int[] dowLast = EMPTY;
    int[] dowNthDay = EMPTY;
    int[] dowNthIndex = EMPTY;
    boolean dayOr;

    /** Sets a single time of day. */
    Builder at(int hour, int minute, int second) {
      hours = 1 << hour;
      minutes = 1L << minute;
      seconds = 1L << second;
      return this;
    }

    CronSpec build() {
      return new CronSpec(this);
    }

    static int[] append(int[] array, int value) {
      int[] copy = Arrays.copyOf(array, array.length + 1);
      copy[array.length] = value;
      return copy;
    }
  }
}

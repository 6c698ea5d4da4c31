package org.summarybot.scheduling.schedule;

/**
 * Allocation-free proleptic Gregorian arithmetic on plain numbers: epoch days, local epoch seconds, month
 * lengths and days of the week (ISO, 1 = Monday ... 7 = Sunday).
 */
final class Civil {
  static final long SECONDS_PER_DAY = 86_400L;

  private Civil() {}

  static boolean isLeap(long year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  static int monthLength(long year, int month) {
    switch (month) {
      case 2:
        return isLeap(year) ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Days since 1970-01-01 of the given date (counting from a March-based year so February comes last). */
  static long epochDay(long year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    int shiftedMonth = month <= 2 ? month + 9 : month - 3;
    long dayOfYear = (153L * shiftedMonth + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  /** ISO day of week (1 = Monday) of an epoch day; 1970-01-01 was a Thursday. */
  static int dayOfWeek(long epochDay) {
    return (int) Math.floorMod(epochDay + 3, 7L) + 1;
  }

  /**
   * Splits a local epoch second into fields, written to {@code out} as year, month, day, hour, minute, second.
   */
  static void fields(long localEpochSecond, int[] out) {
    long days = Math.floorDiv(localEpochSecond, SECONDS_PER_DAY);
    int secondOfDay = (int) (localEpochSecond - days * SECONDS_PER_DAY);
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int shiftedMonth = (int) ((5 * dayOfYear + 2) / 153);
    int day = (int) (dayOfYear - (153L * shiftedMonth + 2) / 5 + 1);
    int month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    out[0] = (int) year;
    out[1] = month;
    out[2] = day;
    out[3] = secondOfDay / 3600;
    out[4] = secondOfDay / 60 % 60;
    out[5] = secondOfDay % 60;
  }

  static long localEpochSecond(long year, int month, int day, int hour, int minute, int second) {
    return epochDay(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
  }
}

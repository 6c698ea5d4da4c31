package org.summarybot.scheduling.schedule;

import org.summarybot.scheduling.model.ValidationException;

/**
 * Parses cron fields (Unix 5-field and Quartz 6/7-field) into a {@link CronSpec}. Every error is a
 * {@link ValidationException} on field {@code schedule} whose message names the cron field and the bad value,
 * such as {@code minute field: 61 is outside 0-59}.
 */
final class CronParser {
  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  /** Index = Unix number (0 = Sunday); Quartz numbers are one more. */
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  private CronParser() {}

  /** A cron field: its name for messages, its range, and its value names (index 0 = {@code min}). */
  private static final class Field {
    final String name;
    final int min;
    final int max;
    final String[] names;
    final int nameBase;
    final long all;

    Field(String name, int min, int max, String[] names, int nameBase) {
      this.name = name;
      this.min = min;
      this.max = max;
      this.names = names;
      this.nameBase = nameBase;
      this.all = max < 64 ? ((1L << (max + 1)) - 1) & -(1L << min) : 0;
    }
  }

  private static final Field SECOND = new Field("second", 0, 59, null, 0);
  private static final Field MINUTE = new Field("minute", 0, 59, null, 0);
  private static final Field HOUR = new Field("hour", 0, 23, null, 0);
  private static final Field DAY_OF_MONTH = new Field("day-of-month", 1, 31, null, 0);
  private static final Field MONTH = new Field("month", 1, 12, MONTHS, 1);
  private static final Field UNIX_DAY_OF_WEEK = new Field("day-of-week", 0, 7, DAYS, 0);
  private static final Field QUARTZ_DAY_OF_WEEK = new Field("day-of-week", 1, 7, DAYS, 1);
  private static final Field YEAR = new Field("year", CronSpec.FIRST_YEAR, CronSpec.LAST_YEAR, null, 0);

  static ValidationException error(String message) {
    return new ValidationException("schedule", message);
  }

  /** Parses the 5 upper-case fields of a Unix crontab line; field i is text[bounds[2i], bounds[2i+1]). */
  static CronSpec unix(String text, int[] bounds) {
    CronSpec.Builder b = new CronSpec.Builder();
    b.seconds = 1L;
    b.minutes = values(MINUTE, text, bounds[0], bounds[1]);
    b.hours = (int) values(HOUR, text, bounds[2], bounds[3]);
    rejectQuartzOnly(DAY_OF_MONTH, text, bounds[4], bounds[5]);
    rejectQuartzOnly(UNIX_DAY_OF_WEEK, text, bounds[8], bounds[9]);
    b.domAny = is(text, bounds[4], bounds[5], '*');
    b.domDays = b.domAny ? 0 : (int) values(DAY_OF_MONTH, text, bounds[4], bounds[5]);
    b.months = (int) values(MONTH, text, bounds[6], bounds[7]);
    b.dowAny = is(text, bounds[8], bounds[9], '*');
    if (!b.dowAny) {
      long unixDays = values(UNIX_DAY_OF_WEEK, text, bounds[8], bounds[9]);
      int iso = 0;
      for (int d = 0; d <= 7; d++) {
        if ((unixDays & (1L << d)) != 0) {
          iso |= 1 << (d == 0 || d == 7 ? 7 : d);
        }
      }
      b.dowDays = iso;
    }
    // Vixie cron: when both day fields are restricted (neither starts with '*'), a day matching either fires.
    b.dayOr = text.charAt(bounds[4]) != '*' && text.charAt(bounds[8]) != '*';
    return b.build();
  }

  /** Parses the 6 or 7 upper-case fields of a Quartz expression; field i is text[bounds[2i], bounds[2i+1]). */
  static CronSpec quartz(String text, int[] bounds, int fieldCount) {
    CronSpec.Builder b = new CronSpec.Builder();
    b.seconds = values(SECOND, text, bounds[0], bounds[1]);
    b.minutes = values(MINUTE, text, bounds[2], bounds[3]);
    b.hours = (int) values(HOUR, text, bounds[4], bounds[5]);
    b.months = (int) values(MONTH, text, bounds[8], bounds[9]);
    int domFrom = bounds[6];
    int domTo = bounds[7];
    int dowFrom = bounds[10];
    int dowTo = bounds[11];
    boolean domQuestion = is(text, domFrom, domTo, '?');
    boolean dowQuestion = is(text, dowFrom, dowTo, '?');
    if (domQuestion && dowQuestion) {
      throw error("day-of-month and day-of-week fields: only one of them may be '?'");
    }
    if (!domQuestion && contains(text, domFrom, domTo, '?')) {
      throw error("day-of-month field: '?' must stand alone, found '" + text.substring(domFrom, domTo) + "'");
    }
    if (!dowQuestion && contains(text, dowFrom, dowTo, '?')) {
      throw error("day-of-week field: '?' must stand alone, found '" + text.substring(dowFrom, dowTo) + "'");
    }
    boolean domAny = domQuestion || is(text, domFrom, domTo, '*');
    boolean dowAny = dowQuestion || is(text, dowFrom, dowTo, '*');
    b.domAny = domAny;
    if (!domAny) {
      quartzDayOfMonth(b, text.substring(domFrom, domTo));
    }
    b.dowAny = dowAny;
    if (!dowAny) {
      quartzDayOfWeek(b, text.substring(dowFrom, dowTo));
    }
    if (!domAny && !dowAny) {
      throw error("day-of-month and day-of-week fields: '" + text.substring(domFrom, domTo) + "' and '"
          + text.substring(dowFrom, dowTo) + "' are both set; put '?' in the one you do not mean");
    }
    if (fieldCount == 7 && !is(text, bounds[12], bounds[13], '*')) {
      long[] mask = new long[3];
      parse(YEAR, text, bounds[12], bounds[13], mask);
      boolean[] years = new boolean[CronSpec.LAST_YEAR - CronSpec.FIRST_YEAR + 1];
      for (int i = 0; i < years.length; i++) {
        years[i] = (mask[i >> 6] & (1L << (i & 63))) != 0;
      }
      b.years = years;
    }
    return b.build();
  }

  /** Whether text[from, to) is the single character c. */
  private static boolean is(String text, int from, int to, char c) {
    return to - from == 1 && text.charAt(from) == c;
  }

  private static boolean contains(String text, int from, int to, char c) {
    int i = text.indexOf(c, from);
    return i >= 0 && i < to;
  }

  private static void rejectQuartzOnly(Field field, String expression, int from, int to) {
    boolean special = false;
    for (int i = from; i < to && !special; i++) {
      char c = expression.charAt(i);
      special = c == '?' || c == 'L' || c == 'W' || c == '#';
    }
    if (!special) {
      return;
    }
    for (String item : expression.substring(from, to).split("[,/-]", -1)) {
      if (field.names != null && indexOf(field.names, item) >= 0) {
        continue;
      }
      if (item.equals("?") || item.contains("L") || item.contains("W") || item.contains("#")) {
        throw error(field.name + " field: '" + item + "' is only supported in 6/7-field (Quartz) cron");
      }
    }
  }

  private static String[] items(String text) {
    return text.indexOf(',') < 0 ? new String[] {text} : text.split(",", -1);
  }

  private static void quartzDayOfMonth(CronSpec.Builder b, String text) {
    for (String item : items(text)) {
      if (item.equals("L")) {
        b.domLastMinus = CronSpec.Builder.append(b.domLastMinus, 0);
      } else if (item.equals("LW")) {
        b.domLastMinusWeekday = CronSpec.Builder.append(b.domLastMinusWeekday, 0);
      } else if (item.startsWith("L-")) {
        boolean weekday = item.endsWith("W");
        String n = item.substring(2, item.length() - (weekday ? 1 : 0));
        int offset = number(DAY_OF_MONTH, n, item);
        if (offset < 0 || offset > 30) {
          throw error("day-of-month field: offset " + offset + " in '" + item + "' is outside 0-30");
        }
        if (weekday) {
          b.domLastMinusWeekday = CronSpec.Builder.append(b.domLastMinusWeekday, offset);
        } else {
          b.domLastMinus = CronSpec.Builder.append(b.domLastMinus, offset);
        }
      } else if (item.endsWith("W") && item.length() > 1 && Character.isDigit(item.charAt(0))) {
        int day = number(DAY_OF_MONTH, item.substring(0, item.length() - 1), item);
        checkRange(DAY_OF_MONTH, day);
        b.domNearestWeekday = CronSpec.Builder.append(b.domNearestWeekday, day);
      } else if (item.contains("L") || item.contains("W")) {
        throw error("day-of-month field: '" + item + "' is not valid; use L, L-n, LW, L-nW or nW");
      } else {
        b.domDays |= (int) values(DAY_OF_MONTH, item);
      }
    }
  }

  private static void quartzDayOfWeek(CronSpec.Builder b, String text) {
    String[] items = items(text);
    for (String item : items) {
      if (item.endsWith("L") && !item.contains("#")) {
        if (items.length > 1) {
          throw error("day-of-week field: 'L' cannot be combined with other days of the week in '"
              + text + "'");
        }
        if (item.equals("L")) {
          b.dowDays |= 1 << 6; // 'L' alone is the last day of the week: Saturday
        } else {
          b.dowLast = CronSpec.Builder.append(b.dowLast,
              quartzDayToIso(singleDay(item.substring(0, item.length() - 1), item)));
        }
      } else if (item.contains("#")) {
        int hash = item.indexOf('#');
        int day = quartzDayToIso(singleDay(item.substring(0, hash), item));
        String n = item.substring(hash + 1);
        int index = digits(n, 0, n.length());
        if (index < 0) {
          throw error("day-of-week field: '#' in '" + item + "' must be followed by a number 1-5");
        }
        if (index < 1 || index > 5) {
          throw error("day-of-week field: " + index + " after '#' in '" + item + "' is outside 1-5");
        }
        b.dowNthDay = CronSpec.Builder.append(b.dowNthDay, day);
        b.dowNthIndex = CronSpec.Builder.append(b.dowNthIndex, index);
      } else {
        long quartzDays = values(QUARTZ_DAY_OF_WEEK, item);
        for (int d = 1; d <= 7; d++) {
          if ((quartzDays & (1L << d)) != 0) {
            b.dowDays |= 1 << quartzDayToIso(d);
          }
        }
      }
    }
  }

  private static int singleDay(String text, String item) {
    return value(QUARTZ_DAY_OF_WEEK, text, item);
  }

  private static int quartzDayToIso(int quartz) {
    return quartz == 1 ? 7 : quartz - 1;
  }

  /** Parses a list of values, ranges (wrapping when the start is after the end), steps and '*' to a mask. */
  static long values(Field field, String text) {
    return values(field, text, 0, text.length());
  }

  private static long values(Field field, String text, int from, int to) {
    if (to - from == 1 && text.charAt(from) == '*') {
      return field.all;
    }
    return parse(field, text, from, to, null);
  }

  /**
   * The mask (bit = value) of every value of the list; for the year field, sets bit (value - 1970) in
   * {@code yearMask} instead.
   */
  private static long parse(Field field, String text, int from, int to, long[] yearMask) {
    long mask = 0;
    int length = to;
    if (length == from) {
      throw error(field.name + " field: is empty");
    }
    int bias = field == YEAR ? field.min : 0;
    int itemStart = from;
    while (itemStart <= length) {
      int itemEnd = text.indexOf(',', itemStart);
      if (itemEnd < 0 || itemEnd > length) {
        itemEnd = length;
      }
      if (itemEnd == itemStart) {
        throw error(field.name + " field: empty item in list '" + text.substring(from, to) + "'");
      }
      int slash = text.indexOf('/', itemStart);
      if (slash >= itemEnd) {
        slash = -1;
      }
      int baseEnd = slash < 0 ? itemEnd : slash;
      int step = 1;
      if (slash >= 0) {
        step = digits(text, slash + 1, itemEnd);
        if (step == -1) {
          throw error(field.name + " field: '/' must be followed by a number, found '"
              + text.substring(itemStart, itemEnd) + "'");
        }
        if (step < 1 || step > field.max) {
          throw error(field.name + " field: increment " + text.substring(slash + 1, itemEnd) + " in '"
              + text.substring(itemStart, itemEnd) + "' is outside 1-" + field.max);
        }
      }
      int lo;
      int hi;
      if (baseEnd == itemStart || (baseEnd == itemStart + 1 && text.charAt(itemStart) == '*')) {
        lo = field.min;
        hi = field.max;
      } else {
        int dash = text.indexOf('-', itemStart + 1);
        if (dash >= 0 && dash < baseEnd) { // a range; '-' in a later item or field does not count
          lo = value(field, text, itemStart, dash, itemStart, itemEnd);
          hi = value(field, text, dash + 1, baseEnd, itemStart, itemEnd);
        } else {
          lo = value(field, text, itemStart, baseEnd, itemStart, itemEnd);
          hi = slash >= 0 ? field.max : lo;
        }
      }
      int size = field.max - field.min + 1;
      int count = hi >= lo ? hi - lo + 1 : (field.max - lo + 1) + (hi - field.min + 1);
      for (int i = 0; i < count; i += step) {
        int v = lo + i;
        if (v > field.max) {
          v -= size;
        }
        if (yearMask == null) {
          mask |= 1L << v;
        } else {
          int bit = v - bias;
          yearMask[bit >> 6] |= 1L << (bit & 63);
        }
      }
      itemStart = itemEnd + 1;
    }
    return mask;
  }

  /** The non-negative number in text[from, to), or -1 when that is empty or not all digits (or too long). */
  private static int digits(String text, int from, int to) {
    if (to <= from || to - from > 9) {
      return -1;
    }
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static int value(Field field, String text, int from, int to, int itemFrom, int itemTo) {
    if (field.names != null && to - from == 3) {
      for (int i = 0; i < field.names.length; i++) {
        if (text.regionMatches(from, field.names[i], 0, 3)) {
          return i + field.nameBase;
        }
      }
    }
    int v = digits(text, from, to);
    if (v < 0) {
      throw notANumber(field, text.substring(from, to), text.substring(itemFrom, itemTo));
    }
    checkRange(field, v);
    return v;
  }

  private static int value(Field field, String text, String item) {
    if (field.names != null) {
      int i = indexOf(field.names, text);
      if (i >= 0) {
        return i + field.nameBase;
      }
    }
    int v = number(field, text, item);
    checkRange(field, v);
    return v;
  }


  private static int number(Field field, String text, String item) {
    int v = digits(text, 0, text.length());
    if (v < 0) {
      throw notANumber(field, text, item);
    }
    return v;
  }

  private static ValidationException notANumber(Field field, String text, String item) {
    String what = field == MONTH ? "a month (1-12 or JAN-DEC)"
        : field.names != null ? "a day of the week (" + field.min + "-" + field.max + " or SUN-SAT)"
        : "a number";
    String shown = text.isEmpty() ? "'" + item + "'" : "'" + text + "'";
    return error(field.name + " field: " + shown + " is not " + what);
  }

  private static void checkRange(Field field, int v) {
    if (v < field.min || v > field.max) {
      throw error(field.name + " field: " + v + " is outside " + field.min + "-" + field.max);
    }
  }

  private static int indexOf(String[] names, String text) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(text)) {
        return i;
      }
    }
    return -1;
  }
}

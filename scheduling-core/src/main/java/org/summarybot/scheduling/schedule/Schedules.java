package org.summarybot.scheduling.schedule;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.Trigger;

/**
 * Entry point for schedules: {@link #parse(String) parse} any text form, {@link #preview preview} the next
 * fires, {@link #parseZone(String) parse a zone}, and {@link #requireFutureFire refuse} a schedule that can never
 * fire again. Every refusal is a {@link ValidationException} naming the field ({@code schedule} or {@code zone})
 * and the bad value.
 */
public final class Schedules {
  private static final String FORMS = "expected 'daily HH:MM', 'weekly MON,FRI HH:MM', 'monthly N|last HH:MM', "
      + "'once YYYY-MM-DDTHH:MM[:SS]', 'every <n>s|m|h|d', a cron expression of 5 (Unix) or 6-7 (Quartz) "
      + "fields, or @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly";
  private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");
  private static final Pattern EVERY = Pattern.compile("(\\d{1,12})([smhd])");
  private static final DateTimeFormatter ONCE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm[:ss]")
      .withResolverStyle(ResolverStyle.STRICT);
  private static final long MAX_PERIOD_SECONDS = 36_500L * 86_400;
  private static final String[] DAY_NAMES = {"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};

  private Schedules() {}

  /**
   * Parses any schedule text form (surrounding whitespace ignored; keywords, day and month names
   * case-insensitive).
   *
   * @throws ValidationException on field {@code schedule}, naming the cron field and the bad value
   */
  public static Schedule parse(String text) {
    requireNonNull(text, "text");
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw CronParser.error("is empty; " + FORMS);
    }
    char first = trimmed.charAt(0);
    if (first >= '0' && first <= '9' || first == '*' || first == '?' || first == '/') {
      return cron(trimmed);
    }
    String[] tokens = tokens(trimmed);
    String keyword = tokens[0].toLowerCase(Locale.ROOT);
    switch (keyword) {
      case "daily":
        expectTokens(tokens, 2, "daily HH:MM");
        return new Daily(time("daily", tokens[1]));
      case "weekly":
        expectTokens(tokens, 3, "weekly MON,FRI HH:MM");
        return new Weekly(weekdays(tokens[1]), time("weekly", tokens[2]));
      case "monthly":
        expectTokens(tokens, 3, "monthly N|last HH:MM");
        return new Monthly(monthDay(tokens[1]), time("monthly", tokens[2]));
      case "once":
        expectTokens(tokens, 2, "once YYYY-MM-DDTHH:MM[:SS]");
        return new Once(dateTime(tokens[1]));
      case "every":
        expectTokens(tokens, 2, "every 90m|6h|1d|30s");
        return new Every(period(tokens[1]));
      default:
        break;
    }
    if (keyword.startsWith("@")) {
      if (tokens.length != 1) {
        throw CronParser.error("'" + trimmed + "': a macro such as @daily stands alone");
      }
      return macro(keyword);
    }
    return cron(trimmed);
  }

  /** Parses a stripped cron expression without splitting it into strings (parsing speed matters). */
  private static Schedule cron(String trimmed) {
    int[] bounds = new int[16];
    int count = bounds(trimmed, bounds);
    boolean normalized = count <= 8;
    for (int i = 0; i < trimmed.length() && normalized; i++) {
      char c = trimmed.charAt(i);
      normalized = !(c >= 'a' && c <= 'z') && (c != ' ' || trimmed.charAt(i + 1) != ' ')
          && (c == ' ' || !Character.isWhitespace(c));
    }
    String text = trimmed;
    if (!normalized) {
      text = String.join(" ", tokens(trimmed)).toUpperCase(Locale.ROOT);
      count = bounds(text, bounds);
    }
    if (count == 5) {
      return new Cron(Cron.Dialect.UNIX, text, CronParser.unix(text, bounds));
    }
    if (count == 6 || count == 7) {
      return new Cron(Cron.Dialect.QUARTZ, text, CronParser.quartz(text, bounds, count));
    }
    if (count > 7) {
      throw CronParser.error("'" + trimmed + "' has too many fields (" + count
          + "); cron takes 5 (Unix) or 6-7 (Quartz)");
    }
    throw CronParser.error("'" + trimmed + "' is not a schedule; " + FORMS);
  }

  /**
   * Writes start and end of the first 8 whitespace-separated fields of text into bounds (2 ints each) and
   * returns how many fields there are.
   */
  private static int bounds(String text, int[] bounds) {
    int count = 0;
    int length = text.length();
    int i = 0;
    while (i < length) {
      while (i < length && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < length && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        if (count < 8) {
          bounds[2 * count] = start;
          bounds[2 * count + 1] = i;
        }
        count++;
      }
    }
    return count;
  }

  /** Splits on runs of whitespace (the text is already stripped). */
  private static String[] tokens(String text) {
    String[] tokens = new String[8];
    int count = 0;
    int length = text.length();
    int i = 0;
    while (i < length) {
      while (i < length && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < length && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        if (count == tokens.length) {
          tokens = Arrays.copyOf(tokens, count * 2);
        }
        tokens[count++] = text.substring(start, i);
      }
    }
    return count == tokens.length ? tokens : Arrays.copyOf(tokens, count);
  }

  private static Schedule macro(String keyword) {
    String expansion;
    switch (keyword) {
      case "@yearly":
      case "@annually":
        expansion = "0 0 1 1 *";
        break;
      case "@monthly":
        expansion = "0 0 1 * *";
        break;
      case "@weekly":
        expansion = "0 0 * * 0";
        break;
      case "@daily":
      case "@midnight":
        expansion = "0 0 * * *";
        break;
      case "@hourly":
        expansion = "0 * * * *";
        break;
      default:
        throw CronParser.error("'" + keyword + "' is not a known macro; use @yearly, @annually, @monthly, "
            + "@weekly, @daily, @midnight or @hourly");
    }
    int[] bounds = new int[16];
    bounds(expansion, bounds);
    return new Cron(Cron.Dialect.UNIX, keyword, CronParser.unix(expansion, bounds));
  }

  private static void expectTokens(String[] tokens, int count, String form) {
    if (tokens.length != count) {
      throw CronParser.error("'" + String.join(" ", tokens) + "' does not match '" + form + "'");
    }
  }

  private static LocalTime time(String form, String text) {
    Matcher m = TIME.matcher(text);
    if (m.matches()) {
      int hour = Integer.parseInt(m.group(1));
      int minute = Integer.parseInt(m.group(2));
      if (hour > 23) {
        throw CronParser.error(form + " time: hour " + hour + " is outside 0-23 in '" + text + "'");
      }
      if (minute > 59) {
        throw CronParser.error(form + " time: minute " + minute + " is outside 0-59 in '" + text + "'");
      }
      return LocalTime.of(hour, minute);
    }
    throw CronParser.error(form + " time: '" + text + "' is not a time HH:MM");
  }

  private static Set<DayOfWeek> weekdays(String text) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String item : text.split(",", -1)) {
      int dash = item.indexOf('-');
      if (dash >= 0) {
        int from = weekday(item.substring(0, dash));
        int to = weekday(item.substring(dash + 1));
        for (int d = from; ; d = d % 7 + 1) {
          days.add(DayOfWeek.of(d));
          if (d == to) {
            break;
          }
        }
      } else {
        days.add(DayOfWeek.of(weekday(item)));
      }
    }
    return days;
  }

  private static int weekday(String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    for (int i = 0; i < 7; i++) {
      if (upper.equals(DAY_NAMES[i]) || upper.equals(DayOfWeek.of(i + 1).name())) {
        return i + 1;
      }
    }
    throw CronParser.error("weekly days: '" + text + "' is not a day of the week (MON-SUN)");
  }

  private static int monthDay(String text) {
    if (text.equalsIgnoreCase("last")) {
      return Monthly.LAST;
    }
    if (!text.matches("\\d{1,9}")) {
      throw CronParser.error("monthly day: '" + text + "' is not a day 1-31 or 'last'");
    }
    int day = Integer.parseInt(text);
    if (day < 1 || day > 31) {
      throw CronParser.error("monthly day: " + day + " is outside 1-31");
    }
    return day;
  }

  private static LocalDateTime dateTime(String text) {
    try {
      return LocalDateTime.parse(text.toUpperCase(Locale.ROOT), ONCE);
    } catch (DateTimeParseException e) {
      throw CronParser.error("once: '" + text + "' is not a local date-time YYYY-MM-DDTHH:MM[:SS]");
    }
  }

  private static Duration period(String text) {
    Matcher m = EVERY.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw CronParser.error("every: '" + text + "' is not a period such as 90m, 6h, 1d or 30s");
    }
    long n = Long.parseLong(m.group(1));
    long unit;
    switch (m.group(2)) {
      case "d":
        unit = 86_400;
        break;
      case "h":
        unit = 3_600;
        break;
      case "m":
        unit = 60;
        break;
      default:
        unit = 1;
        break;
    }
    if (n < 1) {
      throw CronParser.error("every: '" + text + "' is shorter than the minimum period of 1s");
    }
    if (n > MAX_PERIOD_SECONDS / unit) {
      throw CronParser.error("every: '" + text + "' is longer than the longest period, 36500d");
    }
    return Duration.ofSeconds(n * unit);
  }

  /**
   * Up to {@code count} fire times strictly after {@code from}, in order. An {@code every} schedule is
   * anchored at {@code from}. A schedule with no fire after {@code from} (a past {@code once}, a passed Quartz
   * year) gives fewer, possibly none; this never throws for such schedules.
   */
  public static List<Instant> preview(Schedule schedule, ZoneId zone, Instant from, int count) {
    requireNonNull(schedule, "schedule");
    requireNonNull(zone, "zone");
    requireNonNull(from, "from");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    Trigger trigger = schedule.trigger(zone, from);
    List<Instant> fires = new ArrayList<>(Math.min(count, 1000));
    Instant after = from;
    for (int i = 0; i < count; i++) {
      Optional<Instant> next = trigger.nextFireAfter(after);
      if (next.isEmpty()) {
        break;
      }
      fires.add(next.get());
      after = next.get();
    }
    return List.copyOf(fires);
  }

  /**
   * The next fire of {@code schedule} in {@code zone} strictly after {@code now}, for refusing to create a task
   * that could never run (a past {@code once}, a Quartz year that has passed, {@code 0 0 30 2 *}).
   *
   * @throws ValidationException on field {@code schedule} when the schedule never fires after {@code now}
   */
  public static Instant requireFutureFire(Schedule schedule, ZoneId zone, Instant now) {
    requireNonNull(schedule, "schedule");
    requireNonNull(zone, "zone");
    requireNonNull(now, "now");
    return schedule.trigger(zone, now).nextFireAfter(now).orElseThrow(() -> CronParser.error(
        "'" + schedule.toText() + "' never fires after " + now + " in " + zone.getId()));
  }

  /**
   * Parses a time-zone id such as {@code Europe/Berlin} or {@code UTC} (surrounding whitespace ignored).
   *
   * @throws ValidationException on field {@code zone} when the id is not a known zone
   */
  public static ZoneId parseZone(String text) {
    requireNonNull(text, "text");
    String id = text.strip();
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new ValidationException("zone", "'" + id + "' is not a known time zone");
    }
  }
}

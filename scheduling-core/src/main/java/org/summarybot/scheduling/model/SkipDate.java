package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A day on which a task does not run, read in the task's zone: one date ({@code 2026-12-25}) or the same day
 * every year ({@code 12-25}). Its text form is what {@link #parse} reads.
 *
 * @param year the year of a one-day skip; empty for a day every year
 * @param day the month and day
 */
public record SkipDate(Optional<Integer> year, MonthDay day) {
  private static final Pattern FORM = Pattern.compile("(?:(\\d{4})-)?(\\d{2})-(\\d{2})");

  public SkipDate {
    requireNonNull(year, "year");
    requireNonNull(day, "day");
    year.ifPresent(y -> {
      if (!day.isValidYear(y)) {
        throw new ValidationException("skipDates", String.format("'%04d-%02d-%02d' is not a date (%d has no %s)", y,
            day.getMonthValue(), day.getDayOfMonth(), y, day.toString().substring(2)));
      }
    });
  }

  /** One date. */
  public static SkipDate of(LocalDate date) {
    return new SkipDate(Optional.of(date.getYear()), MonthDay.from(date));
  }

  /** The same day every year. */
  public static SkipDate everyYear(MonthDay day) {
    return new SkipDate(Optional.empty(), day);
  }

  /**
   * Reads {@code YYYY-MM-DD} or {@code MM-DD} (surrounding whitespace ignored).
   *
   * @throws ValidationException on field {@code skipDates}, naming the text, when it is neither
   */
  public static SkipDate parse(String text) {
    String t = requireNonNull(text, "text").strip();
    Matcher m = FORM.matcher(t);
    if (!m.matches()) {
      throw new ValidationException("skipDates", "'" + t + "' is not a date; use YYYY-MM-DD or MM-DD (every year)");
    }
    try {
      MonthDay day = MonthDay.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      Optional<Integer> year = Optional.ofNullable(m.group(1)).map(Integer::parseInt);
      return new SkipDate(year, day);
    } catch (DateTimeException e) {
      throw new ValidationException("skipDates", "'" + t + "' is not a date; use YYYY-MM-DD or MM-DD (every year)");
    }
  }

  /** Whether this skips {@code date}. */
  public boolean matches(LocalDate date) {
    return date.getMonthValue() == day.getMonthValue() && date.getDayOfMonth() == day.getDayOfMonth()
        && (year.isEmpty() || year.get() == date.getYear());
  }

  /** {@code YYYY-MM-DD} or {@code MM-DD}. */
  public String toText() {
    String md = String.format("%02d-%02d", day.getMonthValue(), day.getDayOfMonth());
    return year.map(y -> String.format("%04d-", y) + md).orElse(md);
  }

  @Override
  public String toString() {
    return toText();
  }
}

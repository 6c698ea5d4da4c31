package org.summarybot.scheduling.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.summarybot.scheduling.model.ValidationException;

/**
 * The one duration syntax used everywhere (CLI, config, JSON): {@code <integer><ms|s|m|h|d>} such as
 * {@code 90s}, {@code 5m}, {@code 1d}; ISO-8601 ({@code PT5M}) is accepted too.
 */
public final class DurationText {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

  private DurationText() {}

  /**
   * Parses a duration; {@code field} names the place for the error message.
   *
   * @throws ValidationException naming {@code field} when the text is not a duration
   */
  public static Duration parse(String text, String field) {
    String t = text == null ? "" : text.strip();
    Matcher m = SHORT.matcher(t.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          return Duration.ofMillis(n);
        case "s":
          return Duration.ofSeconds(n);
        case "m":
          return Duration.ofMinutes(n);
        case "h":
          return Duration.ofHours(n);
        default:
          return Duration.ofDays(n);
      }
    }
    if (t.length() > 1 && (t.charAt(0) == 'P' || t.charAt(0) == 'p')) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        // fall through to the common message
      }
    }
    throw new ValidationException(field, "'" + t + "' is not a duration (use <integer><ms|s|m|h|d> such as 90s, 5m, 1d, or ISO-8601 such as PT5M)");
  }

  /** The shortest exact text of a duration in the short form ({@code 90s}, {@code 1d}, {@code 250ms}). */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000L == 0 && ms != 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0 && ms != 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0 && ms != 0) {
      return ms / 60_000L + "m";
    }
    if (ms % 1000L == 0) {
      return ms / 1000L + "s";
    }
    return ms + "ms";
  }
}

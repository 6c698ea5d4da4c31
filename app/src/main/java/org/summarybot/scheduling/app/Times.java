package org.summarybot.scheduling.app;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * How the CLI prints times for people: every one in the same ISO-8601 form, to the second, with the offset of
 * the task's zone ({@code 2025-03-30T03:30:00+02:00}), and a due time that has passed says so.
 */
final class Times {
  private Times() {}

  /** {@code i} in {@code zone}: {@code 2025-03-30T03:30:00+02:00}. */
  static String at(Instant i, ZoneId zone) {
    return PreviewCommand.OUT.format(i.atZone(zone));
  }

  /**
   * A due time: {@link #at}, followed by {@code (overdue by 2h 5m)} when it passed before {@code now} and
   * {@code runningOn} is empty, or by {@code (running on NODE)} when a node holds the task's lease.
   */
  static String due(Instant due, ZoneId zone, Instant now, java.util.Optional<String> runningOn) {
    String at = at(due, zone);
    if (runningOn.isPresent()) {
      return at + " (running on " + runningOn.get() + ")";
    }
    return due.isBefore(now) ? at + " (overdue by " + span(Duration.between(due, now)) + ")" : at;
  }

  /** A span in its two largest units: {@code 3d 4h}, {@code 2h 5m}, {@code 5m 3s}, {@code 45s}. */
  static String span(Duration d) {
    long s = Math.max(0, d.getSeconds());
    long days = s / 86_400;
    long hours = s % 86_400 / 3_600;
    long minutes = s % 3_600 / 60;
    long seconds = s % 60;
    if (days > 0) {
      return days + "d " + hours + "h";
    }
    if (hours > 0) {
      return hours + "h " + minutes + "m";
    }
    return minutes > 0 ? minutes + "m " + seconds + "s" : seconds + "s";
  }
}

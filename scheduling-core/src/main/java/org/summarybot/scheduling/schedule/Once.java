package org.summarybot.scheduling.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.summarybot.scheduling.port.Trigger;

/**
 * {@code once YYYY-MM-DDTHH:MM[:SS]}: a single fire at a local date-time of the task's zone. A time in a
 * spring-forward gap fires shifted forward by the gap; a time in a fall-back overlap fires at its first
 * occurrence.
 */
public record Once(LocalDateTime at) implements Schedule {
  /** Rejects fractions of a second, which the text form cannot hold. */
  public Once {
    requireNonNull(at, "at");
    if (at.getNano() != 0) {
      throw new IllegalArgumentException("once takes whole seconds, got " + at);
    }
  }

  @Override
  public String toText() {
    return "once " + at;
  }

  /** The instant this schedule fires in {@code zone}. */
  Instant instant(ZoneId zone) {
    return ZonedDateTime.ofLocal(at, zone, null).toInstant();
  }

  @Override
  public Trigger trigger(ZoneId zone, Instant anchor) {
    Instant fire = instant(requireNonNull(zone, "zone"));
    Optional<Instant> fires = Optional.of(fire);
    String description = describe(zone);
    return new Trigger() {
      @Override
      public Optional<Instant> nextFireAfter(Instant after) {
        // One shared answer: every task on this trigger keeps the same next run, not a copy each.
        return fire.isAfter(after) ? fires : Optional.empty();
      }

      @Override
      public boolean followsWallClock() {
        return true;
      }

      @Override
      public String describe() {
        return description;
      }

      @Override
      public String toString() {
        return "Trigger[" + description + "]";
      }
    };
  }

  @Override
  public String describe(ZoneId zone) {
    String time = at.getSecond() == 0 ? DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").format(at)
        : DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").format(at);
    return "once at " + time + ", " + zone.getId();
  }

  @Override
  public boolean followsWallClock() {
    return true;
  }

  @Override
  public String toString() {
    return toText();
  }
}

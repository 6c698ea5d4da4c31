package org.summarybot.scheduling.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.port.Trigger;

/**
 * {@code once YYYY-MM-DDTHH:MM[:SS]}: a single fire at a local date-time of the task's zone. A time in a
 * spring-forward gap fires shifted forward by the gap; a time in a fall-back overlap fires at its first
 * occurrence. A task's DST policy may skip the gap time instead, or fire the overlap time at its last occurrence
 * or at both.
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
    return trigger(zone, anchor, DstGap.SHIFT, DstOverlap.FIRST);
  }

  @Override
  public Trigger trigger(ZoneId zone, Instant anchor, DstGap gap, DstOverlap overlap) {
    List<Optional<Instant>> fires = new ArrayList<>(2);
    for (Instant i : instants(requireNonNull(zone, "zone"), gap, overlap)) {
      fires.add(Optional.of(i));
    }
    String description = describe(zone);
    return new Trigger() {
      @Override
      public Optional<Instant> nextFireAfter(Instant after) {
        // One shared answer: every task on this trigger keeps the same next run, not a copy each.
        for (int i = 0; i < fires.size(); i++) {
          if (fires.get(i).get().isAfter(after)) {
            return fires.get(i);
          }
        }
        return Optional.empty();
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

  /** The instants, in order, at which this fires in {@code zone} under a DST policy: none, one or two. */
  private List<Instant> instants(ZoneId zone, DstGap gap, DstOverlap overlap) {
    List<ZoneOffset> offsets = zone.getRules().getValidOffsets(at);
    if (offsets.size() == 1) {
      return List.of(at.toInstant(offsets.get(0)));
    }
    if (offsets.isEmpty()) {
      return gap == DstGap.SKIP ? List.of() : List.of(instant(zone));
    }
    ZoneOffsetTransition t = zone.getRules().getTransition(at);
    Instant first = at.toInstant(t.getOffsetBefore());
    Instant last = at.toInstant(t.getOffsetAfter());
    switch (overlap) {
      case FIRST:
        return List.of(first);
      case LAST:
        return List.of(last);
      default:
        return List.of(first, last);
    }
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

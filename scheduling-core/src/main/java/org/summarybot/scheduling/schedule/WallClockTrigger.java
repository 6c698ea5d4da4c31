package org.summarybot.scheduling.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.port.Trigger;

/**
 * A calendar schedule in a zone. Implements the DST policy of DESIGN.md:
 *
 * <ul>
 *   <li>fixed-time schedules (hour field not covering all 24 hours) fire once per local occurrence: a local
 *       time in a spring-forward gap fires at the instant shifted forward by the gap, a local time in a fall-back
 *       overlap fires at its first (earlier-offset) occurrence only;
 *   <li>schedules whose hour field covers every hour follow real time: each instant whose local time matches
 *       fires, so a repeated hour fires twice and a skipped hour not at all.
 * </ul>
 */
final class WallClockTrigger implements Trigger {
  /** Longest spring-forward gap searched for behind an instant (Pacific/Apia skipped a whole day in 2011). */
  private static final long MAX_GAP_SECONDS = 26 * 3600L;

  private static final long EARLIEST = LocalDateTime.MIN.plusYears(1).toEpochSecond(ZoneOffset.UTC);

  private final CronSpec spec;
  private final ZoneRules rules;
  private final int fixedOffset;
  private final boolean isFixedOffset;
  private final boolean fixedTime;
  private final String description;

  WallClockTrigger(CronSpec spec, ZoneId zone, String description) {
    this.spec = requireNonNull(spec, "spec");
    this.rules = requireNonNull(zone, "zone").getRules();
    this.isFixedOffset = rules.isFixedOffset();
    this.fixedOffset = isFixedOffset ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : 0;
    this.fixedTime = !spec.everyHour();
    this.description = requireNonNull(description, "description");
  }

  @Override
  public Optional<Instant> nextFireAfter(Instant after) {
    long next = nextEpochSecond(requireNonNull(after, "after").getEpochSecond());
    return next == CronSpec.NONE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(next));
  }

  /** The first fire (epoch second) strictly after {@code afterSecond} (+ any fraction), or NONE. */
  long nextEpochSecond(long afterSecond) {
    if (afterSecond >= Instant.MAX.getEpochSecond() - 1) {
      return CronSpec.NONE;
    }
    // no local date-time exists before year -999,999,999; nothing of interest fires that early either
    long start = Math.max(afterSecond + 1, EARLIEST);
    if (isFixedOffset) {
      long local = spec.nextLocal(start + fixedOffset);
      return local == CronSpec.NONE ? CronSpec.NONE : local - fixedOffset;
    }
    return fixedTime ? nextFixedTime(start) : nextRealTime(start);
  }

  private long nextFixedTime(long start) {
    Instant startInstant = Instant.ofEpochSecond(start);
    int offset = rules.getOffset(startInstant).getTotalSeconds();
    long best = CronSpec.NONE;
    // A local time inside a gap that closed shortly before start fires (shifted) at or after start.
    if (rules.getOffset(Instant.ofEpochSecond(start - MAX_GAP_SECONDS)).getTotalSeconds() != offset) {
      best = gapCandidate(start, offset);
    }
    long from = start + offset;
    while (true) {
      long local = spec.nextLocal(from);
      if (local == CronSpec.NONE) {
        break;
      }
      long fire = resolveFirstOccurrence(local);
      if (fire >= start) {
        best = min(best, fire);
        break;
      }
      from = local + 1; // the first occurrence of this local time has passed (we are in an overlap)
    }
    return best;
  }

  private long gapCandidate(long start, int offset) {
    ZoneOffsetTransition transition = rules.previousTransition(Instant.ofEpochSecond(start + 1));
    if (transition == null || !transition.isGap()) {
      return CronSpec.NONE;
    }
    long at = transition.toEpochSecond();
    int before = transition.getOffsetBefore().getTotalSeconds();
    int gap = transition.getOffsetAfter().getTotalSeconds() - before;
    if (start >= at + gap) {
      return CronSpec.NONE;
    }
    long gapStartLocal = at + before;
    long gapEndLocal = at + before + gap;
    long local = spec.nextLocal(Math.max(gapStartLocal, start + offset - gap));
    if (local == CronSpec.NONE || local >= gapEndLocal) {
      return CronSpec.NONE;
    }
    return local - before;
  }

  /**
   * The instant of a local time under the fixed-time policy: its only occurrence, its first occurrence in an
   * overlap, or shifted forward by the gap. When shifted, a real local time just after the gap may come earlier
   * and then wins.
   */
  private long resolveFirstOccurrence(long local) {
    LocalDateTime dateTime = LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC);
    List<ZoneOffset> offsets = rules.getValidOffsets(dateTime);
    if (offsets.size() == 1) {
      return local - offsets.get(0).getTotalSeconds();
    }
    if (offsets.size() == 2) {
      return local - Math.max(offsets.get(0).getTotalSeconds(), offsets.get(1).getTotalSeconds());
    }
    ZoneOffsetTransition transition = rules.getTransition(dateTime);
    int before = transition.getOffsetBefore().getTotalSeconds();
    int after = transition.getOffsetAfter().getTotalSeconds();
    long shifted = local - before;
    long afterGap = spec.nextLocal(transition.toEpochSecond() + after);
    if (afterGap != CronSpec.NONE && afterGap - after < shifted
        && rules.getValidOffsets(LocalDateTime.ofEpochSecond(afterGap, 0, ZoneOffset.UTC)).size() == 1) {
      return afterGap - after;
    }
    return shifted;
  }

  private long nextRealTime(long start) {
    Instant segmentStart = Instant.ofEpochSecond(start);
    while (true) {
      int offset = rules.getOffset(segmentStart).getTotalSeconds();
      ZoneOffsetTransition transition = rules.nextTransition(segmentStart);
      long local = spec.nextLocal(segmentStart.getEpochSecond() + offset);
      if (local == CronSpec.NONE) {
        return CronSpec.NONE;
      }
      long fire = local - offset;
      if (transition == null || fire < transition.toEpochSecond()) {
        return fire;
      }
      segmentStart = transition.getInstant();
    }
  }

  private static long min(long a, long b) {
    if (a == CronSpec.NONE) {
      return b;
    }
    return b == CronSpec.NONE ? a : Math.min(a, b);
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
}

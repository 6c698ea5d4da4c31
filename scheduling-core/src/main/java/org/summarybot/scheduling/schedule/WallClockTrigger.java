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
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.model.ValidationException;
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
 *
 * <p>A task may choose another policy for fixed-time schedules ({@link DstGap}, {@link DstOverlap}): a gap time
 * is skipped instead of shifted, and an overlap time fires at its last occurrence or at both. Those fires are
 * the real-time fires of the schedule (every instant whose local time matches) without the occurrences the
 * overlap policy leaves out, plus, under {@code SHIFT}, the gap times shifted forward.
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
  private final DstGap gap;
  private final DstOverlap overlap;
  /** Whether the policy is the default one, served by {@link #nextFixedTime}. */
  private final boolean defaultPolicy;

  WallClockTrigger(CronSpec spec, ZoneId zone, String description) {
    this(spec, zone, description, DstGap.SHIFT, DstOverlap.FIRST);
  }

  /**
   * @throws ValidationException on field {@code dstGap} or {@code dstOverlap} when a policy other than the default
   *     is asked of a schedule whose hour field covers every hour (it follows real time, so has no policy)
   */
  WallClockTrigger(CronSpec spec, ZoneId zone, String description, DstGap gap, DstOverlap overlap) {
    this.spec = requireNonNull(spec, "spec");
    this.rules = requireNonNull(zone, "zone").getRules();
    this.isFixedOffset = rules.isFixedOffset();
    this.fixedOffset = isFixedOffset ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : 0;
    this.fixedTime = !spec.everyHour();
    this.description = requireNonNull(description, "description");
    this.gap = requireNonNull(gap, "gap");
    this.overlap = requireNonNull(overlap, "overlap");
    this.defaultPolicy = gap == DstGap.SHIFT && overlap == DstOverlap.FIRST;
    if (!fixedTime && !defaultPolicy) {
      throw new ValidationException(gap != DstGap.SHIFT ? "dstGap" : "dstOverlap", "applies to fixed wall-clock "
          + "times; a schedule that fires in every hour follows real time (a repeated hour fires twice, a skipped "
          + "one not at all)");
    }
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
    if (!fixedTime) {
      return nextRealTime(start);
    }
    return defaultPolicy ? nextFixedTime(start) : nextWithPolicy(start);
  }

  /**
   * The first fire at or after {@code start} under a chosen DST policy (package-private: tests compare it, under
   * the default policy, with the default path).
   */
  long nextWithPolicy(long start) {
    long best = CronSpec.NONE;
    long from = start;
    while (true) {
      long fire = nextRealTime(from);
      if (fire == CronSpec.NONE) {
        break;
      }
      long resume = leftOutUntil(fire);
      if (resume == CronSpec.NONE) {
        best = fire;
        break;
      }
      from = resume;
    }
    if (gap == DstGap.SHIFT) {
      best = min(best, nextShiftedGapFire(start, best));
    }
    return best;
  }

  /**
   * Where to look again when the overlap policy leaves out the real-time fire at {@code fire}: the end of the copy
   * of the repeated hour it falls in; NONE when the fire stands.
   */
  private long leftOutUntil(long fire) {
    if (overlap == DstOverlap.BOTH) {
      return CronSpec.NONE;
    }
    Instant at = Instant.ofEpochSecond(fire);
    ZoneOffsetTransition next = rules.nextTransition(at);
    if (overlap == DstOverlap.LAST && next != null && next.isOverlap()) {
      long t = next.toEpochSecond();
      int length = next.getOffsetBefore().getTotalSeconds() - next.getOffsetAfter().getTotalSeconds();
      if (fire >= t - length) {
        return t; // a first occurrence: the second one comes after the transition
      }
    }
    ZoneOffsetTransition previous = rules.previousTransition(Instant.ofEpochSecond(fire + 1));
    if (overlap == DstOverlap.FIRST && previous != null && previous.isOverlap()) {
      long t = previous.toEpochSecond();
      int length = previous.getOffsetBefore().getTotalSeconds() - previous.getOffsetAfter().getTotalSeconds();
      if (fire < t + length) {
        return t + length; // a second occurrence
      }
    }
    return CronSpec.NONE;
  }

  /**
   * The first local time inside a spring-forward gap, shifted forward by the gap, at or after {@code start}; only
   * gaps before {@code bound} are searched (NONE: the next 1000 transitions).
   */
  private long nextShiftedGapFire(long start, long bound) {
    ZoneOffsetTransition t = rules.previousTransition(Instant.ofEpochSecond(start + 1));
    for (int i = 0; i < 1000; i++) {
      if (t != null && t.isGap()) {
        long at = t.toEpochSecond();
        int before = t.getOffsetBefore().getTotalSeconds();
        int after = t.getOffsetAfter().getTotalSeconds();
        if (start < at + (after - before)) {
          long local = spec.nextLocal(Math.max(at + before, start + before));
          if (local != CronSpec.NONE && local < at + after) {
            return local - before;
          }
        }
      }
      t = rules.nextTransition(t == null ? Instant.ofEpochSecond(start) : t.getInstant());
      if (t == null || bound != CronSpec.NONE && t.toEpochSecond() > bound) {
        return CronSpec.NONE;
      }
    }
    return CronSpec.NONE;
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

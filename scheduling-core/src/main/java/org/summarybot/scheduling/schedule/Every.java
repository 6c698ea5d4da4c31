package org.summarybot.scheduling.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.Trigger;

/**
 * {@code every 90m|6h|1d|30s}: pure elapsed time, firing at anchor + k x period for k >= 1, whatever the wall
 * clock does. The period is a whole number of seconds, at least one.
 */
public record Every(Duration period) implements Schedule {
  private static final long[] UNIT_SECONDS = {86_400, 3_600, 60, 1};
  private static final String[] UNIT_SUFFIX = {"d", "h", "m", "s"};
  private static final String[] UNIT_NAME = {"day", "hour", "minute", "second"};

  /** Rejects periods under one second and periods with fractions of a second. */
  public Every {
    requireNonNull(period, "period");
    if (period.getNano() != 0 || period.getSeconds() < 1) {
      throw new IllegalArgumentException("period must be a whole number of seconds, at least 1s: " + period);
    }
  }

  @Override
  public String toText() {
    int u = unit();
    return "every " + period.getSeconds() / UNIT_SECONDS[u] + UNIT_SUFFIX[u];
  }

  private int unit() {
    int u = 0;
    while (period.getSeconds() % UNIT_SECONDS[u] != 0) {
      u++;
    }
    return u;
  }

  @Override
  public Trigger trigger(ZoneId zone, Instant anchor) {
    requireNonNull(anchor, "anchor");
    long step = period.getSeconds();
    String description = describe(zone);
    return new Trigger() {
      @Override
      public Optional<Instant> nextFireAfter(Instant after) {
        requireNonNull(after, "after");
        long k = 1;
        if (!after.isBefore(anchor)) {
          long diff = after.getEpochSecond() - anchor.getEpochSecond();
          if (after.getNano() < anchor.getNano()) {
            diff--; // whole seconds elapsed; the remaining fraction is below one second
          }
          k = diff / step + 1;
        }
        try {
          return Optional.of(anchor.plusSeconds(Math.multiplyExact(k, step)));
        } catch (ArithmeticException | java.time.DateTimeException e) {
          return Optional.empty();
        }
      }

      @Override
      public boolean followsWallClock() {
        return false;
      }

      @Override
      public String describe() {
        return description;
      }

      @Override
      public String toString() {
        return "Trigger[" + description + " from " + anchor + "]";
      }
    };
  }

  /** Elapsed time has no clock changes: only the default policy is accepted. */
  @Override
  public Trigger trigger(ZoneId zone, Instant anchor, DstGap gap, DstOverlap overlap) {
    if (gap != DstGap.SHIFT || overlap != DstOverlap.FIRST) {
      throw new ValidationException(gap != DstGap.SHIFT ? "dstGap" : "dstOverlap", "'" + toText()
          + "' is elapsed time, which clock changes do not move; a DST policy applies to fixed wall-clock times "
          + "(daily, weekly, monthly, once, cron with fixed hours)");
    }
    return trigger(zone, anchor);
  }

  @Override
  public String describe(ZoneId zone) {
    int u = unit();
    long n = period.getSeconds() / UNIT_SECONDS[u];
    return "every " + (n == 1 ? UNIT_NAME[u] : n + " " + UNIT_NAME[u] + "s");
  }

  @Override
  public boolean followsWallClock() {
    return false;
  }

  @Override
  public String toString() {
    return toText();
  }
}

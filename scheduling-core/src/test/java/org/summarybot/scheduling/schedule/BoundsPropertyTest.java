package org.summarybot.scheduling.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.port.Trigger;

/**
 * A task's bounds ({@code Trigger.bounded}) over random schedules, zones and bounds: the bounded fires are exactly
 * the schedule's fires within {@code [starts, ends]}, both included, and an {@code every} anchored at starts
 * fires at starts and every period after.
 */
class BoundsPropertyTest {
  private static final long SEED = 20_261_208L;

  private static List<Instant> fires(Trigger t, Instant after, Instant until, int max) {
    List<Instant> out = new ArrayList<>();
    Optional<Instant> next = t.nextFireAfter(after);
    while (next.isPresent() && !next.get().isAfter(until) && out.size() < max) {
      out.add(next.get());
      next = t.nextFireAfter(next.get());
    }
    return out;
  }

  @Test
  void bounded_fires_are_the_schedules_fires_within_the_bounds_both_included() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 1_500; i++) {
      ZoneId zone = SchedulePropertyTest.ZONES.get(random.nextInt(SchedulePropertyTest.ZONES.size()));
      String text = SchedulePropertyTest.randomSchedule(random).text;
      Instant after = SchedulePropertyTest.randomInstant(random, zone);
      Trigger plain = Schedules.parse(text).trigger(zone, Instant.EPOCH);
      Optional<Instant> first = plain.nextFireAfter(after.plusSeconds(random.nextLong(3 * 86_400)));
      // Half the cases start exactly at a fire, to prove that one counts.
      Instant starts = random.nextBoolean() && first.isPresent() ? first.get()
          : after.plusSeconds(random.nextLong(3 * 86_400));
      Instant ends = starts.plusSeconds(random.nextLong(4 * 86_400));
      Optional<Instant> atEnd = plain.nextFireAfter(ends.minusSeconds(3_600));
      if (random.nextBoolean() && atEnd.isPresent() && !atEnd.get().isBefore(starts)) {
        ends = atEnd.get(); // exactly at a fire
      }
      Trigger bounded = plain.bounded(Optional.of(starts), Optional.of(ends));
      String context = "case " + i + ": '" + text + "' in " + zone + " within [" + starts + ", " + ends + "]";

      List<Instant> want = fires(plain, starts.minusNanos(1), ends, 500);
      List<Instant> got = fires(bounded, after, ends.plusSeconds(86_400), 500);
      assertThat(got).as(context).isEqualTo(want);
      assertThat(bounded.nextFireAfter(ends)).as(context + ": nothing after the end").isEmpty();
    }
  }

  @Test
  void every_anchored_at_starts_fires_at_starts_and_each_period_after_until_the_end() {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    for (int i = 0; i < 500; i++) {
      long period = 1 + random.nextLong(3 * 86_400);
      Instant starts = Instant.ofEpochSecond(1_700_000_000L + random.nextLong(100_000_000L));
      Instant ends = starts.plusSeconds(random.nextLong(20 * period + 1));
      Trigger t = Schedules.parse("every " + period + "s").trigger(ZoneId.of("Europe/Berlin"), starts)
          .bounded(Optional.of(starts), Optional.of(ends));

      List<Instant> got = fires(t, starts.minusSeconds(random.nextLong(1_000_000)), ends, 100);

      assertThat(got).as("case %d: every %ds from %s to %s", i, period, starts, ends)
          .hasSize((int) ((ends.getEpochSecond() - starts.getEpochSecond()) / period) + 1)
          .allSatisfy(f -> assertThat((f.getEpochSecond() - starts.getEpochSecond()) % period).isZero());
      assertThat(got.get(0)).isEqualTo(starts);
    }
  }
}

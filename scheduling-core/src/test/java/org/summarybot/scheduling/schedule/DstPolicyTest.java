package org.summarybot.scheduling.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.Trigger;

/**
 * The DST policies a task may choose ({@code --dst-gap shift|skip}, {@code --dst-overlap first|last|both}), as
 * vectors over Europe/Berlin, America/New_York, Australia/Lord_Howe (30-minute shift) and America/Santiago
 * (changes at midnight), and as properties over random fixed-time schedules. The 2026 changes are those listed in
 * {@link DstTest}. Expected fires are local times with their offsets; "none" means no fire.
 */
class DstPolicyTest {

  private static List<Instant> fires(String zone, String schedule, String from, DstGap gap, DstOverlap overlap,
      int count) {
    Trigger t = Schedules.parse(schedule).trigger(ZoneId.of(zone), Instant.EPOCH, gap, overlap);
    List<Instant> out = new ArrayList<>();
    Instant after = OffsetDateTime.parse(from).toInstant();
    for (int i = 0; i < count; i++) {
      Optional<Instant> next = t.nextFireAfter(after);
      if (next.isEmpty()) {
        break;
      }
      out.add(next.get());
      after = next.get();
    }
    return out;
  }

  private static void assertFires(String zone, String schedule, String from, String gap, String overlap,
      String expected) {
    List<Instant> want = expected.isBlank() || expected.strip().equals("none") ? List.of()
        : Arrays.stream(expected.trim().split("\\s+")).map(s -> OffsetDateTime.parse(s).toInstant())
            .collect(Collectors.toList());
    List<Instant> got = fires(zone, schedule, from, DstGap.valueOf(gap), DstOverlap.valueOf(overlap),
        Math.max(want.size(), 1));
    assertThat(got).as("%s in %s from %s, gap %s, overlap %s", schedule, zone, from, gap, overlap)
        .isEqualTo(want);
  }

  @ParameterizedTest(name = "{1} in {0}, gap {3}")
  @CsvSource(delimiter = '|', textBlock = """
      Europe/Berlin       | daily 02:30      | 2026-03-28T12:00+01:00 | SKIP  | FIRST | 2026-03-30T02:30+02:00 2026-03-31T02:30+02:00
      Europe/Berlin       | daily 02:30      | 2026-03-28T12:00+01:00 | SHIFT | LAST  | 2026-03-29T03:30+02:00 2026-03-30T02:30+02:00
      Europe/Berlin       | 0 30 2 * * ?     | 2026-03-28T12:00+01:00 | SKIP  | BOTH  | 2026-03-30T02:30+02:00
      America/New_York    | daily 02:30      | 2026-03-07T12:00-05:00 | SKIP  | FIRST | 2026-03-09T02:30-04:00
      America/New_York    | weekly SUN 02:30 | 2026-03-07T12:00-05:00 | SKIP  | LAST  | 2026-03-15T02:30-04:00
      Australia/Lord_Howe | daily 02:15      | 2026-10-03T12:00+10:30 | SKIP  | FIRST | 2026-10-05T02:15+11:00
      Australia/Lord_Howe | daily 02:15      | 2026-10-03T12:00+10:30 | SHIFT | BOTH  | 2026-10-04T02:45+11:00 2026-10-05T02:15+11:00
      Australia/Lord_Howe | monthly 4 02:29  | 2026-10-01T00:00+10:30 | SKIP  | FIRST | 2026-11-04T02:29+11:00
      America/Santiago    | daily 00:30      | 2026-09-05T12:00-04:00 | SKIP  | FIRST | 2026-09-07T00:30-03:00
      America/Santiago    | daily 00:00      | 2026-09-05T12:00-04:00 | SKIP  | FIRST | 2026-09-07T00:00-03:00
      America/Santiago    | @daily           | 2026-09-05T12:00-04:00 | SHIFT | BOTH  | 2026-09-06T01:00-03:00 2026-09-07T00:00-03:00
      America/Santiago    | once 2026-09-06T00:30 | 2026-09-01T00:00-04:00 | SKIP | FIRST | none
      America/Santiago    | once 2026-09-06T00:30 | 2026-09-01T00:00-04:00 | SHIFT | FIRST | 2026-09-06T01:30-03:00
      """)
  void a_time_in_a_spring_forward_gap_is_shifted_or_skipped_as_chosen(String zone, String schedule, String from,
      String gap, String overlap, String expected) {
    assertFires(zone, schedule, from, gap, overlap, expected);
  }

  @ParameterizedTest(name = "{1} in {0}, overlap {4}")
  @CsvSource(delimiter = '|', textBlock = """
      Europe/Berlin       | daily 02:30      | 2026-10-24T12:00+02:00 | SHIFT | FIRST | 2026-10-25T02:30+02:00 2026-10-26T02:30+01:00
      Europe/Berlin       | daily 02:30      | 2026-10-24T12:00+02:00 | SHIFT | LAST  | 2026-10-25T02:30+01:00 2026-10-26T02:30+01:00
      Europe/Berlin       | daily 02:30      | 2026-10-24T12:00+02:00 | SKIP  | BOTH  | 2026-10-25T02:30+02:00 2026-10-25T02:30+01:00 2026-10-26T02:30+01:00
      Europe/Berlin       | weekly SUN 02:30 | 2026-10-20T12:00+02:00 | SHIFT | BOTH  | 2026-10-25T02:30+02:00 2026-10-25T02:30+01:00 2026-11-01T02:30+01:00
      Europe/Berlin       | 0 15 2 * * ?     | 2026-10-24T12:00+02:00 | SHIFT | LAST  | 2026-10-25T02:15+01:00 2026-10-26T02:15+01:00
      Europe/Berlin       | once 2026-10-25T02:30 | 2026-10-01T00:00+02:00 | SHIFT | BOTH | 2026-10-25T02:30+02:00 2026-10-25T02:30+01:00
      Europe/Berlin       | once 2026-10-25T02:30 | 2026-10-01T00:00+02:00 | SHIFT | LAST | 2026-10-25T02:30+01:00
      America/New_York    | daily 01:30      | 2026-10-31T12:00-04:00 | SHIFT | LAST  | 2026-11-01T01:30-05:00 2026-11-02T01:30-05:00
      America/New_York    | daily 01:30      | 2026-10-31T12:00-04:00 | SHIFT | BOTH  | 2026-11-01T01:30-04:00 2026-11-01T01:30-05:00 2026-11-02T01:30-05:00
      America/New_York    | 30 1 * * 0       | 2026-10-31T12:00-04:00 | SKIP  | BOTH  | 2026-11-01T01:30-04:00 2026-11-01T01:30-05:00 2026-11-08T01:30-05:00
      Australia/Lord_Howe | daily 01:45      | 2026-04-04T12:00+11:00 | SHIFT | LAST  | 2026-04-05T01:45+10:30 2026-04-06T01:45+10:30
      Australia/Lord_Howe | daily 01:45      | 2026-04-04T12:00+11:00 | SHIFT | BOTH  | 2026-04-05T01:45+11:00 2026-04-05T01:45+10:30 2026-04-06T01:45+10:30
      America/Santiago    | daily 23:30      | 2026-04-04T12:00-03:00 | SHIFT | LAST  | 2026-04-04T23:30-04:00 2026-04-05T23:30-04:00
      America/Santiago    | daily 23:30      | 2026-04-04T12:00-03:00 | SHIFT | BOTH  | 2026-04-04T23:30-03:00 2026-04-04T23:30-04:00 2026-04-05T23:30-04:00
      America/Santiago    | daily 23:30      | 2026-04-04T12:00-03:00 | SHIFT | FIRST | 2026-04-04T23:30-03:00 2026-04-05T23:30-04:00
      """)
  void a_time_in_a_fall_back_overlap_fires_at_the_occurrences_chosen(String zone, String schedule, String from,
      String gap, String overlap, String expected) {
    assertFires(zone, schedule, from, gap, overlap, expected);
  }

  @Test
  void a_policy_for_elapsed_or_real_time_schedules_is_refused_naming_the_option() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    assertThatThrownBy(() -> Schedules.parse("every 2h").trigger(berlin, Instant.EPOCH, DstGap.SKIP, DstOverlap.FIRST))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.problems().get(0).field()).isEqualTo("dstGap"));
    assertThatThrownBy(() -> Schedules.parse("0 * * * *").trigger(berlin, Instant.EPOCH, DstGap.SHIFT, DstOverlap.LAST))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.problems().get(0).field()).isEqualTo("dstOverlap"));
    assertThat(Schedules.parse("every 2h").trigger(berlin, Instant.EPOCH, DstGap.SHIFT, DstOverlap.FIRST)
        .nextFireAfter(Instant.EPOCH)).contains(Instant.EPOCH.plusSeconds(7200));
  }

  // ---------------------------------------------------------------- properties

  private static final long SEED = 20_261_207L;

  /** A random fixed-time schedule (one whose triggers take a policy) with its text. */
  private static String randomFixedSchedule(SplittableRandom random, ZoneId zone) {
    while (true) {
      String text = SchedulePropertyTest.randomSchedule(random).text;
      try {
        Schedules.parse(text).trigger(zone, Instant.EPOCH, DstGap.SKIP, DstOverlap.BOTH);
        return text;
      } catch (ValidationException realOrElapsedTime) {
        // draw again
      }
    }
  }

  @Test
  void the_policy_path_under_the_default_policy_agrees_with_the_default_path() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 5_000; i++) {
      ZoneId zone = SchedulePropertyTest.ZONES.get(random.nextInt(SchedulePropertyTest.ZONES.size()));
      String text = randomFixedSchedule(random, zone);
      Trigger t = Schedules.parse(text).trigger(zone, Instant.EPOCH);
      if (!(t instanceof WallClockTrigger w)) {
        continue; // once: its own trigger
      }
      long after = SchedulePropertyTest.randomInstant(random, zone).getEpochSecond();
      assertThat(w.nextWithPolicy(after + 1)).as("case %d: '%s' in %s after %s", i, text, zone,
          Instant.ofEpochSecond(after)).isEqualTo(w.nextEpochSecond(after));
    }
  }

  @Test
  void both_is_first_and_last_together_and_skip_leaves_out_only_shifted_gap_fires() {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    int sawGap = 0;
    int sawOverlap = 0;
    for (int i = 0; i < 250; i++) {
      ZoneId zone = SchedulePropertyTest.ZONES.get(1 + random.nextInt(SchedulePropertyTest.ZONES.size() - 1));
      String text = randomFixedSchedule(random, zone);
      Instant from = SchedulePropertyTest.randomInstant(random, zone).minusSeconds(2 * 86_400);
      Instant to = from.plusSeconds(4 * 86_400);
      String context = "case " + i + ": '" + text + "' in " + zone + " from " + from;
      if (window(text, zone, DstGap.SHIFT, DstOverlap.BOTH, from, to) == null) {
        i--;
        continue;
      }
      for (DstGap gap : DstGap.values()) {
        TreeSet<Instant> first = window(text, zone, gap, DstOverlap.FIRST, from, to);
        TreeSet<Instant> last = window(text, zone, gap, DstOverlap.LAST, from, to);
        TreeSet<Instant> both = window(text, zone, gap, DstOverlap.BOTH, from, to);
        TreeSet<Instant> union = new TreeSet<>(first);
        union.addAll(last);
        assertThat(both).as(context + ", gap " + gap).isEqualTo(union);
        sawOverlap += both.size() > first.size() ? 1 : 0;
      }
      for (DstOverlap overlap : DstOverlap.values()) {
        TreeSet<Instant> shift = window(text, zone, DstGap.SHIFT, overlap, from, to);
        TreeSet<Instant> skip = window(text, zone, DstGap.SKIP, overlap, from, to);
        assertThat(shift).as(context + ", overlap " + overlap).containsAll(skip);
        for (Instant shifted : shift) {
          if (!skip.contains(shifted)) {
            sawGap++;
            assertThat(inGapWindow(zone, shifted)).as(context + ": " + shifted + " is a shifted gap time").isTrue();
          }
        }
      }
    }
    assertThat(sawGap).as("the draws reach gaps").isPositive();
    assertThat(sawOverlap).as("the draws reach overlaps").isPositive();
  }

  /** Whether {@code at} lies within a gap's length after a spring-forward transition. */
  private static boolean inGapWindow(ZoneId zone, Instant at) {
    ZoneOffsetTransition t = zone.getRules().previousTransition(at.plusSeconds(1));
    return t != null && t.isGap() && at.getEpochSecond() - t.toEpochSecond() < t.getDuration().getSeconds();
  }

  private static TreeSet<Instant> window(String text, ZoneId zone, DstGap gap, DstOverlap overlap, Instant from,
      Instant to) {
    Trigger t = Schedules.parse(text).trigger(zone, Instant.EPOCH, gap, overlap);
    TreeSet<Instant> out = new TreeSet<>();
    Optional<Instant> next = t.nextFireAfter(from);
    while (next.isPresent() && next.get().isBefore(to)) {
      if (out.size() == 1_500) {
        return null; // too many to compare in a unit test: the case is drawn again
      }
      out.add(next.get());
      next = t.nextFireAfter(next.get());
    }
    return out;
  }

  @Test
  void every_fire_but_a_shifted_one_is_at_a_local_time_of_the_schedule() {
    SplittableRandom random = new SplittableRandom(SEED + 2);
    for (int i = 0; i < 150; i++) {
      ZoneId zone = SchedulePropertyTest.ZONES.get(1 + random.nextInt(SchedulePropertyTest.ZONES.size() - 1));
      String text = randomFixedSchedule(random, zone);
      Instant from = SchedulePropertyTest.randomInstant(random, zone).minusSeconds(86_400);
      Trigger utc = Schedules.parse(text).trigger(ZoneOffset.UTC, Instant.EPOCH);
      if (window(text, zone, DstGap.SHIFT, DstOverlap.BOTH, from, from.plusSeconds(3 * 86_400)) == null) {
        i--;
        continue;
      }
      for (DstOverlap overlap : DstOverlap.values()) {
        for (Instant fire : window(text, zone, DstGap.SKIP, overlap, from, from.plusSeconds(3 * 86_400))) {
          LocalDateTime local = LocalDateTime.ofInstant(fire, zone);
          Instant before = local.minusSeconds(1).atZone(ZoneOffset.UTC).toInstant();
          assertThat(utc.nextFireAfter(before))
              .as("case %d: '%s' in %s: %s (local %s) matches the schedule", i, text, zone, fire, local)
              .contains(local.atZone(ZoneOffset.UTC).toInstant());
        }
      }
    }
  }
}

package org.summarybot.scheduling.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DST policy of DESIGN.md, table-driven over Europe/Berlin, America/New_York, Australia/Lord_Howe (30-minute
 * shift) and America/Santiago (changes at midnight). 2026 changes: Berlin gap 29 Mar 02:00, overlap 25 Oct
 * 03:00; New York gap 8 Mar 02:00, overlap 1 Nov 02:00; Lord Howe overlap 5 Apr 02:00 (+11 to +10:30), gap
 * 4 Oct 02:00 (to 02:30); Santiago overlap 5 Apr 00:00 (back to 4 Apr 23:00), gap 6 Sep 00:00 (to 01:00).
 * Expected fires are written as local times with their offsets.
 */
class DstTest {

  private static void assertFires(String zone, String schedule, String from, String expected) {
    List<Instant> want = Arrays.stream(expected.trim().split("\\s+"))
        .map(s -> OffsetDateTime.parse(s).toInstant()).collect(Collectors.toList());
    List<Instant> got = Schedules.preview(Schedules.parse(schedule), ZoneId.of(zone),
        OffsetDateTime.parse(from).toInstant(), want.size());
    assertThat(got).as("%s in %s from %s", schedule, zone, from).isEqualTo(want);
  }

  @ParameterizedTest(name = "{1} in {0}")
  @CsvSource(delimiter = '|', textBlock = """
      Europe/Berlin       | daily 02:30              | 2026-03-28T12:00+01:00 | 2026-03-29T03:30+02:00 2026-03-30T02:30+02:00
      America/New_York    | daily 02:30              | 2026-03-07T12:00-05:00 | 2026-03-08T03:30-04:00 2026-03-09T02:30-04:00
      Australia/Lord_Howe | daily 02:15              | 2026-10-03T12:00+10:30 | 2026-10-04T02:45+11:00 2026-10-05T02:15+11:00
      America/Santiago    | daily 00:30              | 2026-09-05T12:00-04:00 | 2026-09-06T01:30-03:00 2026-09-07T00:30-03:00
      America/Santiago    | daily 00:00              | 2026-09-05T12:00-04:00 | 2026-09-06T01:00-03:00 2026-09-07T00:00-03:00
      Europe/Berlin       | weekly sun 02:30         | 2026-03-25T12:00+01:00 | 2026-03-29T03:30+02:00 2026-04-05T02:30+02:00
      America/New_York    | weekly SUN 02:30         | 2026-03-07T12:00-05:00 | 2026-03-08T03:30-04:00 2026-03-15T02:30-04:00
      Australia/Lord_Howe | weekly SUN 02:00         | 2026-10-01T12:00+10:30 | 2026-10-04T02:30+11:00 2026-10-11T02:00+11:00
      America/Santiago    | weekly SUN 00:15         | 2026-09-01T12:00-04:00 | 2026-09-06T01:15-03:00 2026-09-13T00:15-03:00
      America/Santiago    | monthly 6 00:15          | 2026-09-01T00:00-04:00 | 2026-09-06T01:15-03:00 2026-10-06T00:15-03:00
      Europe/Berlin       | monthly 29 02:59         | 2026-03-01T00:00+01:00 | 2026-03-29T03:59+02:00 2026-04-29T02:59+02:00
      Australia/Lord_Howe | monthly 4 02:29          | 2026-10-01T00:00+10:30 | 2026-10-04T02:59+11:00 2026-11-04T02:29+11:00
      America/New_York    | monthly 8 02:00          | 2026-03-01T00:00-05:00 | 2026-03-08T03:00-04:00 2026-04-08T02:00-04:00
      Europe/Berlin       | 0 30 2 * * ?             | 2026-03-28T12:00+01:00 | 2026-03-29T03:30+02:00 2026-03-30T02:30+02:00
      America/New_York    | 30 2 * * 0               | 2026-03-07T12:00-05:00 | 2026-03-08T03:30-04:00 2026-03-15T02:30-04:00
      America/Santiago    | 0 0 0 ? * SUN            | 2026-09-01T12:00-04:00 | 2026-09-06T01:00-03:00 2026-09-13T00:00-03:00
      Australia/Lord_Howe | 0 10 2 ? * 1             | 2026-10-01T12:00+10:30 | 2026-10-04T02:40+11:00 2026-10-11T02:10+11:00
      America/Santiago    | @daily                   | 2026-09-05T12:00-04:00 | 2026-09-06T01:00-03:00 2026-09-07T00:00-03:00
      """)
  void time_in_spring_gap_fires_once_shifted_by_the_gap(String zone, String schedule, String from,
      String expected) {
    assertFires(zone, schedule, from, expected);
  }

  @ParameterizedTest(name = "{1} in {0}")
  @CsvSource(delimiter = '|', textBlock = """
      Europe/Berlin       | daily 02:30              | 2026-10-24T12:00+02:00 | 2026-10-25T02:30+02:00 2026-10-26T02:30+01:00
      America/New_York    | daily 01:30              | 2026-10-31T12:00-04:00 | 2026-11-01T01:30-04:00 2026-11-02T01:30-05:00
      Australia/Lord_Howe | daily 01:45              | 2026-04-04T12:00+11:00 | 2026-04-05T01:45+11:00 2026-04-06T01:45+10:30
      America/Santiago    | daily 23:30              | 2026-04-04T12:00-03:00 | 2026-04-04T23:30-03:00 2026-04-05T23:30-04:00
      Europe/Berlin       | weekly SUN 02:00         | 2026-10-20T12:00+02:00 | 2026-10-25T02:00+02:00 2026-11-01T02:00+01:00
      America/Santiago    | weekly SAT 23:00         | 2026-04-01T12:00-03:00 | 2026-04-04T23:00-03:00 2026-04-11T23:00-04:00
      Australia/Lord_Howe | monthly 5 01:30          | 2026-04-01T00:00+11:00 | 2026-04-05T01:30+11:00 2026-05-05T01:30+10:30
      America/New_York    | monthly 1 01:00          | 2026-10-15T00:00-04:00 | 2026-11-01T01:00-04:00 2026-12-01T01:00-05:00
      Europe/Berlin       | 0 0/20 2 * * ?           | 2026-10-25T01:50+02:00 | 2026-10-25T02:00+02:00 2026-10-25T02:20+02:00 2026-10-25T02:40+02:00 2026-10-26T02:00+01:00
      America/New_York    | 15 1 1 11 *              | 2026-10-01T00:00-04:00 | 2026-11-01T01:15-04:00 2027-11-01T01:15-04:00
      America/Santiago    | 0 30 23 ? * 7            | 2026-04-01T00:00-03:00 | 2026-04-04T23:30-03:00 2026-04-11T23:30-04:00
      Australia/Lord_Howe | 0 50 1 ? * SUN           | 2026-04-01T00:00+11:00 | 2026-04-05T01:50+11:00 2026-04-12T01:50+10:30
      """)
  void time_in_fall_back_overlap_fires_once_at_its_first_occurrence(String zone, String schedule, String from,
      String expected) {
    assertFires(zone, schedule, from, expected);
  }

  @ParameterizedTest(name = "{1} in {0} from {2}")
  @CsvSource(delimiter = '|', textBlock = """
      Europe/Berlin       | daily 02:30              | 2026-10-25T02:10+01:00 | 2026-10-26T02:30+01:00
      America/New_York    | daily 01:30              | 2026-11-01T01:40-05:00 | 2026-11-02T01:30-05:00
      America/New_York    | daily 01:30              | 2026-11-01T01:10-05:00 | 2026-11-02T01:30-05:00
      Australia/Lord_Howe | daily 01:45              | 2026-04-05T01:35+10:30 | 2026-04-06T01:45+10:30
      America/Santiago    | daily 23:30              | 2026-04-04T23:10-04:00 | 2026-04-05T23:30-04:00
      """)
  void fire_asked_for_in_the_repeated_hour_after_it_ran_is_not_repeated(String zone, String schedule,
      String from, String expected) {
    assertFires(zone, schedule, from, expected);
  }

  @ParameterizedTest(name = "{1} in {0} from {2}")
  @CsvSource(delimiter = '|', textBlock = """
      Europe/Berlin       | daily 02:30              | 2026-03-29T03:10+02:00 | 2026-03-29T03:30+02:00 2026-03-30T02:30+02:00
      America/New_York    | daily 02:45              | 2026-03-08T03:00-04:00 | 2026-03-08T03:45-04:00 2026-03-09T02:45-04:00
      Australia/Lord_Howe | daily 02:20              | 2026-10-04T02:35+11:00 | 2026-10-04T02:50+11:00 2026-10-05T02:20+11:00
      America/Santiago    | daily 00:40              | 2026-09-06T01:20-03:00 | 2026-09-06T01:40-03:00 2026-09-07T00:40-03:00
      Australia/Lord_Howe | 0 10,35 2 * * ?          | 2026-10-04T01:50+10:30 | 2026-10-04T02:35+11:00 2026-10-04T02:40+11:00 2026-10-05T02:10+11:00
      """)
  void time_from_a_gap_still_fires_when_asked_for_just_after_the_gap(String zone, String schedule, String from,
      String expected) {
    assertFires(zone, schedule, from, expected);
  }

  @ParameterizedTest(name = "{1} in {0}")
  @CsvSource(delimiter = '|', textBlock = """
      Europe/Berlin       | 0 30 * * * ?             | 2026-10-25T01:45+02:00 | 2026-10-25T02:30+02:00 2026-10-25T02:30+01:00 2026-10-25T03:30+01:00
      America/New_York    | 30 * * * *               | 2026-11-01T00:45-04:00 | 2026-11-01T01:30-04:00 2026-11-01T01:30-05:00 2026-11-01T02:30-05:00
      Australia/Lord_Howe | 0 45 * * * ?             | 2026-04-05T01:00+11:00 | 2026-04-05T01:45+11:00 2026-04-05T01:45+10:30 2026-04-05T02:45+10:30
      America/Santiago    | 0 30 * * * ?             | 2026-04-04T22:45-03:00 | 2026-04-04T23:30-03:00 2026-04-04T23:30-04:00 2026-04-05T00:30-04:00
      Europe/Berlin       | @hourly                  | 2026-10-25T01:30+02:00 | 2026-10-25T02:00+02:00 2026-10-25T02:00+01:00 2026-10-25T03:00+01:00
      """)
  void cron_with_every_hour_follows_real_time_and_fires_in_both_copies_of_a_repeated_hour(String zone,
      String schedule, String from, String expected) {
    assertFires(zone, schedule, from, expected);
  }

  @ParameterizedTest(name = "{1} in {0}")
  @CsvSource(delimiter = '|', textBlock = """
      Europe/Berlin       | 0 30 * * * ?             | 2026-03-29T01:45+01:00 | 2026-03-29T03:30+02:00 2026-03-29T04:30+02:00
      America/New_York    | */30 * * * *             | 2026-03-08T01:15-05:00 | 2026-03-08T01:30-05:00 2026-03-08T03:00-04:00 2026-03-08T03:30-04:00
      Australia/Lord_Howe | 0 15 * * * ?             | 2026-10-04T01:30+10:30 | 2026-10-04T03:15+11:00 2026-10-04T04:15+11:00
      America/Santiago    | 0 30 * * * ?             | 2026-09-05T23:45-04:00 | 2026-09-06T01:30-03:00 2026-09-06T02:30-03:00
      """)
  void cron_with_every_hour_follows_real_time_and_skips_a_missing_hour(String zone, String schedule,
      String from, String expected) {
    assertFires(zone, schedule, from, expected);
  }

  @ParameterizedTest(name = "{1} in {0}")
  @CsvSource(delimiter = '|', textBlock = """
      Europe/Berlin       | once 2026-03-29T02:30    | 2026-01-01T00:00+01:00 | 2026-03-29T03:30+02:00
      Europe/Berlin       | once 2026-10-25T02:30    | 2026-01-01T00:00+01:00 | 2026-10-25T02:30+02:00
      America/New_York    | once 2026-11-01T01:30:15 | 2026-01-01T00:00-05:00 | 2026-11-01T01:30:15-04:00
      Australia/Lord_Howe | once 2026-10-04T02:10    | 2026-01-01T00:00+11:00 | 2026-10-04T02:40+11:00
      America/Santiago    | once 2026-09-06T00:00    | 2026-01-01T00:00-03:00 | 2026-09-06T01:00-03:00
      America/Santiago    | once 2026-04-04T23:15    | 2026-01-01T00:00-03:00 | 2026-04-04T23:15-03:00
      """)
  void once_in_a_gap_is_shifted_and_once_in_an_overlap_fires_at_the_first_occurrence(String zone,
      String schedule, String from, String expected) {
    assertFires(zone, schedule, from, expected);
  }

  @ParameterizedTest(name = "{1} in {0}")
  @CsvSource(delimiter = '|', textBlock = """
      Europe/Berlin       | every 1h                 | 2026-03-29T01:30+01:00 | 2026-03-29T03:30+02:00 2026-03-29T04:30+02:00
      Europe/Berlin       | every 30m                | 2026-10-25T02:00+02:00 | 2026-10-25T02:30+02:00 2026-10-25T02:00+01:00 2026-10-25T02:30+01:00
      America/New_York    | every 1d                 | 2026-03-07T09:00-05:00 | 2026-03-08T10:00-04:00 2026-03-09T10:00-04:00
      Australia/Lord_Howe | every 30m                | 2026-10-04T01:30+10:30 | 2026-10-04T02:30+11:00 2026-10-04T03:00+11:00
      America/Santiago    | every 6h                 | 2026-04-04T20:00-03:00 | 2026-04-05T01:00-04:00 2026-04-05T07:00-04:00
      """)
  void every_is_pure_elapsed_time_through_clock_changes(String zone, String schedule, String from,
      String expected) {
    assertFires(zone, schedule, from, expected);
  }

  @ParameterizedTest(name = "{1} in {0}")
  @CsvSource(delimiter = '|', textBlock = """
      Europe/Berlin       | monthly 31 09:00         | 2026-04-01T00:00+02:00 | 2026-04-30T09:00+02:00 2026-05-31T09:00+02:00 2026-06-30T09:00+02:00
      America/New_York    | monthly 30 09:00         | 2028-01-31T00:00-05:00 | 2028-02-29T09:00-05:00 2028-03-30T09:00-04:00
      America/New_York    | monthly last 09:00       | 2027-01-31T10:00-05:00 | 2027-02-28T09:00-05:00 2027-03-31T09:00-04:00
      Europe/Berlin       | 0 9 31 * *               | 2026-04-01T00:00+02:00 | 2026-05-31T09:00+02:00 2026-07-31T09:00+02:00 2026-08-31T09:00+02:00
      Europe/Berlin       | 0 0 9 31 * ?             | 2026-04-01T00:00+02:00 | 2026-05-31T09:00+02:00 2026-07-31T09:00+02:00 2026-08-31T09:00+02:00
      """)
  void monthly_day_past_the_month_end_clamps_while_cron_day_skips_the_month(String zone, String schedule,
      String from, String expected) {
    assertFires(zone, schedule, from, expected);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago"})
  void a_daily_summary_is_never_skipped_nor_doubled_by_a_clock_change(String zoneId) {
    ZoneId zone = ZoneId.of(zoneId);
    for (int minuteOfDay = 0; minuteOfDay < 24 * 60; minuteOfDay += 15) {
      LocalTime time = LocalTime.ofSecondOfDay(minuteOfDay * 60L);
      Schedule daily = Schedules.parse("daily " + time);
      List<Instant> fires = Schedules.preview(daily, zone, Instant.parse("2025-12-31T12:00:00Z"), 380);
      LocalDate first = fires.get(0).atZone(zone).toLocalDate();
      for (int i = 0; i < fires.size(); i++) {
        assertThat(fires.get(i).atZone(zone).toLocalDate()).as("%s fire %d: %s", daily, i, fires.get(i))
            .isEqualTo(first.plusDays(i));
      }
    }
  }
}

package org.summarybot.scheduling.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.summarybot.scheduling.model.Problem;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.Trigger;

class SchedulesTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId UTC = ZoneOffset.UTC;

  @Test
  void simple_forms_parse_to_their_records_ignoring_surrounding_whitespace_and_case() {
    assertThat(Schedules.parse("  daily 09:00 \n")).isEqualTo(new Daily(LocalTime.of(9, 0)));
    assertThat(Schedules.parse("DAILY 9:05")).isEqualTo(new Daily(LocalTime.of(9, 5)));
    assertThat(Schedules.parse("weekly mon,Fri 18:30"))
        .isEqualTo(new Weekly(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(18, 30)));
    assertThat(Schedules.parse("weekly FRI-MON 07:00")).isEqualTo(new Weekly(EnumSet.of(DayOfWeek.FRIDAY,
        DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY), LocalTime.of(7, 0)));
    assertThat(Schedules.parse("monthly 15 08:00")).isEqualTo(new Monthly(15, LocalTime.of(8, 0)));
    assertThat(Schedules.parse("monthly LAST 08:00")).isEqualTo(new Monthly(Monthly.LAST, LocalTime.of(8, 0)));
    assertThat(Schedules.parse("once 2026-05-01T09:00"))
        .isEqualTo(new Once(LocalDateTime.of(2026, 5, 1, 9, 0)));
    assertThat(Schedules.parse("once 2026-05-01T09:00:30"))
        .isEqualTo(new Once(LocalDateTime.of(2026, 5, 1, 9, 0, 30)));
    assertThat(Schedules.parse("every 90m")).isEqualTo(new Every(Duration.ofMinutes(90)));
    assertThat(Schedules.parse("every 30S")).isEqualTo(new Every(Duration.ofSeconds(30)));
  }

  @Test
  void cron_keeps_its_dialect() {
    assertThat(((Cron) Schedules.parse("0 9 * * 1-5")).dialect()).isEqualTo(Cron.Dialect.UNIX);
    assertThat(((Cron) Schedules.parse("0 0 9 ? * MON-FRI")).dialect()).isEqualTo(Cron.Dialect.QUARTZ);
    assertThat(((Cron) Schedules.parse("0 0 9 ? * MON-FRI 2030")).dialect()).isEqualTo(Cron.Dialect.QUARTZ);
    assertThat(((Cron) Schedules.parse("@daily")).dialect()).isEqualTo(Cron.Dialect.UNIX);
  }

  @ParameterizedTest
  @ValueSource(strings = {"daily 09:00", "weekly MON,FRI 09:00", "monthly 31 23:59", "monthly last 00:00",
      "once 2026-05-01T09:00", "once 2026-05-01T09:00:07", "every 90m", "every 6h", "every 1d", "every 30s",
      "every 7200s", "0 9 * * MON-FRI", "*/5 * * * *", "0 15 10 ? * 6#3", "0 0 0 L-2 * ? 2030-2040",
      "0 0 12 1W,15 JAN-MAR ?", "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly",
      "  0   0  9 ? * mon-fri  "})
  void text_round_trips(String text) {
    Schedule schedule = Schedules.parse(text);
    assertThat(Schedules.parse(schedule.toText())).isEqualTo(schedule);
    assertThat(schedule.toText()).isEqualTo(Schedules.parse(schedule.toText()).toText());
  }

  @Test
  void to_text_is_canonical() {
    assertThat(Schedules.parse("every 7200s").toText()).isEqualTo("every 2h");
    assertThat(Schedules.parse("every 90m").toText()).isEqualTo("every 90m");
    assertThat(Schedules.parse("weekly fri,mon 9:00").toText()).isEqualTo("weekly MON,FRI 09:00");
    assertThat(Schedules.parse(" 0  0 9 ? * mon-fri ").toText()).isEqualTo("0 0 9 ? * MON-FRI");
    assertThat(Schedules.parse("@Daily").toText()).isEqualTo("@daily");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      0 61 * * * ?               | minute field: 61 is outside 0-59
      61 * * * *                 | minute field: 61 is outside 0-59
      0 0 24 * * ?               | hour field: 24 is outside 0-23
      0 0 0 32 * ?               | day-of-month field: 32 is outside 1-31
      0 0 0 0 * ?                | day-of-month field: 0 is outside 1-31
      0 0 0 ? 13 *               | month field: 13 is outside 1-12
      0 0 0 ? FOO *              | month field: 'FOO' is not a month (1-12 or JAN-DEC)
      0 0 0 ? * 8                | day-of-week field: 8 is outside 1-7
      0 0 * * 8                  | day-of-week field: 8 is outside 0-7
      0 0 0 ? * FUN              | day-of-week field: 'FUN' is not a day of the week (1-7 or SUN-SAT)
      60 0 0 ? * *               | second field: 60 is outside 0-59
      0 0 0 ? * * 1969           | year field: 1969 is outside 1970-2099
      0 0/60 * * * ?             | minute field: increment 60 in '0/60' is outside 1-59
      */0 * * * *                | minute field: increment 0 in '*/0' is outside 1-59
      0 0 0 ? * 0/                | day-of-week field: '/' must be followed by a number, found '0/'
      0 0 0 ? * SAT,SUN,L        | day-of-week field: 'L' cannot be combined with other days of the week in 'SAT,SUN,L'
      0 0 0 ? * 2#6              | day-of-week field: 6 after '#' in '2#6' is outside 1-5
      0 0 0 L-31 * ?             | day-of-month field: offset 31 in 'L-31' is outside 0-30
      0 0 0 32W * ?              | day-of-month field: 32 is outside 1-31
      0 0 0 1 * MON              | day-of-month and day-of-week fields: '1' and 'MON' are both set; put '?' in the one you do not mean
      0 0 0 ? * ?                | day-of-month and day-of-week fields: only one of them may be '?'
      0 0 L * *                  | day-of-month field: 'L' is only supported in 6/7-field (Quartz) cron
      0 0 * * 5#3                | day-of-week field: '5#3' is only supported in 6/7-field (Quartz) cron
      0 0 ? * *                  | day-of-month field: '?' is only supported in 6/7-field (Quartz) cron
      0 0 0 * * ? 2005 *         | '0 0 0 * * ? 2005 *' has too many fields (8); cron takes 5 (Unix) or 6-7 (Quartz)
      daily 25:00                | daily time: hour 25 is outside 0-23 in '25:00'
      daily 09:60                | daily time: minute 60 is outside 0-59 in '09:60'
      daily noon                 | daily time: 'noon' is not a time HH:MM
      daily                      | 'daily' does not match 'daily HH:MM'
      weekly FUNDAY 09:00        | weekly days: 'FUNDAY' is not a day of the week (MON-SUN)
      monthly 32 09:00           | monthly day: 32 is outside 1-31
      monthly first 09:00        | monthly day: 'first' is not a day 1-31 or 'last'
      once 2026-02-30T10:00      | once: '2026-02-30T10:00' is not a local date-time YYYY-MM-DDTHH:MM[:SS]
      every 0s                   | every: '0s' is shorter than the minimum period of 1s
      every 500ms                | every: '500ms' is not a period such as 90m, 6h, 1d or 30s
      every soon                 | every: 'soon' is not a period such as 90m, 6h, 1d or 30s
      @fortnightly               | '@fortnightly' is not a known macro; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly
      """)
  void bad_input_gets_one_message_naming_the_field_and_the_value(String text, String message) {
    assertThatThrownBy(() -> Schedules.parse(text))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
            .containsExactly(new Problem("schedule", message)));
  }

  @Test
  void text_in_no_known_form_lists_the_forms() {
    assertThatThrownBy(() -> Schedules.parse("kilroy was here"))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("schedule: 'kilroy was here' is not a schedule; expected 'daily HH:MM', ")
        .hasMessageEndingWith("@daily, @midnight, @hourly");
  }

  @Test
  void extreme_instants_do_not_break_the_search() {
    Trigger daily = Schedules.parse("daily 09:00").trigger(BERLIN, Instant.EPOCH);
    assertThat(daily.nextFireAfter(Instant.MIN)).isPresent();
    assertThat(daily.nextFireAfter(Instant.MAX)).isEmpty();
    Trigger every = Schedules.parse("every 1d").trigger(UTC, Instant.EPOCH);
    assertThat(every.nextFireAfter(Instant.MAX.minusSeconds(10))).isEmpty();
    assertThat(Schedules.parse("every 36500d").toText()).isEqualTo("every 36500d");
    assertThatThrownBy(() -> Schedules.parse("every 36501d"))
        .hasMessage("schedule: every: '36501d' is longer than the longest period, 36500d");
  }

  @Test
  void empty_text_is_refused() {
    assertThatThrownBy(() -> Schedules.parse("   "))
        .isInstanceOf(ValidationException.class).hasMessageStartingWith("schedule: is empty");
  }

  @Test
  void preview_of_a_past_once_is_empty_not_an_error() {
    Schedule once = Schedules.parse("once 2020-01-01T09:00");
    assertThat(Schedules.preview(once, BERLIN, Instant.parse("2026-01-01T00:00:00Z"), 5)).isEmpty();
  }

  @Test
  void preview_of_a_passed_quartz_year_or_an_impossible_day_is_empty() {
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(Schedules.preview(Schedules.parse("0 0 9 * * ? 2005"), UTC, from, 5)).isEmpty();
    assertThat(Schedules.preview(Schedules.parse("0 0 30 2 *"), UTC, from, 5)).isEmpty();
    assertThat(Schedules.preview(Schedules.parse("0 0 0 31 4,6,9,11 ?"), BERLIN, from, 5)).isEmpty();
  }

  @Test
  void preview_stops_at_the_last_fire_of_a_year_field() {
    Instant from = Instant.parse("2099-12-29T00:00:00Z");
    assertThat(Schedules.preview(Schedules.parse("0 0 12 * * ? 2099"), UTC, from, 10)).containsExactly(
        Instant.parse("2099-12-29T12:00:00Z"), Instant.parse("2099-12-30T12:00:00Z"),
        Instant.parse("2099-12-31T12:00:00Z"));
  }

  @Test
  void preview_anchors_every_at_from() {
    Instant from = Instant.parse("2026-01-01T10:17:23.5Z");
    assertThat(Schedules.preview(Schedules.parse("every 90m"), BERLIN, from, 3)).containsExactly(
        from.plusSeconds(5400), from.plusSeconds(10800), from.plusSeconds(16200));
  }

  @Test
  void preview_lists_fires_strictly_after_from() {
    Instant from = Instant.parse("2026-01-05T08:00:00Z"); // Monday 09:00 in Berlin
    assertThat(Schedules.preview(Schedules.parse("0 0 9 ? * MON-FRI"), BERLIN, from, 3)).containsExactly(
        Instant.parse("2026-01-06T08:00:00Z"), Instant.parse("2026-01-07T08:00:00Z"),
        Instant.parse("2026-01-08T08:00:00Z"));
    assertThat(Schedules.preview(Schedules.parse("daily 09:00"), BERLIN, from, 0)).isEmpty();
  }

  @Test
  void unix_cron_ors_restricted_day_fields_and_treats_0_and_7_as_sunday() {
    Instant from = Instant.parse("2026-03-01T00:00:00Z"); // a Sunday
    assertThat(Schedules.preview(Schedules.parse("0 12 13 * 5"), UTC, from, 3)).containsExactly(
        Instant.parse("2026-03-06T12:00:00Z"), Instant.parse("2026-03-13T12:00:00Z"),
        Instant.parse("2026-03-20T12:00:00Z"));
    assertThat(Schedules.preview(Schedules.parse("0 12 */10 * 5"), UTC, from, 2)).containsExactly(
        Instant.parse("2026-05-01T12:00:00Z"), Instant.parse("2026-07-31T12:00:00Z")); // AND: '*' starts a field
    assertThat(Schedules.preview(Schedules.parse("0 0 * * 7"), UTC, from, 1))
        .isEqualTo(Schedules.preview(Schedules.parse("0 0 * * 0"), UTC, from, 1))
        .containsExactly(Instant.parse("2026-03-08T00:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      0 0 12 ? * L        | 2026-03-07T12:00:00Z 2026-03-14T12:00:00Z
      0 0 12 ? * 6L       | 2026-03-27T12:00:00Z 2026-04-24T12:00:00Z
      0 0 12 ? * FRIL     | 2026-03-27T12:00:00Z 2026-04-24T12:00:00Z
      0 0 12 LW * ?       | 2026-03-31T12:00:00Z 2026-04-30T12:00:00Z 2026-05-29T12:00:00Z
      0 0 12 15W * ?      | 2026-03-16T12:00:00Z 2026-04-15T12:00:00Z
      0 0 12 ? * 2#1,2#3  | 2026-03-02T12:00:00Z 2026-03-16T12:00:00Z 2026-04-06T12:00:00Z
      0 0 12 ? * MON#5    | 2026-03-30T12:00:00Z 2026-06-29T12:00:00Z
      """)
  void quartz_day_specials_pick_the_documented_days(String cron, String expected) {
    List<Instant> want = java.util.Arrays.stream(expected.split(" ")).map(Instant::parse).toList();
    assertThat(Schedules.preview(Schedules.parse(cron), UTC, Instant.parse("2026-03-01T00:00:00Z"), want.size()))
        .isEqualTo(want);
  }

  @Test
  void wrapping_ranges_cover_the_end_and_the_start() {
    Instant from = Instant.parse("2026-03-03T23:30:00Z"); // a Tuesday evening
    assertThat(Schedules.preview(Schedules.parse("0 0 12 ? * FRI-MON"), UTC, from, 4)).containsExactly(
        Instant.parse("2026-03-06T12:00:00Z"), Instant.parse("2026-03-07T12:00:00Z"),
        Instant.parse("2026-03-08T12:00:00Z"), Instant.parse("2026-03-09T12:00:00Z"));
    assertThat(Schedules.preview(Schedules.parse("0 22-2 * * *"), UTC, from, 6)).containsExactly(
        Instant.parse("2026-03-04T00:00:00Z"), Instant.parse("2026-03-04T01:00:00Z"),
        Instant.parse("2026-03-04T02:00:00Z"), Instant.parse("2026-03-04T22:00:00Z"),
        Instant.parse("2026-03-04T23:00:00Z"), Instant.parse("2026-03-05T00:00:00Z"));
  }

  @Test
  void next_fire_is_strictly_after_an_instant_with_a_fraction() {
    Trigger trigger = Schedules.parse("* * * * * ?").trigger(UTC, Instant.EPOCH);
    assertThat(trigger.nextFireAfter(Instant.parse("2026-01-01T00:00:00.999Z")))
        .contains(Instant.parse("2026-01-01T00:00:01Z"));
    assertThat(trigger.nextFireAfter(Instant.parse("2026-01-01T00:00:00Z")))
        .contains(Instant.parse("2026-01-01T00:00:01Z"));
  }

  @Test
  void a_schedule_that_can_never_fire_again_is_refusable() {
    Instant now = Instant.parse("2026-11-26T12:00:00Z");
    for (String text : List.of("once 2026-01-01T09:00", "0 0 9 * * ? 2020", "0 0 30 2 *")) {
      assertThatThrownBy(() -> Schedules.requireFutureFire(Schedules.parse(text), BERLIN, now))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).containsExactly(
              new Problem("schedule", "'" + text + "' never fires after 2026-11-26T12:00:00Z in Europe/Berlin")));
    }
    assertThat(Schedules.requireFutureFire(Schedules.parse("0 0 29 2 *"), UTC, now))
        .isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
    assertThat(Schedules.requireFutureFire(Schedules.parse("0 0 0 ? 2 2#5"), UTC, now))
        .isEqualTo(Instant.parse("2044-02-29T00:00:00Z"));
  }

  @Test
  void zones_parse_and_an_unknown_zone_names_the_zone_field() {
    assertThat(Schedules.parseZone(" Europe/Berlin ")).isEqualTo(BERLIN);
    assertThat(Schedules.parseZone("UTC")).isEqualTo(ZoneId.of("UTC"));
    assertThatThrownBy(() -> Schedules.parseZone("Europe/Berlinn"))
        .isInstanceOf(ValidationException.class)
        .hasMessage("zone: 'Europe/Berlinn' is not a known time zone");
    assertThatThrownBy(() -> Schedules.parseZone("+25:00"))
        .isInstanceOf(ValidationException.class).hasMessage("zone: '+25:00' is not a known time zone");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      daily 09:00             | at 09:00 every day, Europe/Berlin
      weekly MON-FRI 09:00    | at 09:00 on Monday through Friday, Europe/Berlin
      weekly MON,FRI 09:00    | at 09:00 on Monday and Friday, Europe/Berlin
      monthly last 18:00      | at 18:00 on the last day of every month, Europe/Berlin
      monthly 31 18:00        | at 18:00 on day 31 of every month (the last day in shorter months), Europe/Berlin
      once 2026-05-01T09:00   | once at 2026-05-01 09:00, Europe/Berlin
      every 90m               | every 90 minutes
      every 1d                | every day
      0 0 9 ? * MON-FRI       | at 09:00 on Monday through Friday, Europe/Berlin
      0 9 * * 1-5             | at 09:00 on Monday through Friday, Europe/Berlin
      0 15 10 ? * 6#3         | at 10:15 on the third Friday of the month, Europe/Berlin
      0 0 0 L * ?             | at 00:00 on the last day of the month, Europe/Berlin
      0 */5 * * * ?           | every 5 minutes every day, Europe/Berlin
      @hourly                 | at minute 0 of every hour every day, Europe/Berlin
      0 0 12 1 JAN,JUL ?      | at 12:00 on day 1 of the month in January and July, Europe/Berlin
      0 30 8 ? * 2 2030-2035  | at 08:30 on Monday in 2030-2035, Europe/Berlin
      0 0 22-2 * * ?          | at minute 0 past hour 0-2,22,23 every day, Europe/Berlin
      0 0/15 9-17 * * ?       | every 15 minutes during hour 9-17 every day, Europe/Berlin
      30 * * * * ?            | at second 30 of every minute every day, Europe/Berlin
      * * * * * ?             | every second every day, Europe/Berlin
      """)
  void describe_says_it_in_a_short_sentence(String text, String sentence) {
    assertThat(Schedules.parse(text).describe(BERLIN)).isEqualTo(sentence);
    assertThat(new ScheduleTriggerFactory().create(text, BERLIN, Instant.EPOCH).describe()).isEqualTo(sentence);
  }

  @Test
  void the_trigger_factory_parses_and_binds_zone_and_anchor() {
    ScheduleTriggerFactory factory = new ScheduleTriggerFactory();
    Instant anchor = Instant.parse("2026-01-01T00:00:10Z");
    Trigger every = factory.create("every 1h", BERLIN, anchor);
    assertThat(every.followsWallClock()).isFalse();
    assertThat(every.nextFireAfter(anchor)).contains(anchor.plusSeconds(3600));
    assertThat(every.nextFireAfter(anchor.minusSeconds(7200))).contains(anchor.plusSeconds(3600));
    Trigger daily = factory.create("daily 09:00", BERLIN, anchor);
    assertThat(daily.followsWallClock()).isTrue();
    assertThat(daily.nextFireAfter(anchor)).contains(Instant.parse("2026-01-01T08:00:00Z"));
    assertThatThrownBy(() -> factory.create("61 * * * *", BERLIN, anchor))
        .isInstanceOf(ValidationException.class).hasMessage("schedule: minute field: 61 is outside 0-59");
  }

  @Test
  void follows_wall_clock_is_false_only_for_every() {
    assertThat(Schedules.parse("every 5m").followsWallClock()).isFalse();
    for (String text : List.of("daily 09:00", "weekly MON 09:00", "monthly 1 09:00", "once 2030-01-01T00:00",
        "0 9 * * *", "0 0 9 * * ?", "@daily")) {
      assertThat(Schedules.parse(text).followsWallClock()).as(text).isTrue();
    }
  }
}

package org.summarybot.scheduling.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Time options as values: skip dates, the jitter function, and what the record refuses. */
class TimeOptionsTest {

  @Test
  void a_skip_date_is_one_day_or_the_same_day_every_year() {
    SkipDate once = SkipDate.parse(" 2026-12-24 ");
    SkipDate yearly = SkipDate.parse("12-25");

    assertThat(once.matches(LocalDate.parse("2026-12-24"))).isTrue();
    assertThat(once.matches(LocalDate.parse("2027-12-24"))).isFalse();
    assertThat(yearly.matches(LocalDate.parse("2026-12-25"))).isTrue();
    assertThat(yearly.matches(LocalDate.parse("2031-12-25"))).isTrue();
    assertThat(yearly.matches(LocalDate.parse("2031-12-26"))).isFalse();
    assertThat(SkipDate.parse("02-29").matches(LocalDate.parse("2028-02-29"))).isTrue();
    assertThat(List.of(once, yearly)).extracting(SkipDate::toText).containsExactly("2026-12-24", "12-25");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-02-30", "2027-02-29", "13-01", "12-32", "2026/12/24", "24.12.", "", "12-25x"})
  void a_text_that_is_not_a_date_is_refused_naming_it(String text) {
    assertThatThrownBy(() -> SkipDate.parse(text))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.problems().get(0).field()).isEqualTo("skipDates");
          assertThat(e.problems().get(0).message()).contains("'" + text.strip() + "'");
        });
  }

  @Test
  void a_list_of_skip_dates_reports_every_bad_entry_at_once() {
    assertThat(TimeOptions.parseSkipDates("12-24, 2026-12-31 ,01-01")).extracting(SkipDate::toText)
        .containsExactly("12-24", "2026-12-31", "01-01");
    assertThat(TimeOptions.parseSkipDates(" ")).isEmpty();
    assertThatThrownBy(() -> TimeOptions.parseSkipDates("12-24,13-01,2026-02-30"))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).hasSize(2));
  }

  @Test
  void a_fire_is_skipped_by_its_date_in_the_tasks_zone_not_in_utc() {
    TimeOptions o = TimeOptions.DEFAULTS.withSkipDates(List.of(SkipDate.parse("12-25")));
    Instant lateOn24thInUtc = Instant.parse("2026-12-24T23:30:00Z");

    assertThat(o.skips(lateOn24thInUtc, ZoneId.of("Europe/Berlin"))).isTrue();
    assertThat(o.skips(lateOn24thInUtc, ZoneId.of("UTC"))).isFalse();
    assertThat(TimeOptions.DEFAULTS.skips(lateOn24thInUtc, ZoneId.of("UTC"))).isFalse();
  }

  @Test
  void the_jitter_offset_is_the_documented_function_of_the_task_id() {
    // Computed independently: int.from_bytes(hashlib.sha256(id.encode()).digest()[:8], 'big') % millis
    assertThat(TimeOptions.jitterOffset(TaskId.of("digest"), Duration.ofMinutes(10)))
        .isEqualTo(Duration.ofMillis(401_950));
    assertThat(TimeOptions.jitterOffset(TaskId.of("edfc2aa4-9ad4-458c-aea6-c61b9c0d1225"), Duration.ofMinutes(10)))
        .isEqualTo(Duration.ofMillis(177_829));
    assertThat(TimeOptions.jitterOffset(TaskId.of("jittered-task"), Duration.ofMinutes(30)))
        .isEqualTo(Duration.ofMillis(665_151));
  }

  @Test
  void jitter_offsets_lie_in_zero_to_the_jitter_and_differ_between_tasks() {
    SplittableRandom random = new SplittableRandom(7);
    Set<Duration> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      TaskId id = TaskId.random();
      Duration jitter = Duration.ofMillis(1 + random.nextLong(TimeOptions.MAX_JITTER.toMillis() - 1));
      Duration offset = TimeOptions.jitterOffset(id, jitter);
      assertThat(offset).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(jitter);
      assertThat(TimeOptions.jitterOffset(id, jitter)).as("stable").isEqualTo(offset);
      seen.add(TimeOptions.jitterOffset(id, Duration.ofHours(1)));
    }
    assertThat(seen).as("a thousand tasks at 09:00 spread over the hour").hasSizeGreaterThan(1_990);
    assertThat(TimeOptions.jitterOffset(TaskId.of("digest"), Duration.ZERO)).isZero();
  }

  @Test
  void impossible_time_options_are_refused_each_naming_its_field() {
    Instant nine = Instant.parse("2026-03-01T09:00:00Z");
    assertThatThrownBy(() -> new TimeOptions(Optional.of(nine), Optional.of(nine.minusSeconds(1)), Optional.of(0),
        List.of(SkipDate.parse("12-25"), SkipDate.parse("12-25")), Duration.ofDays(1), DstGap.SHIFT, DstOverlap.FIRST))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
            .extracting(Problem::field).containsExactlyInAnyOrder("ends", "maxRuns", "jitter", "skipDates"));
    assertThat(TimeOptions.DEFAULTS.withStarts(Optional.of(nine)).withEnds(Optional.of(nine)).ends())
        .as("starts and ends may be the same instant: one fire").contains(nine);
  }

  @Test
  void only_executions_that_ran_count_towards_max_runs() {
    assertThat(List.of(ExecutionOutcome.values())).filteredOn(ExecutionOutcome::ran)
        .containsExactly(ExecutionOutcome.SUCCEEDED, ExecutionOutcome.FAILED);
    TaskStats stats = TaskStats.EMPTY;
    for (ExecutionOutcome o : List.of(ExecutionOutcome.SUCCEEDED, ExecutionOutcome.FAILED,
        ExecutionOutcome.SKIPPED_NO_CONTENT, ExecutionOutcome.SKIPPED_DATE)) {
      Instant t = Instant.parse("2026-03-01T09:00:00Z");
      stats = stats.record(new ExecutionRecord(ExecutionId.of(TaskId.of("a"), t), TaskId.of("a"), GuildId.of(1), t, t,
          t, 1, o, Optional.empty(), 0, List.of(), Optional.empty(), Optional.empty(), 0, Optional.empty()));
    }
    assertThat(stats.ran()).isEqualTo(2);
    assertThat(stats.runs()).as("a skip for no content is a run of the stats, a skip date is not").isEqualTo(3);
    assertThat(TimeOptions.DEFAULTS.withMaxRuns(Optional.of(2)).reachedMaxRuns(stats.ran())).isTrue();
    assertThat(TimeOptions.DEFAULTS.reachedMaxRuns(Long.MAX_VALUE)).isFalse();
  }
}

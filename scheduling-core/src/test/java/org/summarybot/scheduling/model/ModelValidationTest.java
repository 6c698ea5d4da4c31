package org.summarybot.scheduling.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.summarybot.scheduling.model.ValidationException;

class ModelValidationTest {

  @ParameterizedTest
  @CsvSource({"90s,PT1M30S", "5m,PT5M", "1d,PT24H", "6h,PT6H", "250ms,PT0.25S", "PT5M,PT5M", " 30s ,PT30S"})
  void durations_take_the_short_form_and_iso_8601(String text, String iso) {
    assertThat(DurationText.parse(text, "lookback")).isEqualTo(Duration.parse(iso));
  }

  @Test
  void a_bad_duration_names_the_field_and_the_value() {
    assertThatThrownBy(() -> DurationText.parse("5 minutes", "retry-delay"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("retry-delay").hasMessageContaining("'5 minutes'");
  }

  @Test
  void durations_format_to_their_shortest_exact_text() {
    assertThat(DurationText.format(Duration.ofDays(1))).isEqualTo("1d");
    assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }

  @Test
  void a_webhook_url_with_a_token_is_redacted_in_messages() {
    Destination d = Destination.webhook("https://discord.com/api/webhooks/123/s3cr3t-token", Optional.empty());
    assertThat(d.describe()).doesNotContain("s3cr3t").contains("discord.com");
    assertThat(d.key()).doesNotContain("s3cr3t").startsWith("webhook:");
    assertThat(d.key()).isNotEqualTo(Destination.webhook("https://discord.com/api/webhooks/123/other", Optional.empty()).key());
    assertThatThrownBy(() -> Destination.webhook("ftp://x/s3cr3t", Optional.empty()))
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void a_webhook_host_with_a_leading_zero_part_is_refused_as_ambiguous_and_plain_numbers_pass() {
    for (String url : List.of("http://0177.0.0.1:8080/x", "https://127.000.000.001/x", "http://1.2.3.08/")) {
      assertThatThrownBy(() -> Destination.webhook(url, Optional.empty())).as(url)
          .isInstanceOf(ValidationException.class).hasMessageContaining("leading zero").hasMessageContaining("octal");
    }
    assertThat(Destination.webhook("http://127.0.0.1:8080/x", Optional.empty()).target())
        .isEqualTo("http://127.0.0.1:8080/x");
    assertThat(Destination.webhook("https://10.0.0.10/x", Optional.empty())).isNotNull();
  }

  @Test
  void a_secret_ref_must_be_an_environment_variable_name_not_a_secret() {
    assertThatThrownBy(() -> Destination.webhook("https://h.example/x", Optional.of("whsec_abc+/=")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("secretRef");
  }

  @Test
  void execution_ids_are_stable_for_a_task_and_fire_time() {
    TaskId task = TaskId.of("t1");
    Instant fire = Instant.parse("2025-03-03T09:00:00Z");
    assertThat(ExecutionId.of(task, fire)).isEqualTo(ExecutionId.of(TaskId.of("t1"), Instant.parse("2025-03-03T09:00:00Z")));
    assertThat(ExecutionId.of(task, fire)).isNotEqualTo(ExecutionId.of(task, fire.plusSeconds(1)));
  }

  @Test
  void stats_count_outcomes_and_consecutive_failures() {
    TaskId t = TaskId.of("t");
    GuildId g = GuildId.of(1);
    Instant at = Instant.parse("2025-01-01T00:00:00Z");
    ExecutionRecord ok = new ExecutionRecord(ExecutionId.of(t, at), t, g, at, at, at.plusSeconds(2), 1,
        ExecutionOutcome.SUCCEEDED, Optional.empty(), 3, java.util.List.of(), Optional.empty(), Optional.empty(), 0, Optional.empty());
    ExecutionRecord bad = new ExecutionRecord(ExecutionId.of(t, at), t, g, at, at, at.plusSeconds(4), 1,
        ExecutionOutcome.FAILED, Optional.empty(), 0, java.util.List.of(), Optional.empty(), Optional.of("x"), 0, Optional.empty());
    TaskStats s = TaskStats.EMPTY.record(bad).record(bad).record(ok).record(bad);
    assertThat(s.runs()).isEqualTo(4);
    assertThat(s.consecutiveFailures()).isEqualTo(1);
    assertThat(s.successRate()).contains(0.25);
    assertThat(s.averageDuration()).contains(Duration.ofMillis(3500));
    assertThat(s.record(ExecutionRecord.missed(t, g, at, at.plusSeconds(60), 2, at, "down")).missed()).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource({
      "2026-03-01T10:00:00Z, 2026-03-01T10:00:02.500Z",
      "2026-03-01T10:00:00.900Z, 2026-03-01T10:00:01.100Z",
      "2026-03-01T10:00:00.000999Z, 2026-03-01T10:00:00.001998Z",
      "2026-03-01T10:00:00.123456789Z, 2026-03-01T10:00:00.123456789Z",
      "1969-12-31T23:59:59.999Z, 1970-01-01T00:00:00.001Z"})
  void a_records_duration_in_millis_is_what_its_duration_gives(String started, String finished) {
    TaskId t = TaskId.of("a");
    Instant from = Instant.parse(started);
    Instant to = Instant.parse(finished);
    ExecutionRecord r = new ExecutionRecord(ExecutionId.of(t, from), t, GuildId.of(1), from, from, to, 1,
        ExecutionOutcome.SUCCEEDED, Optional.empty(), 0, List.of(), Optional.empty(), Optional.empty(), 0,
        Optional.empty());

    assertThat(r.durationMillis()).isEqualTo(r.duration().toMillis());
  }
}

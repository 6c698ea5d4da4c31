package org.summarybot.scheduling.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2025-03-31T07:00:00Z");

  @Test
  void reads_delay_seconds() {
    assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
  }

  @Test
  void reads_an_http_date_relative_to_the_injected_clock() {
    assertThat(RetryAfter.parse("Mon, 31 Mar 2025 07:01:30 GMT", NOW)).contains(Duration.ofSeconds(90));
  }

  @Test
  void a_date_in_the_past_means_now() {
    assertThat(RetryAfter.parse("Mon, 31 Mar 2025 06:00:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void a_wait_longer_than_an_hour_is_capped() {
    assertThat(RetryAfter.parse("999999", NOW)).contains(RetryAfter.MAX);
    assertThat(RetryAfter.parse("Tue, 01 Apr 2025 07:00:00 GMT", NOW)).contains(RetryAfter.MAX);
  }

  @Test
  void garbage_absent_or_negative_values_are_ignored() {
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    assertThat(RetryAfter.parse("", NOW)).isEmpty();
    assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
  }
}

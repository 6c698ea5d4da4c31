package org.summarybot.scheduling.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.ValidationException;

class RetryPolicyTest {
  final RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(10), 2.0, Duration.ofSeconds(60));

  @Test
  void the_ceiling_grows_exponentially_from_the_initial_delay_and_stops_at_the_cap() {
    assertThat(policy.ceilingBeforeAttempt(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.ceilingBeforeAttempt(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(policy.ceilingBeforeAttempt(4)).isEqualTo(Duration.ofSeconds(40));
    assertThat(policy.ceilingBeforeAttempt(5)).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.ceilingBeforeAttempt(60)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void full_jitter_draws_every_delay_between_zero_and_the_ceiling_from_the_injected_random() {
    SplittableRandom random = new SplittableRandom(7);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 10_000; i++) {
      long ms = policy.delayBeforeAttempt(3, Optional.empty(), random).toMillis();
      min = Math.min(min, ms);
      max = Math.max(max, ms);
    }
    assertThat(min).isBetween(0L, 200L);
    assertThat(max).isBetween(19_800L, 20_000L);
    assertThat(policy.delayBeforeAttempt(3, Optional.empty(), new SplittableRandom(1)))
        .isEqualTo(policy.delayBeforeAttempt(3, Optional.empty(), new SplittableRandom(1)));
  }

  @Test
  void a_servers_retry_after_wins_only_when_it_is_longer() {
    SplittableRandom random = new SplittableRandom(3);
    assertThat(policy.delayBeforeAttempt(2, Optional.of(Duration.ofMinutes(5)), random)).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.delayBeforeAttempt(2, Optional.of(Duration.ZERO), random)).isLessThanOrEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void attempts_stop_at_max_attempts() {
    assertThat(policy.allowsAttemptAfter(5)).isTrue();
    assertThat(policy.allowsAttemptAfter(6)).isFalse();
    assertThat(RetryPolicy.NONE.allowsAttemptAfter(1)).isFalse();
  }

  @Test
  void an_impossible_policy_names_every_bad_setting() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(10), 0.5, Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
            .extracting(p -> p.field()).containsExactly("maxAttempts", "multiplier", "maxDelay"));
  }
}

package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.RetryPolicy;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.ValidationException;

/** The app's bounds where core has one are core's: the CLI neither accepts what core refuses nor refuses what it takes. */
class LimitsTest {

  private static ScheduledTask task(UnaryOperator<ScheduledTask.Builder> change) {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    return change.apply(ScheduledTask.builder().id(TaskId.of("t")).name("n").guildId(GuildId.of(1))
        .channel(ChannelId.of(2)).schedule("daily 09:00").destination(Destination.console())
        .createdAt(now).updatedAt(now)).build();
  }

  @Test
  void the_bounds_that_core_also_checks_are_core_bounds() {
    assertThatCode(() -> task(b -> b.name("n".repeat(Limits.NAME_LENGTH)))).doesNotThrowAnyException();
    assertThatThrownBy(() -> task(b -> b.name("n".repeat(Limits.NAME_LENGTH + 1))))
        .isInstanceOf(ValidationException.class);

    assertThatCode(() -> new RetryPolicy(Limits.MAX_ATTEMPTS, Duration.ofSeconds(1), 2, Duration.ofSeconds(1)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> new RetryPolicy(Limits.MAX_ATTEMPTS + 1, Duration.ofSeconds(1), 2, Duration.ofSeconds(1)))
        .isInstanceOf(ValidationException.class);

    assertThatCode(() -> task(b -> b.maxConsecutiveFailures(Limits.MAX_CONSECUTIVE_FAILURES)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> task(b -> b.maxConsecutiveFailures(Limits.MAX_CONSECUTIVE_FAILURES + 1)))
        .isInstanceOf(ValidationException.class);

    assertThatCode(() -> task(b -> b.catchUpLimit(Limits.CATCH_UP_LIMIT))).doesNotThrowAnyException();
    assertThatThrownBy(() -> task(b -> b.catchUpLimit(Limits.CATCH_UP_LIMIT + 1)))
        .isInstanceOf(ValidationException.class);

    assertThatCode(() -> SummaryOptions.DEFAULTS.withMaxMessages(Limits.MAX_MESSAGES)).doesNotThrowAnyException();
    assertThatThrownBy(() -> SummaryOptions.DEFAULTS.withMaxMessages(Limits.MAX_MESSAGES + 1))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void core_defaults_are_inside_the_app_bounds() {
    assertThat(Limits.MISFIRE_GRACE.problem(ScheduledTask.DEFAULT_MISFIRE_GRACE)).isNull();
    assertThat(Limits.RETRY_DELAY.problem(RetryPolicy.DEFAULTS.initialDelay())).isNull();
    assertThat(Limits.RETRY_DELAY.problem(RetryPolicy.DEFAULTS.maxDelay())).isNull();
    assertThat(Limits.LOOKBACK.problem(SummaryOptions.DEFAULTS.maxLookback())).isNull();
    assertThat(Config.defaults()).satisfies(c -> {
      assertThat(Limits.POLL_INTERVAL.problem(c.pollInterval())).isNull();
      assertThat(Limits.LEASE.problem(c.lease())).isNull();
      assertThat(Limits.DRAIN_TIMEOUT.problem(c.drainTimeout())).isNull();
      assertThat(Limits.WEBHOOK_TIMEOUT.problem(c.webhookTimeout())).isNull();
    });
  }

  @Test
  void a_span_names_what_is_wrong_even_for_a_duration_too_long_to_count_in_milliseconds() {
    assertThat(Limits.RETRY_DELAY.problem(Duration.ofDays(1_000_000))).isEqualTo("1000000d is over the limit of 1d");
    assertThat(Limits.RETRY_DELAY.problem(Duration.ofDays(999_999_999_999L)))
        .isEqualTo("999999999999d is over the limit of 1d");
    assertThat(Limits.RETRY_DELAY.problem(Duration.ZERO)).isEqualTo("must be positive");
    assertThat(Limits.MISFIRE_GRACE.problem(Duration.ofMillis(500))).isEqualTo("500ms is shorter than 1s");
    assertThat(Limits.DRAIN_TIMEOUT.problem(Duration.ZERO)).isNull();
  }
}

package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.port.DaySpend;

class StatusCommandTest {
  private static final LocalDate DAY = LocalDate.of(2026, 12, 8);

  @Test
  void the_spend_line_shows_the_days_spend_in_the_currency_with_at_least_two_decimals_and_the_budget() {
    assertThat(StatusCommand.spendLine(new DaySpend(DAY, 12_300, false), Optional.of(new BigDecimal("5.00"))))
        .isEqualTo("summarizer spend today (UTC 2026-12-08): 0.0123 of the daily budget 5.00");
    assertThat(StatusCommand.spendLine(DaySpend.none(DAY), Optional.empty()))
        .isEqualTo("summarizer spend today (UTC 2026-12-08): 0.00");
  }

  @Test
  void a_day_the_budget_closed_says_no_more_requests_are_sent_until_the_next_utc_day() {
    assertThat(StatusCommand.spendLine(new DaySpend(DAY, 4_990_000, true), Optional.of(new BigDecimal("5"))))
        .isEqualTo("summarizer spend today (UTC 2026-12-08): 4.99 of the daily budget 5; budget reached: no more "
            + "requests until 00:00 UTC");
  }
}

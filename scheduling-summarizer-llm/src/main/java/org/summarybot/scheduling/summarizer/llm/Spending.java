package org.summarybot.scheduling.summarizer.llm;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Consumer;
import org.summarybot.scheduling.model.SummaryUsage;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.DaySpend;
import org.summarybot.scheduling.port.ExternalServiceException;
import org.summarybot.scheduling.port.TaskStore;

/**
 * Prices and the daily budget. With a budget, each request first reserves in the task store (shared by every
 * node) what it may cost at most: its planned input and the whole output limit. A reservation that would take the
 * UTC day's spend over the budget is refused, the store closes the day, and the execution fails, excused (not
 * counted towards auto-disable); nothing more is sent that day. Once answered, the reservation is settled to the
 * cost of the tokens the server counted. Costs are in millionths of the currency, rounded up.
 */
final class Spending {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private final Optional<BigDecimal> inputPrice;
  private final Optional<BigDecimal> outputPrice;
  private final Optional<Long> budgetMicros;
  private final Optional<TaskStore> ledger;
  private final Clock clock;
  private final Consumer<SummaryUsage> onUsage;

  Spending(Optional<BigDecimal> inputPrice, Optional<BigDecimal> outputPrice, Optional<BigDecimal> budget,
      Optional<TaskStore> ledger, Clock clock, Consumer<SummaryUsage> onUsage) {
    this.inputPrice = inputPrice;
    this.outputPrice = outputPrice;
    this.budgetMicros = budget.map(b -> b.multiply(MILLION).setScale(0, RoundingMode.DOWN).longValueExact());
    this.ledger = ledger;
    this.clock = clock;
    this.onUsage = onUsage;
  }

  /** A request's reservation: the day it is charged to and the amount held. */
  record Hold(LocalDate day, long micros) {}

  /**
   * Reserves what a request of {@code inputTokens} and at most {@code maxOutput} answer tokens may cost.
   *
   * @throws ExternalServiceException excused, when the budget would be exceeded or the day is closed
   */
  Hold reserve(long inputTokens, long maxOutput) {
    LocalDate day = clock.now().atOffset(ZoneOffset.UTC).toLocalDate();
    if (budgetMicros.isEmpty() || ledger.isEmpty()) {
      return new Hold(day, 0);
    }
    long most = cost(inputTokens, maxOutput).orElse(0L);
    if (most == 0) {
      return new Hold(day, 0);
    }
    DaySpend after = ledger.get().chargeSpend(day, most, budgetMicros.get());
    if (after.closed()) {
      throw ExternalServiceException.excused("summarizer.daily-budget " + money(budgetMicros.get())
          + " is spent for " + day + " (UTC): " + money(after.micros()) + " spent, and the next request may cost up to "
          + money(most) + "; no more model requests are sent until 00:00 UTC");
    }
    return new Hold(day, most);
  }

  /** A request failed: its reservation is given back. */
  void release(Hold hold) {
    if (hold.micros() > 0) {
      ledger.get().chargeSpend(hold.day(), -hold.micros(), DaySpend.NO_LIMIT);
    }
  }

  /** A request was answered: the reservation becomes its cost; returns its usage, also told to the listener. */
  SummaryUsage settle(Hold hold, long inputTokens, long outputTokens) {
    Optional<Long> cost = cost(inputTokens, outputTokens);
    long diff = cost.orElse(0L) - hold.micros();
    if (ledger.isPresent() && diff != 0 && (hold.micros() > 0 || cost.isPresent())) {
      ledger.get().chargeSpend(hold.day(), diff, DaySpend.NO_LIMIT);
    }
    SummaryUsage u = new SummaryUsage(inputTokens, outputTokens, 1, cost);
    onUsage.accept(u);
    return u;
  }

  /** The cost of the tokens in micros, rounded up; empty without prices. */
  Optional<Long> cost(long inputTokens, long outputTokens) {
    if (inputPrice.isEmpty() || outputPrice.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal c = inputPrice.get().multiply(BigDecimal.valueOf(inputTokens))
        .add(outputPrice.get().multiply(BigDecimal.valueOf(outputTokens)));
    return Optional.of(c.setScale(0, RoundingMode.CEILING).longValueExact());
  }

  static String money(long micros) {
    return BigDecimal.valueOf(micros, 6).setScale(Math.max(2, BigDecimal.valueOf(micros, 6).stripTrailingZeros().scale()),
        RoundingMode.UNNECESSARY).toPlainString();
  }
}

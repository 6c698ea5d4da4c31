package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What making one summary cost: the tokens a model read and wrote over every request of it, and, when prices
 * are known, the estimated cost in millionths of the configured currency.
 *
 * @param requests how many requests to the model the summary took
 * @param costMicros the estimated cost in millionths of the currency (1,000,000 = 1.00); empty without prices
 */
public record SummaryUsage(long inputTokens, long outputTokens, int requests, Optional<Long> costMicros) {
  public SummaryUsage {
    requireNonNull(costMicros, "costMicros");
    Problems p = new Problems();
    p.check(inputTokens >= 0, "inputTokens", inputTokens + " is negative");
    p.check(outputTokens >= 0, "outputTokens", outputTokens + " is negative");
    p.check(requests >= 0, "requests", requests + " is negative");
    costMicros.ifPresent(c -> p.check(c >= 0, "costMicros", c + " is negative"));
    p.throwIfAny();
  }

  /** This usage and {@code other} together; the cost is known only when both know it. */
  public SummaryUsage plus(SummaryUsage other) {
    Optional<Long> cost = costMicros.isPresent() && other.costMicros.isPresent()
        ? Optional.of(costMicros.get() + other.costMicros.get()) : Optional.empty();
    return new SummaryUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
        requests + other.requests, cost);
  }

  /** The cost as a decimal text with six places ({@code 0.000450}); empty without prices. */
  public Optional<String> costText() {
    return costMicros.map(c -> java.math.BigDecimal.valueOf(c, 6).toPlainString());
  }
}

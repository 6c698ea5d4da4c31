package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.summarybot.scheduling.model.Problems;

/**
 * How a transiently failed execution is retried: up to {@code maxAttempts} attempts in all, the wait before
 * attempt {@code n} (n &ge; 2) drawn uniformly from {@code [0, min(maxDelay, initialDelay x multiplier^(n-2))]}
 * ("full jitter"), and a server's retry-after used instead whenever it is longer. Pure: the random source is
 * passed in, and nothing here reads a clock.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {

  public static final RetryPolicy DEFAULTS = new RetryPolicy(3, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(15));

  /** No retries: the first failure is final. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1));

  public RetryPolicy {
    requireNonNull(initialDelay, "initialDelay");
    requireNonNull(maxDelay, "maxDelay");
    Problems p = new Problems();
    p.check(maxAttempts >= 1 && maxAttempts <= Limits.MAX_ATTEMPTS, "maxAttempts",
        maxAttempts + " is outside 1-" + Limits.MAX_ATTEMPTS);
    p.check(!initialDelay.isNegative() && !initialDelay.isZero(), "initialDelay", "must be positive");
    p.check(multiplier >= 1.0 && multiplier <= 10.0, "multiplier", multiplier + " is outside 1-10");
    p.check(maxDelay.compareTo(initialDelay) >= 0, "maxDelay",
        DurationText.format(maxDelay) + " is shorter than initialDelay " + DurationText.format(initialDelay));
    p.throwIfAny();
  }

  /** Whether another attempt may follow attempt number {@code attempt} (1-based). */
  public boolean allowsAttemptAfter(int attempt) {
    return attempt < maxAttempts;
  }

  /** The upper bound of the jittered wait before attempt {@code attempt} (2-based: the first retry is attempt 2). */
  public Duration ceilingBeforeAttempt(int attempt) {
    if (attempt < 2) {
      throw new IllegalArgumentException("attempt " + attempt + " is not a retry; retries start at attempt 2");
    }
    double millis = initialDelay.toMillis() * Math.pow(multiplier, attempt - 2);
    long capped = (long) Math.min(millis, (double) maxDelay.toMillis());
    return Duration.ofMillis(capped);
  }

  /**
   * The wait before attempt {@code attempt}: full jitter under {@link #ceilingBeforeAttempt(int)}, or the
   * server's retry-after when that is longer.
   */
  public Duration delayBeforeAttempt(int attempt, Optional<Duration> retryAfter, RandomGenerator random) {
    requireNonNull(retryAfter, "retryAfter");
    requireNonNull(random, "random");
    long ceiling = ceilingBeforeAttempt(attempt).toMillis();
    Duration jittered = Duration.ofMillis(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
    return retryAfter.filter(ra -> ra.compareTo(jittered) > 0).orElse(jittered);
  }
}

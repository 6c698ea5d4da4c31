package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import org.summarybot.scheduling.model.Problems;

/**
 * How a summary is made: its length, whether bot messages count, the content threshold, the message cap, and
 * how far back a window may reach.
 *
 * @param minMessages a window with fewer messages ends {@code SKIPPED_NO_CONTENT}; 0 always delivers
 * @param maxMessages at most this many messages are fetched per channel and window
 * @param lookback the span of the first window (default: one schedule period)
 * @param maxLookback no window ever starts earlier than this before its end (caps catch-up windows)
 */
public record SummaryOptions(
    SummaryLength length,
    boolean includeBots,
    int minMessages,
    int maxMessages,
    Optional<Duration> lookback,
    Duration maxLookback) {

  public static final SummaryOptions DEFAULTS =
      new SummaryOptions(SummaryLength.DETAILED, false, 1, 1000, Optional.empty(), Duration.ofDays(7));

  public SummaryOptions {
    requireNonNull(length, "length");
    requireNonNull(lookback, "lookback");
    requireNonNull(maxLookback, "maxLookback");
    Problems p = new Problems();
    p.check(minMessages >= 0, "minMessages", minMessages + " is negative");
    p.check(maxMessages >= 1 && maxMessages <= Limits.MAX_MESSAGES, "maxMessages",
        maxMessages + " is outside 1-" + Limits.MAX_MESSAGES);
    p.check(minMessages <= maxMessages, "minMessages", minMessages + " is more than maxMessages " + maxMessages);
    lookback.ifPresent(l -> p.check(!l.isNegative() && !l.isZero(), "lookback", "must be positive"));
    p.check(!maxLookback.isNegative() && !maxLookback.isZero(), "maxLookback", "must be positive");
    lookback.ifPresent(l -> p.check(l.compareTo(maxLookback) <= 0, "lookback",
        DurationText.format(l) + " is longer than maxLookback " + DurationText.format(maxLookback)));
    p.throwIfAny();
  }

  public SummaryOptions withLength(SummaryLength l) {
    return new SummaryOptions(l, includeBots, minMessages, maxMessages, lookback, maxLookback);
  }

  public SummaryOptions withIncludeBots(boolean b) {
    return new SummaryOptions(length, b, minMessages, maxMessages, lookback, maxLookback);
  }

  public SummaryOptions withMinMessages(int n) {
    return new SummaryOptions(length, includeBots, n, maxMessages, lookback, maxLookback);
  }

  public SummaryOptions withMaxMessages(int n) {
    return new SummaryOptions(length, includeBots, minMessages, n, lookback, maxLookback);
  }

  /** These options with a first-window lookback; maxLookback grows to match when it is shorter. */
  public SummaryOptions withLookback(Duration d) {
    Duration max = d.compareTo(maxLookback) > 0 ? d : maxLookback;
    return new SummaryOptions(length, includeBots, minMessages, maxMessages, Optional.of(d), max);
  }

  public SummaryOptions withMaxLookback(Duration d) {
    return new SummaryOptions(length, includeBots, minMessages, maxMessages, lookback, d);
  }
}

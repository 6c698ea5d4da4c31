package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import org.summarybot.scheduling.model.Problems;

/**
 * How a summary is made: its length, whether bot messages count, the content threshold, the message cap, how
 * far back a window may reach, its language, and which summarizer may read the messages.
 *
 * @param minMessages a window with fewer messages ends {@code SKIPPED_NO_CONTENT}; 0 always delivers
 * @param maxMessages at most this many messages are fetched per channel and window
 * @param lookback the span of the first window (default: one schedule period)
 * @param maxLookback no window ever starts earlier than this before its end (caps catch-up windows)
 * @param language the language the summary is written in (a name or tag such as {@code German} or {@code pt-BR});
 *     empty: the language of the messages. The built-in summarizer writes English labels whatever it says.
 * @param summarizer which summarizer may read the task's messages
 */
public record SummaryOptions(
    SummaryLength length,
    boolean includeBots,
    int minMessages,
    int maxMessages,
    Optional<Duration> lookback,
    Duration maxLookback,
    Optional<String> language,
    SummarizerChoice summarizer) {

  public static final SummaryOptions DEFAULTS =
      new SummaryOptions(SummaryLength.DETAILED, false, 1, 1000, Optional.empty(), Duration.ofDays(7));

  /** The longest language name or tag. */
  public static final int LANGUAGE_LENGTH = 40;

  public SummaryOptions {
    requireNonNull(length, "length");
    requireNonNull(language, "language");
    requireNonNull(summarizer, "summarizer");
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
    language.ifPresent(l -> p.check(validLanguage(l), "language",
        "must be 1-" + LANGUAGE_LENGTH + " letters, digits, spaces or hyphens, starting with a letter"));
    p.throwIfAny();
  }

  /** Options of a release that knew neither languages nor summarizer choices: the messages' language, built-in. */
  public SummaryOptions(SummaryLength length, boolean includeBots, int minMessages, int maxMessages,
      Optional<Duration> lookback, Duration maxLookback) {
    this(length, includeBots, minMessages, maxMessages, lookback, maxLookback, Optional.empty(),
        SummarizerChoice.BUILTIN);
  }

  /** Whether {@code l} is a language name or tag: a letter, then letters, digits, spaces or hyphens. */
  public static boolean validLanguage(String l) {
    if (l.isEmpty() || l.length() > LANGUAGE_LENGTH || !Character.isLetter(l.codePointAt(0))) {
      return false;
    }
    return l.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == ' ' || c == '-');
  }

  public SummaryOptions withLength(SummaryLength l) {
    return new SummaryOptions(l, includeBots, minMessages, maxMessages, lookback, maxLookback, language, summarizer);
  }

  public SummaryOptions withIncludeBots(boolean b) {
    return new SummaryOptions(length, b, minMessages, maxMessages, lookback, maxLookback, language, summarizer);
  }

  public SummaryOptions withMinMessages(int n) {
    return new SummaryOptions(length, includeBots, n, maxMessages, lookback, maxLookback, language, summarizer);
  }

  public SummaryOptions withMaxMessages(int n) {
    return new SummaryOptions(length, includeBots, minMessages, n, lookback, maxLookback, language, summarizer);
  }

  /** These options with a first-window lookback; maxLookback grows to match when it is shorter. */
  public SummaryOptions withLookback(Duration d) {
    Duration max = d.compareTo(maxLookback) > 0 ? d : maxLookback;
    return new SummaryOptions(length, includeBots, minMessages, maxMessages, Optional.of(d), max, language, summarizer);
  }

  public SummaryOptions withMaxLookback(Duration d) {
    return new SummaryOptions(length, includeBots, minMessages, maxMessages, lookback, d, language, summarizer);
  }

  /** These options with the summary written in {@code l}; empty: the language of the messages. */
  public SummaryOptions withLanguage(Optional<String> l) {
    return new SummaryOptions(length, includeBots, minMessages, maxMessages, lookback, maxLookback, l, summarizer);
  }

  public SummaryOptions withSummarizer(SummarizerChoice s) {
    return new SummaryOptions(length, includeBots, minMessages, maxMessages, lookback, maxLookback, language, s);
  }
}

package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What a summarizer produced for one window: a title, a Markdown body, who took part, and how many messages
 * it read.
 *
 * @param usage what a model charged for making it (tokens, estimated cost); empty for summarizers that pay nothing
 */
public record Summary(String title, String markdown, List<String> participants, int messageCount, TimeWindow window,
    Optional<SummaryUsage> usage) {
  public Summary {
    requireNonNull(title, "title");
    requireNonNull(markdown, "markdown");
    requireNonNull(window, "window");
    requireNonNull(usage, "usage");
    participants = List.copyOf(participants);
    if (messageCount < 0) {
      throw new IllegalArgumentException("messageCount is negative");
    }
  }

  /** A summary that cost nothing to make. */
  public Summary(String title, String markdown, List<String> participants, int messageCount, TimeWindow window) {
    this(title, markdown, participants, messageCount, window, Optional.empty());
  }
}

package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a summarizer produced for one window: a title, a Markdown body, who took part, and how many messages
 * it read.
 */
public record Summary(String title, String markdown, List<String> participants, int messageCount, TimeWindow window) {
  public Summary {
    requireNonNull(title, "title");
    requireNonNull(markdown, "markdown");
    requireNonNull(window, "window");
    participants = List.copyOf(participants);
    if (messageCount < 0) {
      throw new IllegalArgumentException("messageCount is negative");
    }
  }
}

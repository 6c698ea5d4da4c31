package org.summarybot.scheduling.port;

import java.util.List;

/**
 * Messages of one channel window, oldest first. {@code truncated} is true when the window held more than the
 * cap asked for and only the first ones are here.
 */
public record MessageBatch(List<org.summarybot.scheduling.model.Message> messages, boolean truncated) {
  public MessageBatch {
    messages = List.copyOf(messages);
  }
}

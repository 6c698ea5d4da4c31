package org.summarybot.scheduling.port;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.model.TimeWindow;

/**
 * What a summarizer is asked to summarise: the messages of a task's channels over one window, oldest first.
 *
 * @param truncated whether some channel had more messages in the window than were fetched
 */
public record SummaryRequest(
    String taskName, List<ChannelId> channels, TimeWindow window, List<Message> messages, SummaryOptions options,
    boolean truncated) {
  public SummaryRequest {
    requireNonNull(taskName, "taskName");
    requireNonNull(window, "window");
    requireNonNull(options, "options");
    channels = List.copyOf(channels);
    messages = List.copyOf(messages);
  }
}

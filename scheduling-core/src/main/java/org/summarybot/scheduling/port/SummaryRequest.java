package org.summarybot.scheduling.port;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;
import java.util.List;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.model.TimeWindow;

/**
 * What a summarizer is asked to summarise: the messages of a task's channels over one window, oldest first.
 *
 * @param truncated whether some channel had more messages in the window than were fetched
 * @param zone the task's time zone: the times a summary shows (its period, activity by hour) are in it
 */
public record SummaryRequest(
    String taskName, List<ChannelId> channels, TimeWindow window, List<Message> messages, SummaryOptions options,
    boolean truncated, ZoneId zone) {
  public SummaryRequest {
    requireNonNull(taskName, "taskName");
    requireNonNull(window, "window");
    requireNonNull(options, "options");
    requireNonNull(zone, "zone");
    channels = List.copyOf(channels);
    messages = List.copyOf(messages);
  }

  /** A request whose times are shown in UTC. */
  public SummaryRequest(String taskName, List<ChannelId> channels, TimeWindow window, List<Message> messages,
      SummaryOptions options, boolean truncated) {
    this(taskName, channels, window, messages, options, truncated, ZoneId.of("UTC"));
  }
}

package org.summarybot.scheduling.port;

import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.TimeWindow;

/** Reads a channel's messages. */
public interface MessageSource {
  /**
   * The messages of {@code channel} whose timestamps fall in the half-open window {@code [from, to)}, oldest
   * first, at most {@code maxMessages} (the batch says when it was cut), bots' messages only when
   * {@code includeBots}.
   *
   * <p>An empty batch means the channel was quiet. A channel that cannot be read (unknown, no permission) is a
   * permanent {@link ExternalServiceException}, never an empty batch.
   *
   * @throws ExternalServiceException when the messages cannot be read
   */
  MessageBatch fetch(ChannelId channel, TimeWindow window, int maxMessages, boolean includeBots);
}

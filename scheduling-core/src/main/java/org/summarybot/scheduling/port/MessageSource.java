package org.summarybot.scheduling.port;

import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.GuildId;
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

  /**
   * As {@link #fetch(ChannelId, TimeWindow, int, boolean)}, for a task of {@code guild}; the engine always calls
   * this one. A source that knows which guild a channel belongs to refuses a channel of another guild with a
   * permanent {@link ExternalServiceException} and reads nothing of it, so a task can never summarise another
   * server's conversation. Sources that do not know guilds (exports) read the channel as the other method does.
   *
   * @throws ExternalServiceException when the messages cannot be read, or the channel is in another guild
   */
  default MessageBatch fetch(GuildId guild, ChannelId channel, TimeWindow window, int maxMessages,
      boolean includeBots) {
    return fetch(channel, window, maxMessages, includeBots);
  }
}

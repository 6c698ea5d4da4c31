package org.summarybot.scheduling.app;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.MessageBatch;
import org.summarybot.scheduling.port.MessageSource;

/**
 * For the demo: reads a recorded conversation from another source and replays it into whatever window is
 * asked for, its timestamps shifted and scaled so the whole conversation falls inside the window in its
 * original order and proportions. Every window of the demo task thus holds the sample conversation.
 */
final class ReplaySource implements MessageSource {
  private final MessageSource recorded;
  private final TimeWindow recordedWindow;

  /**
   * Replays what {@code recorded} holds in {@code recordedWindow}, which must lie within what the recording
   * covers (an export reader refuses a window past the export's end).
   */
  ReplaySource(MessageSource recorded, TimeWindow recordedWindow) {
    this.recorded = requireNonNull(recorded, "recorded");
    this.recordedWindow = requireNonNull(recordedWindow, "recordedWindow");
  }

  @Override
  public MessageBatch fetch(ChannelId channel, TimeWindow window, int maxMessages, boolean includeBots) {
    List<Message> all = recorded.fetch(channel, recordedWindow, 100_000, includeBots).messages();
    if (all.isEmpty()) {
      return new MessageBatch(List.of(), false);
    }
    Instant first = all.get(0).timestamp();
    long span = Duration.between(first, all.get(all.size() - 1).timestamp()).toMillis() + 1;
    long room = window.length().toMillis();
    List<Message> out = new ArrayList<>(all.size());
    for (Message m : all) {
      long offset = Duration.between(first, m.timestamp()).toMillis();
      long scaled = (long) Math.floor((double) offset * room / span);
      Instant at = window.from().plusMillis(Math.min(scaled, room - 1));
      out.add(new Message(m.id(), m.channelId(), m.authorId(), m.authorName(), m.authorIsBot(), m.content(), at,
          m.replyTo(), m.attachmentCount(), m.reactionCount()));
    }
    boolean truncated = out.size() > maxMessages;
    return new MessageBatch(truncated ? out.subList(0, maxMessages) : out, truncated);
  }
}

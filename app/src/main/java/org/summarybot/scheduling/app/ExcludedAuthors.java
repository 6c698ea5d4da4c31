package org.summarybot.scheduling.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.MessageBatch;
import org.summarybot.scheduling.port.MessageSource;

/**
 * A message source without the messages of the users in {@code privacy.exclude-users}: they are taken out as they
 * are read, before any summarizer (built-in or model) sees them, so they are neither summarised, counted nor
 * listed as participants.
 */
final class ExcludedAuthors implements MessageSource {
  private final MessageSource source;
  private final Set<String> users;

  private ExcludedAuthors(MessageSource source, Set<String> users) {
    this.source = source;
    this.users = Set.copyOf(users);
  }

  /** {@code source} without {@code users}' messages; the source itself when the set is empty. */
  static MessageSource of(MessageSource source, Set<String> users) {
    return users.isEmpty() ? source : new ExcludedAuthors(source, users);
  }

  @Override
  public MessageBatch fetch(ChannelId channel, TimeWindow window, int maxMessages, boolean includeBots) {
    return without(source.fetch(channel, window, maxMessages, includeBots));
  }

  @Override
  public MessageBatch fetch(GuildId guild, ChannelId channel, TimeWindow window, int maxMessages,
      boolean includeBots) {
    return without(source.fetch(guild, channel, window, maxMessages, includeBots));
  }

  private MessageBatch without(MessageBatch batch) {
    List<Message> kept = new ArrayList<>(batch.messages().size());
    for (Message m : batch.messages()) {
      if (!users.contains(m.authorId())) {
        kept.add(m);
      }
    }
    return kept.size() == batch.messages().size() ? batch : new MessageBatch(kept, batch.truncated());
  }
}

package org.summarybot.scheduling.delivery.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageHistory;
import net.dv8tion.jda.api.entities.MessageReaction;
import net.dv8tion.jda.api.entities.MessageReference;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.utils.TimeUtil;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.ExternalServiceException;
import org.summarybot.scheduling.port.MessageBatch;
import org.summarybot.scheduling.port.MessageSource;

/**
 * Reads a channel's history through JDA: pages forward ({@code after=}) from the snowflake of the window's
 * start, 100 messages a page, until a message at or after the window's end or the end of the history.
 */
final class ChannelHistorySource implements MessageSource {
  static final int PAGE = 100;
  static final String INTENT_HELP = "enable the Message Content intent in the Discord Developer Portal "
      + "(your application > Bot > Privileged Gateway Intents > Message Content Intent) and make sure the bot "
      + "requests GatewayIntent.MESSAGE_CONTENT";

  private final Bot bot;
  private final Duration pageTimeout;

  ChannelHistorySource(Bot bot, Duration pageTimeout) {
    this.bot = requireNonNull(bot, "bot");
    this.pageTimeout = requireNonNull(pageTimeout, "pageTimeout");
  }

  @Override
  public MessageBatch fetch(ChannelId channelId, TimeWindow window, int maxMessages, boolean includeBots) {
    requireNonNull(channelId, "channelId");
    requireNonNull(window, "window");
    if (maxMessages < 1) {
      throw new IllegalArgumentException("maxMessages must be at least 1, not " + maxMessages);
    }
    GuildMessageChannel channel = readableChannel(channelId.value());

    List<Message> kept = new ArrayList<>();
    boolean truncated = false;
    int othersSeen = 0;
    int othersBlank = 0;
    long selfId = bot.selfId();
    // "after" is exclusive; a message sent in the window's first millisecond has an id >= this snowflake
    long cursor = TimeUtil.getDiscordTimestamp(window.from().toEpochMilli()) - 1;
    paging:
    while (true) {
      List<Message> page = page(channel, cursor);
      for (Message m : page) {
        cursor = m.getIdLong();
        if (!m.getTimeCreated().toInstant().isBefore(window.to())) {
          break paging;
        }
        if (!window.contains(m.getTimeCreated().toInstant()) || m.getType().isSystem()) {
          continue; // joins, pins, boosts: not conversation
        }
        if (m.getAuthor().getIdLong() != selfId) {
          othersSeen++;
          if (isBlank(m)) {
            othersBlank++;
          }
        }
        if (m.getAuthor().isBot() && !includeBots) {
          continue;
        }
        if (kept.size() == maxMessages) {
          truncated = true;
          break paging;
        }
        kept.add(m);
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    if (othersSeen > 0 && othersBlank == othersSeen) {
      throw ExternalServiceException.permanent("every message in channel " + channelId
          + " came back without content: the bot does not receive message content; " + INTENT_HELP);
    }
    List<org.summarybot.scheduling.model.Message> out = new ArrayList<>(kept.size());
    for (Message m : kept) {
      out.add(map(channelId, m));
    }
    return new MessageBatch(out, truncated);
  }

  private GuildMessageChannel readableChannel(long id) {
    if (!bot.intents().contains(GatewayIntent.MESSAGE_CONTENT)) {
      throw ExternalServiceException.permanent("the bot was started without the MESSAGE_CONTENT intent, so "
          + "Discord sends messages without their text; " + INTENT_HELP);
    }
    GuildChannel c = bot.channel(id);
    Optional<String> notNow = bot.cannotJudge(id, c);
    if (notNow.isPresent()) {
      throw ExternalServiceException.transientFailure(notNow.get(), Optional.empty());
    }
    if (c == null) {
      throw ExternalServiceException.permanent("channel " + id
          + " is unknown to the bot: it was deleted, or the bot is not a member of its server");
    }
    if (!(c instanceof GuildMessageChannel channel)) {
      throw ExternalServiceException.permanent("channel " + id + " (#" + c.getName() + ") is a "
          + c.getType().name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + " channel, which has no message history to read");
    }
    Member self = channel.getGuild().getSelfMember();
    for (Permission p : List.of(Permission.VIEW_CHANNEL, Permission.MESSAGE_HISTORY)) {
      if (!self.hasPermission(channel, p)) {
        throw ExternalServiceException.permanent("the bot lacks the " + DiscordFailures.uiName(p) + " permission in channel "
            + id + " (#" + channel.getName() + "), so Discord would show it no history; grant it to the bot's role");
      }
    }
    return channel;
  }

  private List<Message> page(GuildMessageChannel channel, long after) {
    try {
      MessageHistory history = bot.call(MessageHistory.getHistoryAfter(channel, Long.toUnsignedString(after))
          .limit(PAGE), pageTimeout);
      List<Message> page = new ArrayList<>(history.getRetrievedHistory());
      page.sort(Comparator.comparingLong(Message::getIdLong));
      return page;
    } catch (Exception e) {
      DiscordFailures.Failure f = DiscordFailures.classify(e, channel.getIdLong(), pageTimeout);
      String reason = "reading channel " + channel.getId() + " failed: " + f.reason();
      throw new ExternalServiceException(reason, f.kind() != DiscordFailures.Kind.TRANSIENT, f.retryAfter(),
          null);
    }
  }

  /** What a message without the MESSAGE_CONTENT intent looks like: no text, no attachments, no embeds. */
  private static boolean isBlank(Message m) {
    return m.getContentRaw().isEmpty() && m.getAttachments().isEmpty() && m.getEmbeds().isEmpty()
        && m.getStickers().isEmpty() && m.getPoll() == null;
  }

  private static org.summarybot.scheduling.model.Message map(ChannelId channel, Message m) {
    Member member = m.getMember();
    String name = member != null ? member.getEffectiveName() : m.getAuthor().getEffectiveName();
    MessageReference ref = m.getMessageReference();
    int reactions = 0;
    for (MessageReaction r : m.getReactions()) {
      reactions += r.getCount();
    }
    return new org.summarybot.scheduling.model.Message(m.getId(), channel, m.getAuthor().getId(), name,
        m.getAuthor().isBot(), m.getContentRaw(), m.getTimeCreated().toInstant(),
        ref == null ? Optional.empty() : Optional.of(ref.getMessageId()), m.getAttachments().size(), reactions);
  }
}

package org.summarybot.scheduling.delivery.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageReaction;
import net.dv8tion.jda.api.entities.MessageReference;
import net.dv8tion.jda.api.entities.MessageType;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.entities.messages.MessageSnapshot;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.utils.TimeUtil;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.ExternalServiceException;
import org.summarybot.scheduling.port.MessageBatch;
import org.summarybot.scheduling.port.MessageSource;

/**
 * Reads a channel's history through JDA: pages forward ({@code after=}) from the snowflake of the window's
 * start, 100 messages a page, following Discord's cursor (the newest id of each answer, whether or not JDA could
 * parse that message) until an answer reaches the window's end or has fewer than 100 messages. Only chat is kept
 * ({@link ChatTypes}); authors go by their server nicknames ({@link AuthorNames}).
 */
final class ChannelHistorySource implements MessageSource {
  static final int PAGE = 100;
  static final String INTENT_HELP = "enable the Message Content intent in the Discord Developer Portal "
      + "(your application > Bot > Privileged Gateway Intents > Message Content Intent) and make sure the bot "
      + "requests GatewayIntent.MESSAGE_CONTENT";
  /** Marks a forward's text as words its author passed on rather than wrote. */
  static final String FORWARDED = "[forwarded] ";
  private static final System.Logger LOG = System.getLogger(ChannelHistorySource.class.getName());

  private final Bot bot;
  private final Duration pageTimeout;

  ChannelHistorySource(Bot bot, Duration pageTimeout) {
    this.bot = requireNonNull(bot, "bot");
    this.pageTimeout = requireNonNull(pageTimeout, "pageTimeout");
  }

  /** Refuses a channel of another guild than the task's before reading anything of it. */
  @Override
  public MessageBatch fetch(GuildId guild, ChannelId channelId, TimeWindow window, int maxMessages,
      boolean includeBots) {
    requireNonNull(guild, "guild");
    GuildPlacement.refuseOtherGuild(bot, guild, requireNonNull(channelId, "channelId").value());
    return fetch(channelId, window, maxMessages, includeBots);
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
    int unknownTypes = 0;
    int unreadable = 0;
    long selfId = bot.selfId();
    // "after" is exclusive; a message sent in the window's first millisecond has an id >= this snowflake
    long cursor = TimeUtil.getDiscordTimestamp(window.from().toEpochMilli()) - 1;
    long end = TimeUtil.getDiscordTimestamp(window.to().toEpochMilli());
    paging:
    while (true) {
      HistoryPage page = page(channel, cursor);
      unknownTypes += page.unknownTypes();
      unreadable += page.unreadable();
      for (Message m : page.messages()) {
        if (!m.getTimeCreated().toInstant().isBefore(window.to())) {
          break paging;
        }
        if (!window.contains(m.getTimeCreated().toInstant()) || !ChatTypes.isChat(m.getType().getId())) {
          continue; // joins, pins, boosts, thread notices: not conversation
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
      // Discord's answer, not JDA's parse, says where the history goes on: JDA drops types it does not know
      if (page.rawCount() < PAGE || page.newestRawId() >= end) {
        break;
      }
      cursor = page.newestRawId();
    }
    if (unknownTypes + unreadable > 0) {
      LOG.log(unreadable > 0 ? System.Logger.Level.WARNING : System.Logger.Level.INFO, "channel {0}: left out "
          + "{1} message(s) of types newer than JDA (not chat) and {2} JDA could not read", channelId, unknownTypes,
          unreadable);
    }
    if (othersSeen > 0 && othersBlank == othersSeen) {
      throw ExternalServiceException.permanent("every message in channel " + channelId
          + " came back without content: the bot does not receive message content; " + INTENT_HELP);
    }
    AuthorNames names = AuthorNames.lookUp(channel.getGuild(), kept, pageTimeout);
    List<org.summarybot.scheduling.model.Message> out = new ArrayList<>(kept.size());
    for (Message m : kept) {
      out.add(map(channelId, m, names.of(m)));
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

  private HistoryPage page(GuildMessageChannel channel, long after) {
    try {
      return bot.call(HistoryPage.after(channel, after, PAGE), pageTimeout);
    } catch (Exception e) {
      DiscordFailures.Failure f = DiscordFailures.classify(e, channel.getIdLong(), pageTimeout);
      String reason = "reading channel " + channel.getId() + " failed: " + f.reason();
      throw new ExternalServiceException(reason, f.kind() != DiscordFailures.Kind.TRANSIENT, f.retryAfter(),
          null);
    }
  }

  /**
   * What a message without the MESSAGE_CONTENT intent looks like: no text, no attachments, no embeds, also in
   * what it forwards.
   */
  private static boolean isBlank(Message m) {
    return content(m).isEmpty() && attachmentCount(m) == 0 && m.getEmbeds().isEmpty() && m.getStickers().isEmpty()
        && m.getPoll() == null && m.getMessageSnapshots().stream().allMatch(s -> s.getEmbeds().isEmpty()
            && s.getStickers().isEmpty());
  }

  private static org.summarybot.scheduling.model.Message map(ChannelId channel, Message m, String authorName) {
    int reactions = 0;
    for (MessageReaction r : m.getReactions()) {
      reactions += r.getCount();
    }
    return new org.summarybot.scheduling.model.Message(m.getId(), channel, m.getAuthor().getId(), authorName,
        m.getAuthor().isBot(), content(m), m.getTimeCreated().toInstant(), replyTo(m), attachmentCount(m), reactions);
  }

  /**
   * The message it answers, for a reply only. Forwards, crossposts (a reference to the announcement they copy),
   * pin notices and thread starters carry a message reference too, and are no replies.
   */
  private static Optional<String> replyTo(Message m) {
    MessageReference ref = m.getMessageReference();
    // a reference without a type is DEFAULT, as Discord documents it (JDA reads it as -1)
    return m.getType() == MessageType.INLINE_REPLY && ref != null && ref.getTypeRaw() <= 0
        ? Optional.of(ref.getMessageId()) : Optional.empty();
  }

  /** The text: the author's own, and a forward's text (which Discord keeps in the message's snapshot) marked. */
  private static String content(Message m) {
    if (!isForward(m)) {
      return m.getContentRaw();
    }
    StringBuilder b = new StringBuilder(m.getContentRaw());
    for (MessageSnapshot s : m.getMessageSnapshots()) {
      if (!s.getContentRaw().isEmpty()) {
        b.append(b.isEmpty() ? "" : "\n").append(FORWARDED).append(s.getContentRaw());
      }
    }
    return b.toString();
  }

  /** The message's own attachments and, for a forward, the forwarded ones. */
  private static int attachmentCount(Message m) {
    int n = m.getAttachments().size();
    if (isForward(m)) {
      for (MessageSnapshot s : m.getMessageSnapshots()) {
        n += s.getAttachments().size();
      }
    }
    return n;
  }

  private static boolean isForward(Message m) {
    MessageReference ref = m.getMessageReference();
    return ref != null && ref.getType() == MessageReference.MessageReferenceType.FORWARD;
  }
}

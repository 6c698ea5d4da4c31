package org.summarybot.scheduling.delivery.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.attribute.IPostContainer;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.summarybot.scheduling.port.DeliveryRequest;

/**
 * The post (a thread) that carries one delivery in a forum or media channel. Creating a post takes no nonce, so
 * before creating one a delivery looks for the post an earlier attempt may have created: among the forum's posts
 * by the bot since the execution was scheduled, active ones (in JDA's cache, which the gateway keeps complete)
 * and the most recently archived page (over REST), the one the journal names ({@code post:<id>}) or whose first
 * message carries this delivery's {@link Nonces#postMarker marker}.
 */
final class ForumPosts {
  /** Journal entries naming the post a delivery created: {@code post:<thread id>}. */
  static final String JOURNAL_PREFIX = "post:";
  /** Archived posts looked at: one page, most recently archived first. */
  static final int ARCHIVED_PAGE = 50;
  /** Clock skew allowed between this node and Discord when telling a post's age. */
  private static final Duration SKEW = Duration.ofMinutes(5);

  private final Bot bot;
  private final Duration timeout;

  ForumPosts(Bot bot, Duration timeout) {
    this.bot = requireNonNull(bot, "bot");
    this.timeout = requireNonNull(timeout, "timeout");
  }

  /** The post an earlier attempt of this delivery created, if Discord still lists it. */
  Optional<ThreadChannel> find(IPostContainer forum, DeliveryRequest request, String marker) throws Exception {
    long self = forum.getJDA().getSelfUser().getIdLong();
    Instant since = request.scheduledFor().minus(SKEW);
    for (ThreadChannel t : forum.getThreadChannels()) {
      if (mayBe(t, self, since) && isThis(t, request, marker)) {
        return Optional.of(t);
      }
    }
    List<ThreadChannel> archived = bot.call(forum.retrieveArchivedPublicThreadChannels().limit(ARCHIVED_PAGE), timeout);
    for (ThreadChannel t : archived) {
      if (mayBe(t, self, since) && isThis(t, request, marker)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Creates the post with the first part as its first message; the journal names it at once. */
  ThreadChannel create(IPostContainer forum, String name, MessageCreateData first, DeliveryRequest request)
      throws Exception {
    ThreadChannel post = bot.call(forum.createForumPost(name, first), timeout).getThreadChannel();
    request.journal().markDelivered(JOURNAL_PREFIX + post.getId());
    return post;
  }

  private static boolean mayBe(ThreadChannel t, long self, Instant since) {
    return t.getOwnerIdLong() == self && !t.getTimeCreated().toInstant().isBefore(since);
  }

  private boolean isThis(ThreadChannel t, DeliveryRequest request, String marker) throws Exception {
    if (request.journal().isDelivered(JOURNAL_PREFIX + t.getId())) {
      return true;
    }
    try {
      Message first = bot.call(t.retrieveStartMessage(), timeout); // a post's first message has the thread's id
      return first.getContentRaw().contains(marker);
    } catch (Exception e) {
      if (DiscordFailures.unwrap(e) instanceof ErrorResponseException r && r.getErrorResponse() == ErrorResponse.UNKNOWN_MESSAGE) {
        return false; // its first message was deleted: not a post to add to
      }
      throw e;
    }
  }
}

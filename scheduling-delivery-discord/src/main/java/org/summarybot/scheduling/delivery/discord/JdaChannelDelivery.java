package org.summarybot.scheduling.delivery.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.attribute.IPostContainer;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryRequest;

/**
 * Posts summaries to Discord text channels, threads (archived ones too) and forum or media channels (one post
 * per summary) through JDA. Each part is sent at most once per execution as far as this side can tell: parts
 * in the request's journal are skipped, every message carries a nonce derived from (execution, destination,
 * part) that Discord uses to drop a duplicate, and a forum post is looked for before it is created. Each
 * request is bounded by a deadline; a 429 is waited out within it, or else returned with Discord's
 * {@code retry_after}.
 */
final class JdaChannelDelivery implements DeliveryChannel {
  private final Bot bot;
  private final Duration sendTimeout;

  JdaChannelDelivery(Bot bot, Duration sendTimeout) {
    this.bot = requireNonNull(bot, "bot");
    this.sendTimeout = requireNonNull(sendTimeout, "sendTimeout");
  }

  @Override
  public DeliveryOutcome deliver(DeliveryRequest request) {
    if (request.destination().type() != DestinationType.DISCORD_CHANNEL) {
      return DeliveryOutcome.failed("the Discord adapter only delivers to Discord channels, not "
          + request.destination().describe());
    }
    long channelId;
    try {
      channelId = Long.parseUnsignedLong(request.destination().target());
    } catch (NumberFormatException e) {
      return DeliveryOutcome.gone("'" + request.destination().target() + "' is not a Discord channel id");
    }
    GuildChannel channel = bot.channel(channelId);
    Optional<String> notNow = bot.cannotJudge(channelId, channel);
    if (notNow.isPresent()) {
      return DeliveryOutcome.retryLater(notNow.get(), Optional.empty());
    }
    if (channel == null) { // JDA caches active threads only: ask Discord before judging the channel gone
      try {
        Optional<GuildChannel> thread = bot.retrieveThread(channelId, sendTimeout);
        if (thread.isEmpty()) {
          return DeliveryOutcome.retryLater("channel " + channelId
              + " exists on Discord but the bot has not seen it yet (created a moment ago?)", Optional.empty());
        }
        channel = thread.get();
      } catch (Exception e) {
        return outcome(DiscordFailures.classify(e, channelId, sendTimeout), "");
      }
    }
    if (channel instanceof IPostContainer forum) {
      return deliverPost(request, forum, channelId);
    }
    Optional<String> elsewhere = GuildPlacement.otherGuild(channel, request.task().guildId());
    if (elsewhere.isPresent()) {
      return DeliveryOutcome.gone(elsewhere.get()); // disabled until a person points it into the task's server
    }
    if (!(channel instanceof GuildMessageChannel target)) {
      return DeliveryOutcome.gone("channel " + channelId + " (#" + channel.getName() + ") is a "
          + channel.getType().name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + " channel, which cannot hold messages; choose a text channel, thread or forum");
    }
    Optional<DeliveryOutcome> noEmbeds = withoutEmbedLinks(request, target, channelId);
    if (noEmbeds.isPresent()) {
      return noEmbeds.get();
    }
    List<MessageCreateData> parts;
    try {
      parts = SummaryRenderer.render(request.summary(), request.destination().format(), request.task().name(),
          request.task().zone());
    } catch (IllegalArgumentException e) {
      return DeliveryOutcome.failed(e.getMessage());
    }
    return sendParts(request, target, parts, 0, channelId, List.of(), 0);
  }

  /**
   * A forum or media channel: one post per summary, titled with the summary's title, its first message the first
   * part (ending with the delivery's marker), the other parts in the post. A retry finds the post an earlier
   * attempt created and never creates a second.
   */
  private DeliveryOutcome deliverPost(DeliveryRequest request, IPostContainer forum, long channelId) {
    if (forum.isTagRequired()) {
      return DeliveryOutcome.gone(DiscordFailures.FORUM_TAG_HELP.formatted(channelId));
    }
    Optional<DeliveryOutcome> noEmbeds = withoutEmbedLinks(request, forum, channelId);
    if (noEmbeds.isPresent()) {
      return noEmbeds.get();
    }
    String marker = Nonces.postMarker(request.idempotencyKey());
    List<MessageCreateData> parts;
    try {
      parts = SummaryRenderer.render(request.summary(), request.destination().format(), request.task().name(),
          request.task().zone(), marker);
    } catch (IllegalArgumentException e) {
      return DeliveryOutcome.failed(e.getMessage());
    }
    ForumPosts posts = new ForumPosts(bot, sendTimeout);
    ThreadChannel post;
    List<String> created = new ArrayList<>();
    int sentBefore = 0;
    try {
      Optional<ThreadChannel> earlier = posts.find(forum, request, marker);
      if (earlier.isPresent()) {
        post = earlier.get();
        sentBefore = 1;
      } else if (request.journal().isDelivered("0")) {
        return DeliveryOutcome.failed("the post an earlier attempt created in forum " + channelId
            + " is no longer listed (deleted, or archived long ago); not creating a second one");
      } else {
        post = posts.create(forum, SummaryRenderer.postName(request.summary(), request.task().name()), parts.get(0),
            request);
        created.add(post.getId());
      }
    } catch (Exception e) { // InsufficientPermissionException is thrown synchronously by createForumPost
      return outcome(DiscordFailures.classify(e, channelId, sendTimeout),
          parts.size() > 1 ? " (part 1 of " + parts.size() + ", the post)" : " (the post)");
    }
    request.journal().markDelivered(ForumPosts.JOURNAL_PREFIX + post.getId());
    request.journal().markDelivered("0");
    return sendParts(request, post, parts, 1, post.getIdLong(), created, sentBefore);
  }

  /**
   * Sends the parts from {@code from} on that are not journalled yet, each with its nonce, journalling each once
   * Discord accepted it. {@code sentIds} and {@code skipped} count what came before {@code from}.
   */
  private DeliveryOutcome sendParts(DeliveryRequest request, GuildMessageChannel target, List<MessageCreateData> parts,
      int from, long channelId, List<String> sentIds0, int skipped0) {
    List<String> sentIds = new ArrayList<>(sentIds0);
    int skipped = skipped0;
    for (int i = from; i < parts.size(); i++) {
      String part = Integer.toString(i);
      if (request.journal().isDelivered(part)) {
        skipped++;
        continue;
      }
      try {
        Message sent = bot.call(target.sendMessage(parts.get(i)).setNonce(Nonces.of(request.idempotencyKey(), part)),
            sendTimeout);
        request.journal().markDelivered(part);
        sentIds.add(sent.getId());
      } catch (Exception e) { // InsufficientPermissionException is thrown synchronously by sendMessage
        return outcome(DiscordFailures.classify(e, channelId, sendTimeout),
            parts.size() > 1 ? " (part " + (i + 1) + " of " + parts.size() + ")" : "");
      }
    }
    String where = target instanceof ThreadChannel t && t.getParentChannel() instanceof IPostContainer
        ? "post " + target.getId() + " in forum " + t.getParentChannel().getId() : "channel " + channelId;
    return DeliveryOutcome.delivered(parts.size() + (parts.size() == 1 ? " message" : " messages") + " in " + where
        + (skipped > 0 ? " (" + skipped + " sent before)" : "")
        + (sentIds.isEmpty() ? "" : ", ids " + String.join(",", sentIds)));
  }

  /** Without Embed Links Discord strips embeds silently, and JDA checks it only for embed-only sends. */
  private Optional<DeliveryOutcome> withoutEmbedLinks(DeliveryRequest request, GuildChannel channel, long channelId) {
    if (request.destination().format() == DeliveryFormat.EMBED
        && !channel.getGuild().getSelfMember().hasPermission(channel, Permission.MESSAGE_EMBED_LINKS)) {
      return Optional.of(DeliveryOutcome.gone(DiscordFailures.classify(
          new InsufficientPermissionException(channel, Permission.MESSAGE_EMBED_LINKS), channelId, sendTimeout).reason()));
    }
    return Optional.empty();
  }

  private static DeliveryOutcome outcome(DiscordFailures.Failure f, String where) {
    String reason = f.reason() + where;
    return switch (f.kind()) {
      case GONE -> DeliveryOutcome.gone(reason);
      case PERMANENT -> DeliveryOutcome.failed(reason);
      case TRANSIENT -> DeliveryOutcome.retryLater(reason, f.retryAfter());
    };
  }
}

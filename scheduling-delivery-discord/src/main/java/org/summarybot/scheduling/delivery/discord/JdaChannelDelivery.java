package org.summarybot.scheduling.delivery.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Message;
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
 * Posts summaries to Discord text channels through JDA. Each part is sent at most once per execution as far
 * as this side can tell: parts in the request's journal are skipped, and every part carries a nonce derived
 * from (execution, destination, part) that Discord uses to drop a duplicate. Each send is bounded by a
 * deadline; JDA itself waits out 429s within it.
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
    if (!(channel instanceof GuildMessageChannel target)) {
      return DeliveryOutcome.gone("channel " + channelId + " (#" + channel.getName() + ") is a "
          + channel.getType().name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + " channel, which cannot hold messages; choose a text channel");
    }

    if (request.destination().format() == DeliveryFormat.EMBED
        && !target.getGuild().getSelfMember().hasPermission(target, Permission.MESSAGE_EMBED_LINKS)) {
      // JDA checks this only for embed-only sends; without it Discord strips the embeds
      return DeliveryOutcome.gone(DiscordFailures.classify(
          new InsufficientPermissionException(target, Permission.MESSAGE_EMBED_LINKS), channelId, sendTimeout).reason());
    }
    List<MessageCreateData> parts;
    try {
      parts = SummaryRenderer.render(request.summary(), request.destination().format(), request.task().name(),
          request.task().zone());
    } catch (IllegalArgumentException e) {
      return DeliveryOutcome.failed(e.getMessage());
    }
    List<String> sentIds = new ArrayList<>();
    int skipped = 0;
    for (int i = 0; i < parts.size(); i++) {
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
    return DeliveryOutcome.delivered(parts.size() + (parts.size() == 1 ? " message" : " messages") + " in channel "
        + channelId + (skipped > 0 ? " (" + skipped + " sent before)" : "")
        + (sentIds.isEmpty() ? "" : ", ids " + String.join(",", sentIds)));
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

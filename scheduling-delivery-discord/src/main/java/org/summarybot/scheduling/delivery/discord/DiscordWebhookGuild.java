package org.summarybot.scheduling.delivery.discord;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.Route;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.internal.requests.RestActionImpl;
import org.summarybot.scheduling.model.GuildId;

/**
 * Whether a Discord webhook URL belongs to a guild: Discord answers {@code GET /webhooks/{id}/{token}} (no bot
 * permission needed, the token is the credential) with the webhook and its {@code guild_id}. URLs of other hosts
 * are not Discord webhooks and pass.
 */
final class DiscordWebhookGuild {
  private static final Set<String> HOSTS = Set.of("discord.com", "discordapp.com", "ptb.discord.com",
      "canary.discord.com", "ptb.discordapp.com", "canary.discordapp.com");
  private static final Pattern PATH = Pattern.compile("/api(?:/v\\d+)?/webhooks/([0-9]{1,20})/([A-Za-z0-9_.-]+)/?");

  private final Bot bot;
  private final Duration timeout;

  DiscordWebhookGuild(Bot bot, Duration timeout) {
    this.bot = bot;
    this.timeout = timeout;
  }

  /** Why {@code url} may not serve a task of {@code guild}; empty when it may or is no Discord webhook. */
  Optional<String> problem(URI url, GuildId guild) {
    String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    if (!HOSTS.contains(host)) {
      return Optional.empty();
    }
    Matcher m = PATH.matcher(url.getRawPath() == null ? "" : url.getRawPath());
    if (!m.matches()) {
      return Optional.of("a Discord webhook URL looks like https://discord.com/api/webhooks/ID/TOKEN");
    }
    DataObject hook;
    try {
      hook = bot.call(new RestActionImpl<DataObject>(bot.anyShard(),
          Route.Webhooks.GET_TOKEN_WEBHOOK.compile(m.group(1), m.group(2)), (r, q) -> r.getObject()), timeout);
    } catch (ErrorResponseException e) {
      if (e.getErrorResponse() == ErrorResponse.UNKNOWN_WEBHOOK || e.getErrorResponse() == ErrorResponse.INVALID_WEBHOOK_TOKEN) {
        return Optional.of("Discord does not know this webhook (deleted, or its token is wrong)");
      }
      return Optional.of("Discord could not check this webhook now (" + e.getMeaning() + "); try again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while asking Discord about the webhook");
    } catch (Exception e) {
      Throwable cause = DiscordFailures.unwrap(e);
      if (cause instanceof ErrorResponseException r && (r.getErrorResponse() == ErrorResponse.UNKNOWN_WEBHOOK
          || r.getErrorResponse() == ErrorResponse.INVALID_WEBHOOK_TOKEN)) {
        return Optional.of("Discord does not know this webhook (deleted, or its token is wrong)");
      }
      return Optional.of("Discord could not check this webhook now; try again");
    }
    if (hook.isNull("guild_id") || hook.getUnsignedLong("guild_id", 0) != guild.value()) {
      return Optional.of("this Discord webhook belongs to another server; use a webhook of this server");
    }
    return Optional.empty();
  }
}

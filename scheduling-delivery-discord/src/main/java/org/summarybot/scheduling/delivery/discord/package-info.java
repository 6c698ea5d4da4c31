/**
 * Discord adapter on JDA: channel delivery, channel-history {@code MessageSource}, DiscordChatExporter export reader, and a Discord {@code Notifier}.
 *
 * <p>Public entries: {@link org.summarybot.scheduling.delivery.discord.DiscordAdapter} (one JDA connection: the
 * {@code DISCORD_CHANNEL} {@code DeliveryChannel}, the channel-history {@code MessageSource} and the
 * {@code Notifier}; the bot token is read from an environment variable and never logged), what its
 * {@code checkAccess} returns ({@link org.summarybot.scheduling.delivery.discord.AccessReport}) and
 * {@link org.summarybot.scheduling.delivery.discord.DiscordLoginException}, besides the export reader
 * {@code ExportMessageSource}. The JDA side's implementation classes are package-private:
 * {@code MarkdownSplitter} (pure splitting within Discord's limits, never inside a code fence or a link),
 * {@code SummaryRenderer} (embed and Markdown messages, allowed mentions set to nobody on every message),
 * {@code Nonces} (per-part nonces from execution, destination and part), {@code DiscordFailures} (permanent vs
 * transient classification), {@code GuildPlacement} (a task's channels belong to its guild), {@code AccessCheck}
 * (permissions from JDA's cache), {@code GatewaySessionController} (the configured gateway address),
 * {@code JdaChannelDelivery}, {@code ChannelHistorySource} and {@code DiscordNotifier}.
 * See the module's README.md.
 */
package org.summarybot.scheduling.delivery.discord;

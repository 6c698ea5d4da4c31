/**
 * Discord adapter on JDA: channel delivery, channel-history {@code MessageSource}, DiscordChatExporter export reader, and a Discord {@code Notifier}. Filled by the Discord issue.
 */
package org.summarybot.scheduling.delivery.discord;

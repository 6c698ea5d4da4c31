/**
 * Webhook delivery: summaries and failure notifications as signed JSON (Standard Webhooks) over OkHttp, with
 * Discord's body shape for Discord webhook URLs and an SSRF guard that judges every address before a connection
 * to it is opened (numeric hosts read as browsers read them, ambiguous ones refused). A request that finds its
 * pooled connection closed by the receiver is sent again at once on a new one; its {@code webhook-id} makes the
 * rare repeat harmless.
 *
 * <p>{@link org.summarybot.scheduling.delivery.webhook.WebhookDelivery} is the only public type: its builder
 * makes the {@code DeliveryChannel} for {@code WEBHOOK} destinations and the webhook {@code Notifier}. Everything
 * else is package-private. See the module README for the payload, signing, outcomes and SSRF rules.
 */
package org.summarybot.scheduling.delivery.webhook;

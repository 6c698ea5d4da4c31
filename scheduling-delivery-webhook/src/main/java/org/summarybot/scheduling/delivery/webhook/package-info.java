/**
 * Webhook delivery: summaries and failure notifications as signed JSON (Standard Webhooks) over OkHttp, with
 * Discord's body shape for Discord webhook URLs and an SSRF guard on every address actually connected to.
 *
 * <p>{@link org.summarybot.scheduling.delivery.webhook.WebhookDelivery} is the only public type: its builder
 * makes the {@code DeliveryChannel} for {@code WEBHOOK} destinations and the webhook {@code Notifier}. Everything
 * else is package-private. See the module README for the payload, signing, outcomes and SSRF rules.
 */
package org.summarybot.scheduling.delivery.webhook;

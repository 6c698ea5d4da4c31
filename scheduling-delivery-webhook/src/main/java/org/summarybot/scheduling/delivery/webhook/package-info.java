/**
 * Webhook delivery: signed JSON (Standard Webhooks) over HTTP with an SSRF guard, and a webhook {@code Notifier}. Filled by the webhook issue.
 */
package org.summarybot.scheduling.delivery.webhook;

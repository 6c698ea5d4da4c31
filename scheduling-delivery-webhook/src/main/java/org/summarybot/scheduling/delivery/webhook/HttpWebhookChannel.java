package org.summarybot.scheduling.delivery.webhook;

import java.util.List;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryRequest;

/**
 * The {@link DeliveryChannel} for {@code WEBHOOK} destinations: the {@code summary.created} envelope to plain
 * webhooks, Discord's message shape to Discord webhooks (one message per part, recorded in the journal so a
 * retry sends only the parts still missing).
 */
final class HttpWebhookChannel implements DeliveryChannel {
  private final WebhookSender sender;
  private final WebhookSettings settings;

  HttpWebhookChannel(WebhookSettings settings, WebhookSender sender) {
    this.settings = settings;
    this.sender = sender;
  }

  @Override
  public DeliveryOutcome deliver(DeliveryRequest request) {
    WebhookSender.Prepared prepared = sender.prepare(request.destination());
    if (prepared.failure().isPresent()) {
      DeliveryOutcome refused = prepared.failure().get();
      WebhookSender.LOG.log(System.Logger.Level.WARNING, () -> "webhook delivery to "
          + request.destination().describe() + " refused: " + ((DeliveryOutcome.PermanentFailure) refused).reason());
      return refused;
    }
    WebhookSender.Target target = prepared.target().get();
    // The idempotency key holds the target URL: it is only ever hashed, never shown.
    String baseId = WebhookSender.webhookId(request.idempotencyKey());
    if (!target.discord) {
      if (request.journal().isDelivered("0")) {
        return DeliveryOutcome.delivered("already delivered as " + baseId);
      }
      // The body is a function of the execution alone (its summary is the one every attempt delivers, and its
      // timestamp the fire the summary is for), so a webhook-id always carries the same bytes; when this request
      // was sent is in the webhook-timestamp header.
      byte[] body = Payloads.envelope(Payloads.SUMMARY_CREATED, baseId, request.scheduledFor(),
          Payloads.summaryData(request));
      DeliveryOutcome outcome = sender.post(target, baseId, body, settings.clock().now());
      if (outcome instanceof DeliveryOutcome.Delivered) {
        request.journal().markDelivered("0");
      }
      return outcome;
    }
    List<byte[]> parts = Payloads.discordSummary(request.summary(), request.destination().format());
    int sent = 0;
    for (int i = 0; i < parts.size(); i++) {
      String part = Integer.toString(i);
      if (request.journal().isDelivered(part)) {
        continue;
      }
      String id = i == 0 ? baseId : WebhookSender.webhookId(request.idempotencyKey() + "#" + part);
      DeliveryOutcome outcome = sender.post(target, id, parts.get(i), settings.clock().now());
      if (!(outcome instanceof DeliveryOutcome.Delivered)) {
        return outcome;
      }
      request.journal().markDelivered(part);
      sent++;
    }
    return DeliveryOutcome.delivered("Discord webhook: " + sent + " of " + parts.size() + " message(s) sent now");
  }

  @Override
  public String toString() {
    return "WebhookDelivery[channel]";
  }
}

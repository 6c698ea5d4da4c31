package org.summarybot.scheduling.delivery.webhook;

import java.lang.System.Logger.Level;
import java.time.Instant;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.Notification;
import org.summarybot.scheduling.port.Notifier;

/**
 * A {@link Notifier} posting {@code task.failed}, {@code task.disabled} and {@code destination.disabled} events
 * to one webhook, in the same envelope, headers and signature as summaries (Discord's message shape for a
 * Discord webhook). One attempt, best effort: a failure is logged, never thrown.
 */
final class HttpWebhookNotifier implements Notifier {
  private final WebhookSettings settings;
  private final WebhookSender sender;
  private final Destination destination;

  HttpWebhookNotifier(WebhookSettings settings, WebhookSender sender, Destination destination) {
    this.settings = settings;
    this.sender = sender;
    this.destination = destination;
  }

  @Override
  public void notify(Notification notification) {
    try {
      String type = Payloads.type(notification);
      // Prepared on every call: the secret is read from the environment when it is used, never kept.
      WebhookSender.Prepared prepared = sender.prepare(destination);
      if (prepared.failure().isPresent()) {
        String reason = ((DeliveryOutcome.PermanentFailure) prepared.failure().get()).reason();
        WebhookSender.LOG.log(Level.WARNING, () -> "could not send the " + type + " notification for task "
            + notification.task().id() + ": " + reason);
        return;
      }
      WebhookSender.Target target = prepared.target().get();
      String id = WebhookSender.webhookId("notification/" + type + "/" + eventKey(notification) + "/"
          + target.destination.key());
      Instant now = settings.clock().now();
      byte[] body = target.discord
          ? Payloads.discordContent(Payloads.discordNotificationText(notification))
          : Payloads.envelope(type, id, now, Payloads.notificationData(notification));
      DeliveryOutcome outcome = sender.post(target, id, body, now);
      if (!(outcome instanceof DeliveryOutcome.Delivered)) {
        WebhookSender.LOG.log(Level.WARNING, () -> "could not send the " + type + " notification for task "
            + notification.task().id() + " to " + target.name);
      }
    } catch (RuntimeException e) {
      WebhookSender.LOG.log(Level.WARNING, () -> "the webhook notifier failed on a " + e.getClass().getName()
          + " (a bug; the notification for task " + notification.task().id() + " is lost)");
    }
  }

  /** What makes this event unique, so a repeat of the same event carries the same webhook-id. */
  private static String eventKey(Notification n) {
    if (n instanceof Notification.ExecutionFailed f) {
      return f.record().id().value();
    }
    if (n instanceof Notification.TaskDisabled d) {
      return n.task().id().value() + "@" + n.task().version() + "/" + d.reason();
    }
    if (n instanceof Notification.TaskSilent s) {
      return n.task().id().value() + "/silent/" + s.since();
    }
    if (n instanceof Notification.TaskRecovered r) {
      return n.task().id().value() + "/recovered/" + r.alertedAt();
    }
    Notification.DestinationDisabled d = (Notification.DestinationDisabled) n;
    return n.task().id().value() + "@" + n.task().version() + "/" + d.destination().key() + "/" + d.reason();
  }

  @Override
  public String toString() {
    return "WebhookDelivery[notifier to " + destination.describe() + "]";
  }
}

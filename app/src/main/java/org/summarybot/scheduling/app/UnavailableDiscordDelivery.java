package org.summarybot.scheduling.app;

import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryRequest;

/**
 * Stands in for Discord channel delivery until the JDA adapter is in this build: a task with a
 * {@code discord:} destination is valid and stored, and each delivery fails permanently with a clear reason
 * (the destination stays enabled, so it works once the adapter is wired).
 */
final class UnavailableDiscordDelivery implements DeliveryChannel {
  @Override
  public DeliveryOutcome deliver(DeliveryRequest request) {
    return DeliveryOutcome.failed("Discord delivery is not available in this build (the JDA adapter is not wired yet)");
  }
}

package org.summarybot.scheduling.app;

import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryRequest;

/**
 * Discord channel delivery of a process that is not connected to Discord (no bot token in its environment): a
 * task with a {@code discord:} destination is valid and stored, and each delivery fails permanently saying which
 * environment variable to set (the destination stays enabled, so it works once the token is there).
 */
final class UnavailableDiscordDelivery implements DeliveryChannel {
  private final String tokenVariable;

  UnavailableDiscordDelivery(String tokenVariable) {
    this.tokenVariable = tokenVariable;
  }

  @Override
  public DeliveryOutcome deliver(DeliveryRequest request) {
    return DeliveryOutcome.failed("not connected to Discord: the environment variable " + tokenVariable
        + " (discord.token-env) is not set, so " + request.destination().describe() + " cannot be posted to;"
        + " set it to the bot token for run and tasks run-now");
  }
}

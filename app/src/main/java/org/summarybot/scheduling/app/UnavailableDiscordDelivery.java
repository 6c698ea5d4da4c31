package org.summarybot.scheduling.app;

import static java.util.Objects.requireNonNull;

import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryRequest;

/**
 * Discord channel delivery while this process has no Discord connection: the bot token's environment variable
 * ({@code discord.token-env}) was not set when it started. A task with a {@code discord:} destination stays valid
 * and stored; each delivery fails permanently saying which variable to set (the destination stays enabled, so it
 * works once the process runs with the token).
 */
final class UnavailableDiscordDelivery implements DeliveryChannel {
  private final String tokenVariable;

  UnavailableDiscordDelivery(String tokenVariable) {
    this.tokenVariable = requireNonNull(tokenVariable, "tokenVariable");
  }

  @Override
  public DeliveryOutcome deliver(DeliveryRequest request) {
    return DeliveryOutcome.failed("no Discord connection: the environment variable " + tokenVariable
        + " (discord.token-env) is not set; set it to the bot token and restart");
  }

  @Override
  public String toString() {
    return "Discord delivery without a connection ($" + tokenVariable + " unset)";
  }
}

package org.summarybot.scheduling.delivery.discord;

import static java.util.Objects.requireNonNull;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;

/**
 * JDA's session controller with the gateway address a person configured. JDA's default returns a fixed
 * {@code wss://gateway.discord.gg/} without asking {@code /gateway}; this one returns the configured address, also
 * in place of the one {@code /gateway/bot} names when shards are counted, so every connection goes there.
 */
final class GatewaySessionController extends ConcurrentSessionController {
  private final String gateway;

  GatewaySessionController(String gateway) {
    this.gateway = requireNonNull(gateway, "gateway");
  }

  @Override
  public String getGateway() {
    return gateway;
  }

  @Override
  public ShardedGateway getShardedGateway(JDA api) {
    ShardedGateway asked = super.getShardedGateway(api);
    return new ShardedGateway(gateway, asked.getShardTotal(), asked.getConcurrency());
  }
}

package org.summarybot.scheduling.app;

import com.fasterxml.jackson.core.JsonToken;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.summarybot.scheduling.app.ConfigValues.Value;

/**
 * The {@code discord.*} keys of the config (docs/CONFIG.md): the token's variable, the admin channel, the REST and
 * gateway addresses (a proxy's), the shard count, and the {@code /schedule} commands' keys ({@link CommandsConfig}).
 */
record ConfigDiscordKeys(String tokenEnv, Optional<String> adminChannel, Optional<URI> restBaseUrl,
    Optional<URI> gatewayUrl, Optional<Integer> shards, CommandsConfig commands) {

  /** The {@code discord.*} keys of {@code v}, each missing or refused one at its default in {@code d}. */
  static ConfigDiscordKeys read(ConfigValues v, Config d) {
    String tokenEnv = v.string("discord.token-env", d.discordTokenEnv());
    if (v.has("discord.token-env") && !ConfigValues.ENV_NAME.matcher(tokenEnv).matches()) {
      v.bad("discord.token-env", "'" + tokenEnv + "' is not an environment variable name (the token itself never goes"
          + " in the config)");
    }
    // A channel id may be written as a number or as text.
    Value given = v.get("discord.admin-channel");
    Optional<String> admin = given != null && given.token() == JsonToken.VALUE_NUMBER_INT ? Optional.of(given.text())
        : v.text("discord.admin-channel");
    admin.ifPresent(a -> {
      if (!a.matches("[1-9][0-9]{0,19}")) {
        v.bad("discord.admin-channel", "'" + a + "' is not a Discord channel id");
      }
    });
    Optional<URI> restBase = v.url("discord.rest-base-url", "http", "https", "https://discord.com/api/v10/");
    Optional<URI> gateway = v.url("discord.gateway-url", "ws", "wss", "wss://gateway.discord.gg/");
    Optional<Integer> shards = v.count("discord.shards", Limits.DISCORD_SHARDS);
    return new ConfigDiscordKeys(tokenEnv, admin, restBase, gateway, shards, commands(v));
  }

  /** The {@code /schedule} keys: on or off, where registered, manager roles, limits. */
  private static CommandsConfig commands(ConfigValues v) {
    CommandsConfig d = CommandsConfig.DEFAULTS;
    boolean enabled = v.bool("discord.commands", d.enabled());
    int max = v.count("discord.max-tasks-per-guild", Limits.TASKS_PER_GUILD).orElse(d.maxTasksPerGuild());
    Duration min = v.duration("discord.min-interval", d.minInterval(), Limits.COMMAND_MIN_INTERVAL);
    return new CommandsConfig(enabled, v.snowflakes("discord.command-guilds", "a Discord server id"),
        v.snowflakes("discord.manager-roles", "a Discord role id"), max, min);
  }
}

package org.summarybot.scheduling.app;

import java.time.Duration;
import java.util.List;

/**
 * The {@code discord.*} keys of the {@code /schedule} slash commands (docs/CONFIG.md): whether they are on,
 * where they are registered, who may use them besides members with Manage Server, and the per-guild limits.
 *
 * @param enabled {@code discord.commands}: register and answer {@code /schedule} (default true, when the bot runs)
 * @param guilds {@code discord.command-guilds}: register in these servers instead of globally
 * @param managerRoles {@code discord.manager-roles}: role ids admitted besides Manage Server
 * @param maxTasksPerGuild {@code discord.max-tasks-per-guild} (default 25)
 * @param minInterval {@code discord.min-interval}: the shortest interval of a schedule set from Discord (default 1h)
 */
record CommandsConfig(boolean enabled, List<Long> guilds, List<Long> managerRoles, int maxTasksPerGuild,
    Duration minInterval) {
  static final CommandsConfig DEFAULTS = new CommandsConfig(true, List.of(), List.of(), 25, Duration.ofHours(1));

  CommandsConfig {
    guilds = List.copyOf(guilds);
    managerRoles = List.copyOf(managerRoles);
  }
}

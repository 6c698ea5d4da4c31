package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;

/**
 * What a guild's managers set for the guild as a whole from Discord: its default zone, which new tasks created
 * there take unless they name another. One record per guild, kept by every {@link org.summarybot.scheduling.port.TaskStore}.
 *
 * @param guild the guild
 * @param zone the zone a task created from Discord in this guild takes when none is given
 */
public record GuildSettings(GuildId guild, ZoneId zone) {
  public GuildSettings {
    requireNonNull(guild, "guild");
    requireNonNull(zone, "zone");
  }
}

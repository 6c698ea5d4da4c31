package org.summarybot.scheduling.delivery.discord;

import java.util.Optional;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.port.ExternalServiceException;

/**
 * A task reads and posts only in its own guild (DESIGN.md, "Guilds"): the bot may be a member of many servers,
 * and a channel id of another one must never be read from or posted to on this task's behalf.
 */
final class GuildPlacement {
  private GuildPlacement() {}

  /** Why {@code channel} may not serve a task of {@code guild}, when it belongs to another guild. */
  static Optional<String> otherGuild(GuildChannel channel, GuildId guild) {
    if (channel.getGuild().getIdLong() == guild.value()) {
      return Optional.empty();
    }
    return Optional.of("channel " + channel.getId() + " (#" + channel.getName() + ") belongs to server "
        + channel.getGuild().getId() + " (" + channel.getGuild().getName() + "), not to the task's server " + guild
        + "; a task reads and posts only in its own server");
  }

  /**
   * Refuses, before anything is read, a channel the bot sees in another guild than {@code guild}: a permanent
   * {@link ExternalServiceException}. A channel the bot does not see is left to the reader, which says why.
   */
  static void refuseOtherGuild(Bot bot, GuildId guild, long channelId) {
    GuildChannel c = bot.channel(channelId);
    if (c != null) {
      Optional<String> elsewhere = otherGuild(c, guild);
      if (elsewhere.isPresent()) {
        throw ExternalServiceException.permanent(elsewhere.get());
      }
    }
  }
}

package org.summarybot.scheduling.delivery.discord;

import static org.summarybot.scheduling.delivery.discord.AccessReport.IN_GUILD;
import static org.summarybot.scheduling.delivery.discord.AccessReport.KNOWN;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.channel.attribute.IPostContainer;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.requests.GatewayIntent;
import org.summarybot.scheduling.delivery.discord.AccessReport.Check;
import org.summarybot.scheduling.delivery.discord.AccessReport.Entry;
import org.summarybot.scheduling.delivery.discord.AccessReport.Status;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.GuildId;

/**
 * Builds an {@link AccessReport} from what the connection knows: the channel cache and the bot's permissions as
 * JDA computes them (roles, overwrites, a thread's parent). Sends nothing and makes no REST request.
 */
final class AccessCheck {
  private AccessCheck() {}

  static AccessReport of(Bot bot, GuildId guild, List<ChannelId> channels, List<Destination> destinations) {
    List<Entry> sources = new ArrayList<>();
    for (ChannelId c : channels) {
      sources.add(source(bot, guild, c));
    }
    List<Entry> targets = new ArrayList<>();
    for (Destination d : destinations) {
      targets.add(d.type() == DestinationType.DISCORD_CHANNEL ? destination(bot, guild, d) : new Entry(d.describe(),
          lower(d.type().name()) + " destination", List.of(new Check("Not checked", Status.NOT_CHECKED,
              "not a Discord channel; checking it would mean sending to it"))));
    }
    return new AccessReport(guild, bot.status(), sources, targets);
  }

  private static Entry source(Bot bot, GuildId guild, ChannelId id) {
    List<Check> checks = new ArrayList<>();
    GuildChannel c = locate(bot, guild, id.value(), checks);
    if (c == null) {
      return new Entry(id.toString(), "unknown channel", checks);
    }
    Member self = c.getGuild().getSelfMember();
    if (!(c instanceof GuildMessageChannel)) {
      checks.add(new Check("Has messages", Status.MISSING, "a " + kind(c) + " has no message history to read;"
          + " choose a text channel"));
    } else {
      checks.add(permission(self, c, Permission.VIEW_CHANNEL, "without it the channel does not exist for the bot"));
      checks.add(permission(self, c, Permission.MESSAGE_HISTORY, "without it Discord shows the bot an empty history"));
    }
    boolean content = bot.intents().contains(GatewayIntent.MESSAGE_CONTENT);
    checks.add(new Check("Message Content intent", content ? Status.OK : Status.MISSING, content
        ? "requested, and Discord accepted it at login" : "not requested: " + ChannelHistorySource.INTENT_HELP));
    return new Entry(id.toString(), describe(c), checks);
  }

  private static Entry destination(Bot bot, GuildId guild, Destination d) {
    List<Check> checks = new ArrayList<>();
    GuildChannel c;
    try {
      c = locate(bot, guild, Long.parseUnsignedLong(d.target()), checks);
    } catch (NumberFormatException e) {
      checks.add(new Check(KNOWN, Status.MISSING, "'" + d.target() + "' is not a Discord channel id"));
      c = null;
    }
    if (c == null) {
      return new Entry(d.describe(), "unknown channel", checks);
    }
    Member self = c.getGuild().getSelfMember();
    boolean embeds = d.format() == DeliveryFormat.EMBED;
    if (c instanceof ThreadChannel t) {
      checks.add(permission(self, c, Permission.VIEW_CHANNEL, "without it the thread does not exist for the bot"));
      checks.add(permission(self, c, Permission.MESSAGE_SEND_IN_THREADS, "needed to post in a thread"));
      if (t.isLocked()) {
        boolean manage = self.hasPermission(c, Permission.MANAGE_THREADS);
        checks.add(new Check("Thread open", manage ? Status.OK : Status.MISSING, manage
            ? "locked, but the bot has Manage Threads"
            : "the thread is locked: only members with Manage Threads post there; unlock it or grant that"));
      }
    } else if (c instanceof IPostContainer) {
      checks.add(permission(self, c, Permission.VIEW_CHANNEL, "without it the forum does not exist for the bot"));
      checks.add(permission(self, c, Permission.MESSAGE_SEND, "Create Posts",
          "needed to start a post for each summary"));
      checks.add(permission(self, c, Permission.MESSAGE_SEND_IN_THREADS,
          "needed for the parts of a long summary after the post's first message"));
    } else if (c instanceof GuildMessageChannel) {
      checks.add(permission(self, c, Permission.VIEW_CHANNEL, "without it the channel does not exist for the bot"));
      checks.add(permission(self, c, Permission.MESSAGE_SEND, "needed to post summaries"));
    } else {
      checks.add(new Check("Takes messages", Status.MISSING, "a " + kind(c) + " cannot hold messages; choose a"
          + " text channel, a thread or a forum"));
      return new Entry(d.describe(), describe(c), checks);
    }
    if (embeds) {
      checks.add(permission(self, c, Permission.MESSAGE_EMBED_LINKS,
          "without it Discord drops the embeds of an embed summary"));
    }
    return new Entry(d.describe(), describe(c), checks);
  }

  /** Adds the {@code KNOWN} and {@code IN_GUILD} checks; the channel when both hold, else null. */
  private static GuildChannel locate(Bot bot, GuildId guild, long id, List<Check> checks) {
    GuildChannel c = bot.channel(id);
    Optional<String> notNow = bot.cannotJudge(id, c);
    if (c == null) {
      if (notNow.isPresent()) {
        checks.add(new Check(KNOWN, Status.NOT_CHECKED, notNow.get() + "; check again later"));
      } else {
        checks.add(new Check(KNOWN, Status.MISSING, "channel " + Long.toUnsignedString(id) + " is unknown to the"
            + " bot: it does not exist, was deleted, or the bot is not a member of its server (the task's server is "
            + guild + ")"));
      }
      return null;
    }
    checks.add(new Check(KNOWN, Status.OK, describe(c)));
    Optional<String> elsewhere = GuildPlacement.otherGuild(c, guild);
    if (elsewhere.isPresent()) {
      checks.add(new Check(IN_GUILD, Status.MISSING, elsewhere.get()));
      return null;
    }
    checks.add(new Check(IN_GUILD, Status.OK, "server " + guild + " (" + c.getGuild().getName() + ")"));
    return c;
  }

  private static Check permission(Member self, GuildChannel c, Permission p, String why) {
    return permission(self, c, p, uiName(p), why);
  }

  private static Check permission(Member self, GuildChannel c, Permission p, String name, String why) {
    boolean has = self.hasPermission(c, p);
    return new Check(name, has ? Status.OK : Status.MISSING, has ? "granted" : "missing: " + why
        + "; grant " + uiName(p) + " to the bot's role in the channel's settings");
  }

  private static String uiName(Permission p) {
    return p == Permission.MESSAGE_SEND_IN_THREADS ? "Send Messages in Threads" : DiscordFailures.uiName(p);
  }

  private static String describe(GuildChannel c) {
    return "#" + c.getName() + " (" + kind(c) + ") in server " + c.getGuild().getId() + " (" + c.getGuild().getName()
        + ")";
  }

  private static String kind(GuildChannel c) {
    return lower(c.getType().name()).replaceFirst("^guild_", "").replace('_', ' ') + " channel";
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}

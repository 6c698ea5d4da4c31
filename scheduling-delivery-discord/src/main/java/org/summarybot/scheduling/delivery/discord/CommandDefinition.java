package org.summarybot.scheduling.delivery.discord;

import java.util.List;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;

/**
 * The one top-level command, {@code /schedule}, with its subcommands and options, as Discord stores it. Guild
 * channels only (no DMs). Visible to members with Manage Server, or to everyone when manager roles are configured
 * (then {@link CommandGate} admits those roles too).
 */
final class CommandDefinition {
  static final String NAME = "schedule";
  /** Channel kinds a summary can be read from or posted to. */
  private static final List<ChannelType> MESSAGE_CHANNELS = List.of(ChannelType.TEXT, ChannelType.NEWS,
      ChannelType.GUILD_PUBLIC_THREAD, ChannelType.GUILD_PRIVATE_THREAD, ChannelType.GUILD_NEWS_THREAD,
      ChannelType.VOICE, ChannelType.STAGE);
  private static final List<ChannelType> DESTINATIONS = List.of(ChannelType.TEXT, ChannelType.NEWS,
      ChannelType.GUILD_PUBLIC_THREAD, ChannelType.GUILD_PRIVATE_THREAD, ChannelType.GUILD_NEWS_THREAD,
      ChannelType.FORUM, ChannelType.MEDIA);

  private CommandDefinition() {}

  static SlashCommandData build(boolean everyoneSees) {
    return Commands.slash(NAME, "Manage this server's scheduled summaries")
        .setContexts(InteractionContextType.GUILD)
        .setDefaultPermissions(everyoneSees ? DefaultMemberPermissions.ENABLED
            : DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER))
        .addSubcommands(
            new SubcommandData("create", "Schedule a summary of channels")
                .addOption(OptionType.STRING, "name", "A name for the summary", true)
                .addOptions(channel("channel", "The channel to summarise", true))
                .addOption(OptionType.STRING, "schedule", "daily 09:00, weekly MON,FRI 17:30, every 6h, a cron...",
                    true)
                .addOptions(channel("channel2", "Another channel to summarise", false),
                    channel("channel3", "A third channel to summarise", false),
                    zone(false), destination(), webhook(), format(), length(), lookback(), minMessages()),
            new SubcommandData("list", "This server's scheduled summaries"),
            new SubcommandData("show", "One summary's settings, next runs and stats").addOptions(task()),
            new SubcommandData("edit", "Change a summary (only the options given)")
                .addOptions(task())
                .addOption(OptionType.STRING, "name", "A new name", false)
                .addOption(OptionType.STRING, "schedule", "A new schedule", false)
                .addOptions(channel("channel", "Summarise this channel instead", false),
                    channel("channel2", "And this one", false), channel("channel3", "And this one", false),
                    zone(false), destination(), webhook(), format(), length(), lookback(), minMessages()),
            new SubcommandData("pause", "Stop a summary until resumed").addOptions(task()),
            new SubcommandData("resume", "Start a paused or disabled summary again").addOptions(task(),
                new OptionData(OptionType.STRING, "missed", "What to do about runs missed meanwhile")
                    .addChoice("skip them (from now)", "from-now").addChoice("catch up once", "catch-up")),
            new SubcommandData("delete", "Delete a summary").addOptions(task()),
            new SubcommandData("run-now", "Run a summary once now").addOptions(task()),
            new SubcommandData("preview", "The next runs of a schedule")
                .addOption(OptionType.STRING, "schedule", "The schedule text", true)
                .addOptions(zone(false), new OptionData(OptionType.INTEGER, "count", "How many runs (1-10)")
                    .setRequiredRange(1, 10)),
            new SubcommandData("history", "A summary's last 10 runs").addOptions(task()),
            new SubcommandData("check", "What the bot can read and post for a summary").addOptions(task()),
            new SubcommandData("timezone", "Show or set this server's default time zone").addOptions(zone(false)));
  }

  private static OptionData channel(String name, String description, boolean required) {
    return new OptionData(OptionType.CHANNEL, name, description, required).setChannelTypes(MESSAGE_CHANNELS);
  }

  private static OptionData destination() {
    return new OptionData(OptionType.CHANNEL, "destination", "Where to post (default: this channel)")
        .setChannelTypes(DESTINATIONS);
  }

  private static OptionData webhook() {
    return new OptionData(OptionType.STRING, "webhook", "Also post to this public https webhook URL");
  }

  private static OptionData zone(boolean required) {
    return new OptionData(OptionType.STRING, "zone", "An IANA time zone such as Europe/Berlin", required, true);
  }

  private static OptionData task() {
    return new OptionData(OptionType.STRING, "task", "The summary (its name or id)", true, true);
  }

  private static OptionData format() {
    return new OptionData(OptionType.STRING, "format", "How to post it").addChoice("embed", "EMBED")
        .addChoice("markdown", "MARKDOWN");
  }

  private static OptionData length() {
    return new OptionData(OptionType.STRING, "length", "How much it says").addChoice("brief", "BRIEF")
        .addChoice("detailed", "DETAILED").addChoice("comprehensive", "COMPREHENSIVE");
  }

  private static OptionData lookback() {
    return new OptionData(OptionType.STRING, "lookback", "How far the first summary looks back, such as 1d or 12h");
  }

  private static OptionData minMessages() {
    return new OptionData(OptionType.INTEGER, "min-messages", "Skip the summary below this many messages (0: always)")
        .setRequiredRange(0, 10_000);
  }
}

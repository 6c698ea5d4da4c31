package org.summarybot.scheduling.delivery.discord;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.summarybot.scheduling.delivery.discord.AccessReport.Check;
import org.summarybot.scheduling.delivery.discord.AccessReport.Entry;
import org.summarybot.scheduling.delivery.discord.AccessReport.Status;
import org.summarybot.scheduling.engine.TaskSpec;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.DurationText;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.Problem;
import org.summarybot.scheduling.model.SummaryLength;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.schedule.Schedule;
import org.summarybot.scheduling.schedule.Schedules;

/**
 * Turns the options of {@code create} and {@code edit} into a {@link TaskSpec}, holding Discord's rules: every
 * source channel in this guild and viewable by the invoking member, the bot able to read them and post to each
 * Discord destination (judged by {@link AccessCheck}), destinations only this guild's channels and public
 * {@code https} webhooks without a secret (judged by the operator's webhook check; a Discord webhook must belong
 * to this guild), and the schedule no more frequent than the configured minimum. Problems are collected and
 * reported together, each naming the option.
 */
final class TaskDraft {
  /** How many fires of a schedule are looked at to find its shortest interval. */
  private static final int INTERVAL_SAMPLE = 100;

  private final CommandSettings settings;
  private final SlashCommandInteractionEvent event;
  private final Guild guild;
  private final Member member;
  private final List<Problem> problems = new ArrayList<>();

  TaskDraft(CommandSettings settings, SlashCommandInteractionEvent event) {
    this.settings = settings;
    this.event = event;
    this.guild = event.getGuild();
    this.member = event.getMember();
  }

  /** Whether the options name a webhook, whose check resolves names or asks Discord (so the reply is deferred). */
  static boolean callsOut(SlashCommandInteractionEvent event) {
    return event.getOption("webhook") != null;
  }

  /**
   * {@code base} with the options given applied; for {@code create} the base holds the guild's defaults. Throws
   * a {@link ValidationException} listing every problem.
   */
  TaskSpec apply(TaskSpec base, boolean creating, Instant now) {
    TaskSpec.Builder b = base.toBuilder();
    string("name").ifPresent(n -> b.name(n.strip()));
    Optional<ZoneId> zone = string("zone").flatMap(this::zone);
    zone.ifPresent(b::zone);
    List<ChannelId> sources = sources();
    if (!sources.isEmpty()) {
      b.channels(sources);
    }
    DeliveryFormat format = string("format").map(DeliveryFormat::valueOf).orElse(null);
    b.destinations(destinations(base, creating, format));
    b.options(options(base.options()));
    Optional<String> schedule = string("schedule").map(String::strip);
    schedule.ifPresent(b::schedule);
    TaskSpec spec = b.build();
    if (creating || schedule.isPresent() || zone.isPresent()) {
      spec.schedule().ifPresent(s -> checkInterval(s, spec.zone(), now));
    }
    checkAccess(spec);
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
    return spec;
  }

  private Optional<String> string(String name) {
    return Optional.ofNullable(event.getOption(name)).map(OptionMapping::getAsString);
  }

  private Optional<ZoneId> zone(String text) {
    try {
      return Optional.of(Schedules.parseZone(text));
    } catch (ValidationException e) {
      add("zone: '" + Replies.cutTo(text.strip(), 64) + "' is not a known time zone (such as Europe/Berlin;"
          + " pick one from the list)");
      return Optional.empty();
    }
  }

  private List<ChannelId> sources() {
    List<ChannelId> out = new ArrayList<>();
    for (String option : List.of("channel", "channel2", "channel3")) {
      OptionMapping m = event.getOption(option);
      if (m == null) {
        continue;
      }
      long id = m.getAsLong();
      GuildChannel c = guild.getGuildChannelById(id);
      if (c == null) {
        add(option + ": channel " + Long.toUnsignedString(id) + " is not a channel of this server");
        continue;
      }
      if (!member.hasPermission(c, Permission.VIEW_CHANNEL)) {
        add(option + ": you cannot view #" + c.getName() + ", so you cannot schedule summaries of it");
        continue;
      }
      if (!out.contains(ChannelId.of(id))) {
        out.add(ChannelId.of(id));
      }
    }
    return out;
  }

  private List<Destination> destinations(TaskSpec base, boolean creating, DeliveryFormat format) {
    OptionMapping channel = event.getOption("destination");
    Optional<String> webhook = string("webhook");
    List<Destination> out = new ArrayList<>();
    if (channel == null && webhook.isEmpty()) {
      if (!creating) {
        for (Destination d : base.destinations()) {
          out.add(format != null && d.type() == DestinationType.DISCORD_CHANNEL
              ? new Destination(d.type(), d.target(), format, d.enabled(), d.secretRef(), d.disabledReason()) : d);
        }
        return out;
      }
      out.add(Destination.discord(ChannelId.of(event.getChannelIdLong()), format == null ? DeliveryFormat.EMBED
          : format));
      return out;
    }
    if (channel != null) {
      long id = channel.getAsLong();
      if (guild.getGuildChannelById(id) == null) {
        add("destination: channel " + Long.toUnsignedString(id) + " is not a channel of this server");
      } else {
        out.add(Destination.discord(ChannelId.of(id), format == null ? DeliveryFormat.EMBED : format));
      }
    }
    webhook.ifPresent(url -> webhook(url.strip()).ifPresent(out::add));
    return out;
  }

  private Optional<Destination> webhook(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      add("webhook: '" + Replies.cutTo(url, 80) + "' is not a URL");
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https")) {
      add("webhook: only https:// webhook URLs can be set from Discord (file:, console: and others are"
          + " for the operator's command line)");
      return Optional.empty();
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null) {
      add("webhook: the URL needs a host and no user:password part");
      return Optional.empty();
    }
    Optional<String> refused = settings.webhookCheck().apply(uri);
    if (refused.isPresent()) {
      add("webhook: " + refused.get());
      return Optional.empty();
    }
    Optional<String> otherGuild = settings.discordWebhooks().problem(uri, GuildId.of(guild.getIdLong()));
    if (otherGuild.isPresent()) {
      add("webhook: " + otherGuild.get());
      return Optional.empty();
    }
    return Optional.of(Destination.webhook(uri.toString(), Optional.empty()));
  }

  private SummaryOptions options(SummaryOptions base) {
    SummaryOptions o = base;
    Optional<String> length = string("length");
    if (length.isPresent()) {
      o = o.withLength(SummaryLength.valueOf(length.get()));
    }
    OptionMapping min = event.getOption("min-messages");
    if (min != null) {
      o = o.withMinMessages(min.getAsInt());
    }
    Optional<String> lookback = string("lookback");
    if (lookback.isPresent()) {
      try {
        Duration d = DurationText.parse(lookback.get(), "lookback");
        o = d.compareTo(o.maxLookback()) > 0 ? o.withMaxLookback(d).withLookback(d) : o.withLookback(d);
      } catch (ValidationException e) {
        add("lookback: '" + Replies.cutTo(lookback.get(), 40) + "' is not a duration (such as 12h or 1d)");
      }
    }
    return o;
  }

  private void checkInterval(String text, ZoneId zone, Instant now) {
    Schedule s;
    try {
      s = Schedules.parse(text);
    } catch (ValidationException e) {
      add("schedule: " + e.problems().get(0).message());
      return;
    }
    List<Instant> fires = Schedules.preview(s, zone, now, INTERVAL_SAMPLE);
    if (fires.isEmpty()) {
      add("schedule: '" + Replies.cutTo(text, 80) + "' never fires after now");
      return;
    }
    Duration min = settings.minInterval();
    Instant previous = now;
    for (int i = 0; i < fires.size(); i++) {
      Instant f = fires.get(i);
      // the first gap runs from now, which says nothing about the schedule (an "every" schedule is anchored there)
      if (i > 0 && Duration.between(previous, f).compareTo(min) < 0) {
        add("schedule: '" + Replies.cutTo(text, 80) + "' fires every " + DurationText.format(
            Duration.between(previous, f)) + " at times; from Discord a summary runs at most every "
            + DurationText.format(min));
        return;
      }
      previous = f;
    }
  }

  private void checkAccess(TaskSpec spec) {
    if (!problems.isEmpty()) {
      return;
    }
    for (ChannelId id : spec.channelIds()) { // an edit keeps channels not given again: the member must view them too
      GuildChannel c = guild.getGuildChannelById(id.value());
      if (c != null && !member.hasPermission(c, Permission.VIEW_CHANNEL)) {
        add("channel: you cannot view #" + c.getName() + ", which this summary reads, so you cannot change it");
      }
    }
    AccessReport report = AccessCheck.of(settings.bot(), GuildId.of(guild.getIdLong()), spec.channelIds(),
        spec.destinations());
    for (Entry e : report.sources()) {
      missing(e, "channel");
    }
    for (Entry e : report.destinations()) {
      missing(e, "destination");
    }
  }

  /** Adds a problem written as {@code "option: what is wrong"}. */
  private void add(String text) {
    int colon = text.indexOf(": ");
    problems.add(new Problem(text.substring(0, colon), text.substring(colon + 2)));
  }

  private void missing(Entry e, String option) {
    for (Check c : e.checks()) {
      if (c.status() == Status.MISSING) {
        add(option + ": the bot cannot use " + e.description() + ": " + c.name() + " " + c.detail());
      }
    }
  }
}

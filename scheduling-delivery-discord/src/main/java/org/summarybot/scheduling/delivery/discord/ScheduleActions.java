package org.summarybot.scheduling.delivery.discord;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.summarybot.scheduling.delivery.discord.AccessReport.Check;
import org.summarybot.scheduling.delivery.discord.AccessReport.Entry;
import org.summarybot.scheduling.engine.ResumeMode;
import org.summarybot.scheduling.engine.TaskOperations;
import org.summarybot.scheduling.engine.TaskReport;
import org.summarybot.scheduling.engine.TaskSpec;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.schedule.Schedule;
import org.summarybot.scheduling.schedule.Schedules;

/**
 * The work of each {@code /schedule} subcommand, through the engine's operations confined to the invoking guild
 * ({@code forGuild}): another guild's task does not exist here, so its id is "not found". Returns the reply's
 * text; problems a person can fix come back as text too, naming the option.
 */
final class ScheduleActions {
  private final CommandSettings settings;
  private final TaskNames names;

  ScheduleActions(CommandSettings settings, TaskNames names) {
    this.settings = settings;
    this.names = names;
  }

  String run(SlashCommandInteractionEvent event) {
    GuildId guild = GuildId.of(event.getGuild().getIdLong());
    TaskOperations ops = settings.operations().apply(guild);
    String sub = event.getSubcommandName() == null ? "" : event.getSubcommandName();
    try {
      String reply = switch (sub) {
        case "create" -> create(event, guild, ops);
        case "list" -> list(ops);
        case "show" -> Replies.show(ops.status(task(event, ops).id()));
        case "edit" -> edit(event, ops);
        case "pause" -> "Paused " + Replies.task(ops.pause(task(event, ops).id())) + ". `/schedule resume` starts it again.";
        case "resume" -> resume(event, ops);
        case "delete" -> delete(event, ops);
        case "run-now" -> runNow(event, ops);
        case "preview" -> preview(event, guild);
        case "history" -> {
          ScheduledTask t = task(event, ops);
          yield Replies.history(t, ops.history(t.id(), 10));
        }
        case "check" -> check(event, guild, ops);
        case "timezone" -> timezone(event, guild);
        default -> "Unknown subcommand `" + Replies.plain(sub) + "`.";
      };
      return Replies.cut(reply);
    } finally {
      if (!sub.equals("preview") && !sub.equals("timezone")) {
        names.refresh(guild, ops);
      }
    }
  }

  private String create(SlashCommandInteractionEvent event, GuildId guild, TaskOperations ops) {
    int count = ops.list(TaskQuery.all()).size();
    if (count >= settings.maxTasksPerGuild()) {
      return "This server has " + count + " scheduled summaries, the most allowed (" + settings.maxTasksPerGuild()
          + "); delete one first.";
    }
    TaskSpec base = TaskSpec.builder().guild(guild).zone(defaultZone(guild))
        .createdBy(event.getUser().getId()).build();
    Instant now = settings.clock().now();
    TaskSpec spec = new TaskDraft(settings, event).apply(base, true, now);
    ScheduledTask created = ops.schedule(spec);
    return Replies.created(ops.status(created.id()));
  }

  private String edit(SlashCommandInteractionEvent event, TaskOperations ops) {
    ScheduledTask t = task(event, ops);
    TaskSpec spec = new TaskDraft(settings, event).apply(TaskSpec.of(t), false, settings.clock().now());
    ScheduledTask updated = ops.update(t.id(), t.version(), spec);
    TaskReport r = ops.status(updated.id());
    return "Changed " + Replies.task(updated) + ": " + Replies.plain(r.scheduleDescription()) + ", zone "
        + updated.zone().getId() + ".\nNext runs:" + Replies.runs(r.nextRuns());
  }

  private String list(TaskOperations ops) {
    List<ScheduledTask> tasks = ops.list(TaskQuery.all());
    if (tasks.isEmpty()) {
      return "No scheduled summaries in this server yet; `/schedule create` makes one.";
    }
    StringBuilder b = new StringBuilder("Scheduled summaries (" + tasks.size() + "):");
    for (ScheduledTask t : tasks) {
      b.append("\n- ").append(Replies.task(t)).append(" · ").append(t.status().name().toLowerCase(Locale.ROOT))
          .append(" · `").append(t.schedule().replace("`", "'")).append("` ").append(t.zone().getId());
      if (t.isActive()) {
        t.nextRun().ifPresent(n -> b.append(" · next <t:").append(n.getEpochSecond()).append(":R>"));
      }
    }
    return b.toString();
  }

  private String resume(SlashCommandInteractionEvent event, TaskOperations ops) {
    ScheduledTask t = task(event, ops);
    ResumeMode mode = Optional.ofNullable(event.getOption("missed")).map(OptionMapping::getAsString)
        .filter("catch-up"::equals).map(m -> ResumeMode.CATCH_UP).orElse(ResumeMode.FROM_NOW);
    ScheduledTask r = ops.resume(t.id(), mode);
    return "Resumed " + Replies.task(r) + (mode == ResumeMode.CATCH_UP ? ", catching up once." : ".")
        + r.nextRun().map(n -> " Next run " + Replies.when(n) + ".").orElse("");
  }

  private String delete(SlashCommandInteractionEvent event, TaskOperations ops) {
    ScheduledTask t = task(event, ops);
    return ops.cancel(t.id()) ? "Deleted " + Replies.task(t) + "." : "No summary " + Replies.task(t) + " here.";
  }

  private String runNow(SlashCommandInteractionEvent event, TaskOperations ops) {
    ScheduledTask t = ops.runNow(task(event, ops).id());
    return "Asked " + Replies.task(t) + " to run now; the summary follows in a moment."
        + " `/schedule history` shows how it went.";
  }

  private String preview(SlashCommandInteractionEvent event, GuildId guild) {
    String text = event.getOption("schedule").getAsString();
    ZoneId zone = Optional.ofNullable(event.getOption("zone")).map(o -> Schedules.parseZone(o.getAsString()))
        .orElseGet(() -> defaultZone(guild));
    int count = Optional.ofNullable(event.getOption("count")).map(OptionMapping::getAsInt).orElse(3);
    Schedule s = Schedules.parse(text);
    List<Instant> fires = Schedules.preview(s, zone, settings.clock().now(), count);
    return "`" + s.toText().replace("`", "'") + "` in " + zone.getId() + ": " + Replies.plain(s.describe(zone))
        + ".\nNext runs:" + Replies.runs(fires);
  }

  private String check(SlashCommandInteractionEvent event, GuildId guild, TaskOperations ops) {
    ScheduledTask t = task(event, ops);
    AccessReport report = AccessCheck.of(settings.bot(), guild, t.channelIds(), t.destinations());
    StringBuilder b = new StringBuilder(report.ok() ? "✅ " : "❌ ").append(Replies.task(t))
        .append(report.ok() ? ": the bot can read and post everything it needs." : ": something is missing.");
    for (Entry e : report.sources()) {
      entry(b, "reads", e);
    }
    for (Entry e : report.destinations()) {
      entry(b, "posts to", e);
    }
    return b.toString();
  }

  private static void entry(StringBuilder b, String role, Entry e) {
    b.append("\n**").append(role).append("** ").append(Replies.plain(e.description()));
    for (Check c : e.checks()) {
      String mark = switch (c.status()) {
        case OK -> "✅";
        case MISSING -> "❌";
        case NOT_CHECKED -> "➖";
      };
      b.append("\n  ").append(mark).append(' ').append(c.name());
      if (c.status() != AccessReport.Status.OK) {
        b.append(": ").append(Replies.plain(c.detail()));
      }
    }
  }

  private String timezone(SlashCommandInteractionEvent event, GuildId guild) {
    OptionMapping given = event.getOption("zone");
    if (given == null) {
      return "This server's default time zone is **" + defaultZone(guild).getId() + "**. New summaries use it"
          + " unless they name a zone; `/schedule timezone zone:` changes it.";
    }
    ZoneId zone = Schedules.parseZone(given.getAsString());
    settings.store().saveGuildSettings(new GuildSettings(guild, zone));
    return "This server's default time zone is now **" + zone.getId() + "**. Existing summaries keep their zones.";
  }

  private ZoneId defaultZone(GuildId guild) {
    return settings.store().guildSettings(guild).map(GuildSettings::zone).orElse(ScheduledTask.DEFAULT_ZONE);
  }

  /** The task named by the {@code task} option: an id, or else a name of one of this guild's tasks. */
  private ScheduledTask task(SlashCommandInteractionEvent event, TaskOperations ops) {
    String given = event.getOption("task").getAsString().strip();
    try {
      Optional<ScheduledTask> byId = ops.get(TaskId.of(given));
      if (byId.isPresent()) {
        return byId.get();
      }
    } catch (ValidationException notAnId) {
      // look it up by name
    }
    List<ScheduledTask> byName = ops.list(TaskQuery.all()).stream().filter(t -> t.name().equalsIgnoreCase(given))
        .toList();
    if (byName.size() == 1) {
      return byName.get(0);
    }
    if (byName.size() > 1) {
      throw new ValidationException("task", byName.size() + " summaries are named '" + Replies.cutTo(given, 80)
          + "'; pick one from the list (it gives the id)");
    }
    throw new NotHere(given);
  }

  /** No task of this guild has the id or name given: "not found", whether or not another guild has it. */
  static final class NotHere extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotHere(String given) {
      super("No summary `" + Replies.cutTo(given, 80).replace("`", "'") + "` in this server.", null, false, false);
    }
  }
}

package org.summarybot.scheduling.delivery.discord;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.VersionConflictException;
import org.summarybot.scheduling.engine.TaskOperations;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.SetOnce;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.TaskStore;

/**
 * The Discord control surface: one slash command, {@code /schedule}, with subcommands to create, list, show,
 * edit, pause, resume, delete, run now, preview, look at history, check access and set the guild's zone, on top
 * of the engine's guild-scoped operations. Replies are ephemeral; times are Discord timestamps. Every invocation
 * is checked here (Manage Server or a configured role), acts on the invoking guild's tasks only, and is answered
 * by exactly one node: the node that claims the interaction id in the shared store.
 *
 * <p>Build it with {@link #builder(DiscordAdapter)}, then {@link #start()}: it registers the command (globally,
 * or in the configured guilds) and listens. {@link #close()} stops listening; the command stays registered.
 */
public final class ScheduleCommands implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ScheduleCommands.class.getName());
  /** How long an interaction claim is kept: an interaction's token is valid for 15 minutes. */
  static final Duration CLAIM_KEEP = Duration.ofMinutes(15);
  /** The default of {@link Builder#maxTasksPerGuild}. */
  public static final int DEFAULT_MAX_TASKS_PER_GUILD = 25;
  /** The default of {@link Builder#minInterval}. */
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofHours(1);

  private final CommandSettings settings;
  private final ExecutorService work;
  private final TaskNames names;
  private final ScheduleActions actions;
  private final Listener listener = new Listener();

  private ScheduleCommands(CommandSettings settings) {
    this.settings = settings;
    this.work = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "schedule-commands");
      t.setDaemon(true);
      return t;
    });
    this.names = new TaskNames(settings.operations(), work);
    this.actions = new ScheduleActions(settings, names);
  }

  /** A builder over a connected adapter. */
  public static Builder builder(DiscordAdapter discord) {
    return new Builder(requireNonNull(discord, "discord"));
  }

  /** The command as it is registered (for tests and for showing it). */
  SlashCommandData definition() {
    return CommandDefinition.build(settings.gate().everyoneSees());
  }

  /**
   * Registers {@code /schedule} (the whole command set, replacing what was there, so every node and every
   * restart may do it harmlessly: Discord keeps an unchanged command as it is) and starts answering it.
   *
   * @throws SchedulingException when Discord refuses the registration, naming the cause
   */
  public void start() {
    SlashCommandData command = definition();
    try {
      if (settings.commandGuilds().isEmpty()) {
        settings.bot().call(settings.bot().anyShard().updateCommands().addCommands(command), settings.requestTimeout());
        LOG.log(Level.INFO, "registered /schedule globally");
      } else {
        for (GuildId id : settings.commandGuilds()) {
          Guild g = guild(id.value());
          if (g == null) {
            LOG.log(Level.WARNING, "discord.command-guilds: the bot is not in server {0}; /schedule is not"
                + " registered there", id);
            continue;
          }
          settings.bot().call(g.updateCommands().addCommands(command), settings.requestTimeout());
          LOG.log(Level.INFO, "registered /schedule in server {0}", id);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchedulingException("interrupted while registering /schedule");
    } catch (Exception e) {
      throw new SchedulingException("cannot register /schedule with Discord: " + DiscordFailures.unwrap(e), e);
    }
    settings.bot().shards().forEach(j -> j.addEventListener(listener));
  }

  private Guild guild(long id) {
    for (JDA shard : settings.bot().shards()) {
      Guild g = shard.getGuildById(id);
      if (g != null) {
        return g;
      }
    }
    return null;
  }

  /** Stops answering; commands in progress finish (waiting at most 10 seconds). */
  @Override
  public void close() {
    settings.bot().shards().forEach(j -> j.removeEventListener(listener));
    work.shutdown();
    try {
      work.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Listener implements EventListener {
    @Override
    public void onEvent(GenericEvent event) {
      if (event instanceof SlashCommandInteractionEvent e && e.getName().equals(CommandDefinition.NAME)) {
        work.execute(() -> answer(e));
      } else if (event instanceof CommandAutoCompleteInteractionEvent e && e.getName().equals(CommandDefinition.NAME)) {
        complete(e);
      }
    }
  }

  /** Autocomplete answers at once, from cached data: it cannot be deferred. */
  private void complete(CommandAutoCompleteInteractionEvent e) {
    if (e.getGuild() == null || e.getMember() == null || settings.gate().refusal(e.getMember()).isPresent()) {
      e.replyChoices(List.of()).queue(null, f -> LOG.log(Level.DEBUG, "autocomplete answer failed: {0}", f.toString()));
      return;
    }
    String typed = e.getFocusedOption().getValue();
    GuildId guild = GuildId.of(e.getGuild().getIdLong());
    if (e.getFocusedOption().getName().equals("task") && !names.known(guild)) {
      // The guild's first ask: its names are read now, and the answer follows within the 3 seconds unless the
      // store is slower than that (then the next ask answers from them).
      names.load(guild, () -> replyChoices(e, names.tasks(guild, typed)));
      return;
    }
    replyChoices(e, switch (e.getFocusedOption().getName()) {
      case "zone" -> TaskNames.zones(typed);
      case "task" -> names.tasks(guild, typed);
      default -> List.of();
    });
  }

  private static void replyChoices(CommandAutoCompleteInteractionEvent e, List<Command.Choice> choices) {
    e.replyChoices(choices).queue(null, f -> LOG.log(Level.DEBUG, "autocomplete answer failed: {0}", f.toString()));
  }

  private void answer(SlashCommandInteractionEvent e) {
    try {
      if (!settings.store().claimInteraction(e.getId(), settings.nodeId(), settings.clock().now(), CLAIM_KEEP)) {
        return; // another node answers it
      }
    } catch (RuntimeException failed) {
      LOG.log(Level.WARNING, "cannot claim interaction {0} in the store: {1}", e.getId(), failed.toString());
      reply(e, false, "The task store does not answer right now; try again in a minute.");
      return;
    }
    if (e.getGuild() == null || e.getMember() == null) {
      reply(e, false, "`/schedule` works in servers only.");
      return;
    }
    Optional<String> refusal = settings.gate().refusal(e.getMember());
    if (refusal.isPresent()) {
      reply(e, false, refusal.get());
      return;
    }
    boolean defer = settings.remoteStore() || TaskDraft.callsOut(e);
    if (defer) {
      try {
        settings.bot().call(e.deferReply(true), settings.requestTimeout());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception failed) {
        LOG.log(Level.WARNING, "cannot defer interaction {0}: {1}", e.getId(), DiscordFailures.unwrap(failed).toString());
        return;
      }
    }
    reply(e, defer, outcome(e));
  }

  private String outcome(SlashCommandInteractionEvent e) {
    try {
      return actions.run(e);
    } catch (ScheduleActions.NotHere notHere) {
      return notHere.getMessage();
    } catch (TaskNotFoundException notFound) {
      return "No such summary in this server.";
    } catch (ValidationException invalid) {
      StringBuilder b = new StringBuilder("Not done:");
      invalid.problems().forEach(p -> b.append("\n- **").append(p.field()).append("**: ").append(p.message()));
      return Replies.cut(b.toString());
    } catch (VersionConflictException conflict) {
      return "Someone changed this summary at the same moment; look at it again (`/schedule show`) and retry.";
    } catch (SchedulingException refused) {
      return Replies.cut("Not done: " + refused.getMessage());
    } catch (RuntimeException bug) {
      LOG.log(Level.ERROR, "/schedule " + e.getSubcommandName() + " failed", bug);
      return "Something went wrong (" + bug.getClass().getSimpleName() + "); the operator's log has the details.";
    }
  }

  private void reply(SlashCommandInteractionEvent e, boolean deferred, String text) {
    try {
      if (deferred) {
        settings.bot().call(e.getHook().editOriginal(text).setAllowedMentions(List.of()), settings.requestTimeout());
      } else {
        settings.bot().call(e.reply(text).setEphemeral(true).setAllowedMentions(List.of()), settings.requestTimeout());
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } catch (Exception failed) {
      LOG.log(Level.WARNING, "cannot answer interaction {0}: {1}", e.getId(), DiscordFailures.unwrap(failed).toString());
    }
  }

  /** Settings of {@link ScheduleCommands}; each may be given once (one given twice fails at {@link #build()}). */
  public static final class Builder {
    private final SetOnce given = new SetOnce();
    private final DiscordAdapter discord;
    private Function<GuildId, TaskOperations> operations;
    private TaskStore store;
    private Clock clock;
    private String nodeId;
    private Set<Long> managerRoles;
    private Integer maxTasksPerGuild;
    private Duration minInterval;
    private Function<URI, Optional<String>> webhookCheck;
    private Boolean remoteStore;
    private List<GuildId> commandGuilds;

    private Builder(DiscordAdapter discord) {
      this.discord = discord;
    }

    /** The engine's operations seen from one guild: {@code scheduler::forGuild}. Required. */
    public Builder operations(Function<GuildId, TaskOperations> v) {
      operations = given.set("operations", requireNonNull(v, "operations"));
      return this;
    }

    /** The store shared by every node: guild settings and interaction claims live there. Required. */
    public Builder store(TaskStore v) {
      store = given.set("store", requireNonNull(v, "store"));
      return this;
    }

    /** The clock of interaction claims and of "next runs" (default the system clock). */
    public Builder clock(Clock v) {
      clock = given.set("clock", requireNonNull(v, "clock"));
      return this;
    }

    /** This node's id, recorded with its interaction claims. Required. */
    public Builder nodeId(String v) {
      nodeId = given.set("nodeId", requireNonNull(v, "nodeId"));
      return this;
    }

    /**
     * Roles (ids) whose members may manage schedules besides those with Manage Server. When set, the command is
     * registered visible to everyone and this check decides.
     */
    public Builder managerRoles(Set<Long> v) {
      managerRoles = given.set("managerRoles", Set.copyOf(v));
      return this;
    }

    /** The most tasks a guild may have for {@code create} to add one (default 25). */
    public Builder maxTasksPerGuild(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("maxTasksPerGuild must be at least 1, not " + v);
      }
      maxTasksPerGuild = given.set("maxTasksPerGuild", v);
      return this;
    }

    /** The shortest interval between two runs of a schedule set from Discord (default 1 h). */
    public Builder minInterval(Duration v) {
      requireNonNull(v, "minInterval");
      if (v.isNegative()) {
        throw new IllegalArgumentException("minInterval must not be negative, not " + v);
      }
      minInterval = given.set("minInterval", v);
      return this;
    }

    /**
     * Judges a webhook URL given from Discord: why it is refused (the operator's SSRF guard: an address inside
     * the operator's network), or empty. Without it, webhooks cannot be given from Discord.
     */
    public Builder webhookCheck(Function<URI, Optional<String>> v) {
      webhookCheck = given.set("webhookCheck", requireNonNull(v, "webhookCheck"));
      return this;
    }

    /** Whether the store is remote (a database): then every command defers its reply before touching it. */
    public Builder remoteStore(boolean v) {
      remoteStore = given.set("remoteStore", v);
      return this;
    }

    /** Register the command in these guilds (instantly visible) instead of globally. */
    public Builder commandGuilds(List<GuildId> v) {
      commandGuilds = given.set("commandGuilds", List.copyOf(new LinkedHashSet<>(v)));
      return this;
    }

    public ScheduleCommands build() {
      given.throwIfAny();
      List<String> missing = new ArrayList<>();
      if (operations == null) {
        missing.add("operations");
      }
      if (store == null) {
        missing.add("store");
      }
      if (nodeId == null) {
        missing.add("nodeId");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("ScheduleCommands needs " + String.join(", ", missing));
      }
      Bot bot = discord.bot();
      Duration timeout = discord.requestTimeout();
      return new ScheduleCommands(new CommandSettings(bot, operations, store, clock == null ? Clock.system() : clock,
          nodeId, new CommandGate(managerRoles == null ? Set.of() : managerRoles),
          maxTasksPerGuild == null ? DEFAULT_MAX_TASKS_PER_GUILD : maxTasksPerGuild,
          minInterval == null ? DEFAULT_MIN_INTERVAL : minInterval,
          webhookCheck == null ? url -> Optional.of("webhooks cannot be set from Discord on this bot; ask its operator")
              : webhookCheck,
          new DiscordWebhookGuild(bot, timeout), remoteStore != null && remoteStore,
          commandGuilds == null ? List.of() : commandGuilds, timeout));
    }

  }
}

package org.summarybot.scheduling.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.summarybot.scheduling.delivery.discord.DiscordAdapter;
import org.summarybot.scheduling.delivery.discord.DiscordLoginException;
import org.summarybot.scheduling.delivery.discord.ExportMessageSource;
import org.summarybot.scheduling.delivery.discord.ScheduleCommands;
import org.summarybot.scheduling.delivery.webhook.WebhookDelivery;
import org.summarybot.scheduling.engine.SchedulerListener;
import org.summarybot.scheduling.engine.TaskScheduler;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.DurationText;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.persistence.file.FileTaskStore;
import org.summarybot.scheduling.persistence.jdbi.JdbiTaskStore;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.MessageSource;
import org.summarybot.scheduling.port.Notification;
import org.summarybot.scheduling.port.Notifier;
import org.summarybot.scheduling.port.TaskStore;
import org.summarybot.scheduling.schedule.ScheduleTriggerFactory;

/**
 * The explicit wiring of the app: which store, message source, summarizer and delivery channels a command
 * uses, built from the {@link Config}. No classpath scanning: every part is named here.
 */
final class Wiring implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

  final Config config;
  final TaskStore store;
  final TaskScheduler scheduler;
  /** The summarizers executions go to (the model's only in commands that run executions). */
  final Summarizers summarizers;
  private final Optional<DiscordAdapter> discord;
  private volatile ScheduleCommands commands;

  private Wiring(Config config, TaskStore store, TaskScheduler scheduler, Summarizers summarizers,
      Optional<DiscordAdapter> discord) {
    this.config = config;
    this.store = store;
    this.scheduler = scheduler;
    this.summarizers = summarizers;
    this.discord = discord;
  }

  /** Options a command may override on top of the config. */
  record Overrides(Optional<String> nodeId, Optional<MessageSource> source, Optional<Duration> pollInterval,
      Optional<Duration> lease, Optional<Integer> concurrency, List<SchedulerListener> listeners,
      UnaryOperator<TaskStore> storeView, boolean executes) {
    Overrides(Optional<String> nodeId, Optional<MessageSource> source, Optional<Duration> pollInterval,
        Optional<Duration> lease, Optional<Integer> concurrency, List<SchedulerListener> listeners) {
      this(nodeId, source, pollInterval, lease, concurrency, listeners, UnaryOperator.identity(), false);
    }

    static Overrides none() {
      return new Overrides(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          List.of());
    }
  }

  static Wiring open(Config config, PrintWriter out) {
    return open(config, out, Overrides.none());
  }

  /**
   * Wires a command. {@code o.executes()} says the command runs executions ({@code run}, {@code tasks run-now}):
   * only then does it log in to Discord, when {@code messages.source} is {@code discord} or the token variable is
   * set (for {@code discord:} destinations).
   */
  static Wiring open(Config config, PrintWriter out, Overrides o) {
    TaskStore store = openStore(config);
    Optional<DiscordAdapter> discord = Optional.empty();
    try {
      boolean wantDiscord = o.executes() && o.source().isEmpty() && (config.messagesSource().equals("discord")
          || Optional.ofNullable(System.getenv(config.discordTokenEnv())).filter(t -> !t.isBlank()).isPresent());
      discord = wantDiscord ? Optional.of(connect(config)) : Optional.empty();
      MessageSource source = o.source().orElseGet(() -> config.messagesSource().equals("discord") && o.executes()
          ? null : ExportMessageSource.of(config.exportDir()));
      if (source == null) {
        source = discord.orElseThrow().messageSource();
      }
      Notifier notifier = discord.<Notifier>map(d -> n -> {
        new LogNotifier().notify(n);
        d.notifier().notify(n);
      }).orElseGet(LogNotifier::new);
      DeliveryChannel discordDelivery = discord.map(DiscordAdapter::deliveryChannel)
          .orElseGet(() -> new UnavailableDiscordDelivery(config.discordTokenEnv()));
      Summarizers summarizers = o.executes()
          ? Summarizers.forExecutions(config, store, org.summarybot.scheduling.port.Clock.system()) : Summarizers.builtinOnly();
      TaskScheduler.Builder b = TaskScheduler.builder()
          .store(o.storeView().apply(store))
          .triggerFactory(new ScheduleTriggerFactory())
          .messageSource(ExcludedAuthors.of(source, config.excludeUsers()))
          .summarizer(summarizers)
          .notifier(notifier)
          .concurrency(o.concurrency().orElse(config.concurrency()))
          .pollInterval(o.pollInterval().orElse(config.pollInterval()))
          .lease(o.lease().orElse(config.lease()))
          .deliveryChannel(DestinationType.FILE, new FileDelivery())
          .deliveryChannel(DestinationType.CONSOLE, new ConsoleDelivery(out))
          .deliveryChannel(DestinationType.WEBHOOK, webhooks(config))
          .deliveryChannel(DestinationType.DISCORD_CHANNEL, discordDelivery);
      Optional<String> node = o.nodeId().or(config::nodeId);
      node.ifPresent(b::nodeId);
      o.listeners().forEach(b::listener);
      return new Wiring(config, store, b.build(), summarizers, discord);
    } catch (RuntimeException e) {
      discord.ifPresent(DiscordAdapter::close);
      store.close();
      throw e;
    }
  }

  /** Whether the bot token's variable ({@code discord.token-env}) is set, so commands can connect to Discord. */
  static boolean discordTokenSet(Config config) {
    String token = System.getenv(config.discordTokenEnv());
    return token != null && !token.isBlank();
  }

  /**
   * Logs in to Discord with the token in {@code discord.token-env}, through {@code discord.rest-base-url} and
   * {@code discord.gateway-url} when set, and waits until the gateway is ready.
   */
  static DiscordAdapter connect(Config config) {
    if (!discordTokenSet(config)) {
      throw new UsageException(config.at("discord.token-env") + ": environment variable " + config.discordTokenEnv()
          + " is not set; put the bot token there (messages.source is discord)");
    }
    DiscordAdapter.Builder b = DiscordAdapter.builder().tokenVariable(config.discordTokenEnv());
    try {
      config.discordRestBaseUrl().ifPresent(b::restBaseUrl);
    } catch (IllegalArgumentException e) {
      throw new UsageException(config.at("discord.rest-base-url") + ": " + e.getMessage());
    }
    try {
      config.discordGatewayUrl().ifPresent(b::gatewayUrl);
    } catch (IllegalArgumentException e) {
      throw new UsageException(config.at("discord.gateway-url") + ": " + e.getMessage());
    }
    config.discordShards().ifPresent(b::shards);
    try {
      config.discordAdminChannel().map(ChannelId::parse).ifPresent(b::adminChannel);
      DiscordAdapter d = b.build();
      LOG.info("connected to Discord (token from ${}, {})", config.discordTokenEnv(), d.connectionState());
      return d;
    } catch (DiscordLoginException e) {
      throw new Failure(config.at("discord.token-env") + ": cannot connect to Discord: " + e.getMessage(), e);
    }
  }

  static TaskStore openStore(Config config) {
    try {
      if (config.sqlStore()) {
        String password = System.getenv(config.storePasswordEnv());
        JdbiTaskStore.Builder b = JdbiTaskStore.builder().url(config.store())
            // Several nodes share a PostgreSQL: due times and lease expiry are judged by its clock, not ours.
            .timeSource(config.store().startsWith("jdbc:postgresql:")
                ? JdbiTaskStore.TimeSource.DATABASE : JdbiTaskStore.TimeSource.CALLER);
        if (password != null && !password.isEmpty()) {
          b.password(password);
        }
        return b.build();
      }
      Path dir = config.storeDirectory();
      if (config.source().isPresent() && !Files.exists(dir.resolve("store.json"))) {
        // A config whose store path leads somewhere new (a typo, a relative path) must not pass unnoticed.
        LOG.info("creating a new task store in {}: there is none there yet (the store of {})", dir.toAbsolutePath(),
            config.source().get());
      }
      return FileTaskStore.open(dir);
    } catch (SchedulingException e) {
      throw new Failure(config.at("store") + ": cannot open " + config.shownStore() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Webhook delivery as the config sets it up. A task's signing secret is read only from variables matching
   * {@code webhook.secret-envs}; a destination naming another fails permanently, saying so, without reading it.
   */
  static DeliveryChannel webhooks(Config config) {
    SecretEnvs secrets = SecretEnvs.of(config);
    try {
      return secrets.guard(WebhookDelivery.builder()
          .allowList(config.webhookAllow())
          .allowHttp(config.webhookAllowHttp())
          .requestTimeout(config.webhookTimeout())
          .secrets(secrets.resolver(name -> Optional.ofNullable(System.getenv(name))))
          .build());
    } catch (ValidationException e) {
      List<String> lines = new ArrayList<>();
      e.problems().forEach(p -> lines.add(config.at("webhook.allow") + ": " + p.field() + ": " + p.message()));
      throw new UsageException(lines);
    }
  }

  /**
   * Registers and answers Discord's {@code /schedule} when this command connected to Discord and
   * {@code discord.commands} is on (the default): on the engine's guild-scoped operations, with guild settings
   * and interaction claims in the store, webhook URLs judged by the webhook SSRF guard as the config sets it up.
   * Returns whether the commands are on.
   */
  boolean startCommands() {
    CommandsConfig c = config.discordCommands();
    if (discord.isEmpty() || !c.enabled()) {
      return false;
    }
    ScheduleCommands sc;
    try {
      sc = ScheduleCommands.builder(discord.get())
          .operations(scheduler::forGuild)
          .store(store)
          .nodeId(scheduler.nodeId())
          .managerRoles(java.util.Set.copyOf(c.managerRoles()))
          .maxTasksPerGuild(c.maxTasksPerGuild())
          .minInterval(c.minInterval())
          .webhookCheck(WebhookDelivery.builder().allowList(config.webhookAllow())
              .allowHttp(config.webhookAllowHttp()).buildTargetCheck())
          .remoteStore(config.sqlStore())
          .commandGuilds(c.guilds().stream().map(GuildId::of).toList())
          .build();
    } catch (ValidationException e) {
      List<String> lines = new ArrayList<>();
      e.problems().forEach(p -> lines.add(config.at("webhook.allow") + ": " + p.field() + ": " + p.message()));
      throw new UsageException(lines);
    }
    try {
      sc.start();
    } catch (SchedulingException e) {
      throw new Failure(config.at("discord.commands") + ": " + e.getMessage(), e);
    }
    commands = sc;
    LOG.info("answering /schedule from Discord ({})", c.guilds().isEmpty() ? "registered globally"
        : "registered in " + c.guilds().size() + " server(s)");
    return true;
  }

  /** The Discord connection's state ({@code CONNECTED}, ...) when this command connected. */
  Optional<String> discordState() {
    return discord.map(DiscordAdapter::connectionState);
  }

  @Override
  public void close() {
    ScheduleCommands c = commands;
    if (c != null) {
      c.close();
    }
    discord.ifPresent(DiscordAdapter::close);
    store.close();
  }

  /** Tells the operator through the log (and, when connected, Discord's notifier tells a person too). */
  private static final class LogNotifier implements Notifier {
    @Override
    public void notify(Notification n) {
      // Names and reasons are shown printable: a control character in one cannot forge a log line.
      if (n instanceof Notification.ExecutionFailed f) {
        LOG.warn("task {} ({}): execution for {} failed: {}", f.task().id(), FreeText.printable(f.task().name()),
            f.record().scheduledFor(), FreeText.printable(f.record().errorMessage().orElse("?")));
      } else if (n instanceof Notification.TaskDisabled d) {
        LOG.warn("task {} ({}): disabled: {}; 'tasks resume {}' re-enables it", d.task().id(),
            FreeText.printable(d.task().name()), FreeText.printable(d.reason()), d.task().id());
      } else if (n instanceof Notification.DestinationDisabled d) {
        LOG.warn("task {} ({}): destination {} disabled: {}", d.task().id(), FreeText.printable(d.task().name()),
            d.destination().describe(), FreeText.printable(d.reason()));
      } else if (n instanceof Notification.TaskSilent s) {
        LOG.warn("task {} ({}): silent: nothing delivered since {} ({} or longer; --alert-if-silent)", s.task().id(),
            FreeText.printable(s.task().name()), s.since(), DurationText.format(s.silentFor()));
      } else if (n instanceof Notification.TaskRecovered r) {
        LOG.info("task {} ({}): delivers again (at {}), after the silence reported at {}", r.task().id(),
            FreeText.printable(r.task().name()), r.deliveredAt(), r.alertedAt());
      }
    }
  }
}

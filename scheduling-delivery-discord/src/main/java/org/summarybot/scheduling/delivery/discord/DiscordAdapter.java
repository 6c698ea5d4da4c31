package org.summarybot.scheduling.delivery.discord;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.StatusChangeEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.requests.CloseCode;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.SetOnce;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.MessageSource;
import org.summarybot.scheduling.port.Notifier;

/**
 * The Discord side of the scheduler, on one JDA connection: a {@link DeliveryChannel} for
 * {@code DISCORD_CHANNEL} destinations (embed or Markdown, split within Discord's limits, mentioning nobody,
 * one nonce per part), a {@link MessageSource} over channel history, and a {@link Notifier} that writes to an
 * admin channel or to the task's creator.
 *
 * <p>Build it with {@link #builder()}, which logs in with a bot token read from an environment variable
 * ({@code DISCORD_TOKEN} unless told otherwise) and waits until the gateway is ready; or wrap a JDA the caller
 * already runs with {@link #using(JDA)}. The token never appears in a log line, an exception or a result.
 * Thread-safe. {@link #close()} shuts JDA down only when this adapter started it.
 */
public final class DiscordAdapter implements AutoCloseable {
  /** The environment variable the bot token is read from unless {@link Builder#tokenVariable} says otherwise. */
  public static final String DEFAULT_TOKEN_VARIABLE = "DISCORD_TOKEN";
  /** The gateway intents the adapter needs: guild messages, and their content (a privileged intent). */
  public static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT);

  /** Discord's REST API, used unless {@link Builder#restBaseUrl} says otherwise. */
  public static final URI DEFAULT_REST_BASE_URL = URI.create(RestConfig.DEFAULT_BASE_URL);
  /** Discord's gateway, used unless {@link Builder#gatewayUrl} says otherwise. */
  public static final URI DEFAULT_GATEWAY_URL = URI.create("wss://gateway.discord.gg/");

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  private final Bot bot;
  private final boolean owned;
  private final JdaChannelDelivery delivery;
  private final ChannelHistorySource source;
  private final DiscordNotifier notifier;
  private final Duration requestTimeout;

  private DiscordAdapter(Bot bot, boolean owned, Duration requestTimeout, Optional<Long> adminChannel) {
    this.bot = bot;
    this.owned = owned;
    this.requestTimeout = requestTimeout;
    this.delivery = new JdaChannelDelivery(bot, requestTimeout);
    this.source = new ChannelHistorySource(bot, requestTimeout);
    this.notifier = new DiscordNotifier(bot, adminChannel, requestTimeout);
  }

  /** A builder that logs in with a token from the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * An adapter over a JDA the caller built, logged in and keeps running (it needs {@link #INTENTS}); default
   * timeouts, no admin channel. {@link #close()} leaves it running.
   */
  public static DiscordAdapter using(JDA jda) {
    return new DiscordAdapter(Bot.of(jda), false, Builder.DEFAULT_REQUEST_TIMEOUT, Optional.empty());
  }

  /**
   * An adapter over the shards of a {@link ShardManager} the caller built and keeps running (with
   * {@link #INTENTS}); channels are found on whichever shard holds their server. Default timeouts, no admin
   * channel. {@link #close()} leaves it running.
   */
  public static DiscordAdapter using(ShardManager shards) {
    return new DiscordAdapter(Bot.of(shards), false, Builder.DEFAULT_REQUEST_TIMEOUT, Optional.empty());
  }

  /** Delivers to {@code DISCORD_CHANNEL} destinations. */
  public DeliveryChannel deliveryChannel() {
    return delivery;
  }

  /** Reads channel history. */
  public MessageSource messageSource() {
    return source;
  }

  /** Tells the admin channel, or else the task's creator by direct message, about failures and auto-disables. */
  public Notifier notifier() {
    return notifier;
  }

  /**
   * What the bot may do in a task's channels, from the permissions and channels this connection knows; sends
   * nothing. {@link AccessReport#placementProblems()} names the channels and destinations that are unknown to
   * the bot or belong to another guild than {@code guild}.
   */
  public AccessReport checkAccess(GuildId guild, List<ChannelId> channels, List<Destination> destinations) {
    return AccessCheck.of(bot, requireNonNull(guild, "guild"), List.copyOf(channels), List.copyOf(destinations));
  }

  /** The connection, for the adapter's other parts ({@link ScheduleCommands}). */
  Bot bot() {
    return bot;
  }

  /** The deadline of one Discord request. */
  Duration requestTimeout() {
    return requestTimeout;
  }

  /** The JDA connection underneath; with shards, the first connected shard. */
  public JDA jda() {
    return bot.anyShard();
  }

  /**
   * The connection's state in a few words, for health reports: JDA's status ({@code CONNECTED},
   * {@code ATTEMPTING_TO_RECONNECT}, ...), with shards each shard's when they differ.
   */
  public String connectionState() {
    return bot.status();
  }

  /** True when the bot is connected (every shard, when sharded). */
  public boolean connected() {
    return bot.connected();
  }

  /** Shuts JDA down (waiting at most 10 seconds) when this adapter started it. */
  @Override
  public void close() {
    if (!owned) {
      return;
    }
    bot.shutdownNow();
    try {
      for (JDA shard : bot.shards()) {
        shard.awaitShutdown(Duration.ofSeconds(10));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Settings of a {@link DiscordAdapter}. Each setting may be given once (one given twice fails at
   * {@link #build()} naming it, before connecting); {@link #build()} connects and fails with a
   * {@link DiscordLoginException} that names the cause.
   */
  public static final class Builder {
    private final SetOnce given = new SetOnce();
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);

    private String tokenVariable;
    private UnaryOperator<String> environment;
    private Duration requestTimeout;
    private Duration readyTimeout;
    private ChannelId adminChannel;
    private Consumer<JDABuilder> jdaSettings;
    private Integer shards;
    private Consumer<DefaultShardManagerBuilder> shardSettings;
    private String restBaseUrl;
    private String gatewayUrl;

    private Builder() {}

    /** The environment variable holding the bot token (default {@value #DEFAULT_TOKEN_VARIABLE}). */
    public Builder tokenVariable(String name) {
      requireNonNull(name, "tokenVariable");
      if (!ENV_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("tokenVariable '" + name + "' is not an environment variable name");
      }
      tokenVariable = given.set("tokenVariable", name);
      return this;
    }

    /** Where environment variables are read (default {@link System#getenv(String)}); for tests and embedding. */
    public Builder environment(UnaryOperator<String> environment) {
      this.environment = given.set("environment", requireNonNull(environment, "environment"));
      return this;
    }

    /** The deadline of one Discord request, 429 waits included (default 30 s). */
    public Builder requestTimeout(Duration timeout) {
      requestTimeout = given.set("requestTimeout", positive(timeout, "requestTimeout"));
      return this;
    }

    /** How long {@link #build()} waits for the gateway to become ready (default 60 s). */
    public Builder readyTimeout(Duration timeout) {
      readyTimeout = given.set("readyTimeout", positive(timeout, "readyTimeout"));
      return this;
    }

    /** The channel failure and auto-disable notices go to; without one, they go to each task's creator by DM. */
    public Builder adminChannel(ChannelId channel) {
      adminChannel = given.set("adminChannel", requireNonNull(channel, "adminChannel"));
      return this;
    }

    /**
     * The base URL of Discord's REST API (default {@code https://discord.com/api/v10/}), for a proxy that every
     * node's requests go through so they share Discord's global rate limit (nirn-proxy). http or https; a URL
     * without a path gets Discord's {@code /api/v10/}, and a path gets the trailing slash JDA joins routes to.
     */
    public Builder restBaseUrl(URI url) {
      restBaseUrl = given.set("restBaseUrl", restBase(requireNonNull(url, "restBaseUrl")));
      return this;
    }

    /**
     * The gateway address (default {@code wss://gateway.discord.gg/}). JDA's default session controller always
     * uses Discord's fixed address; with this set, the adapter's controller connects here instead. ws or wss.
     */
    public Builder gatewayUrl(URI url) {
      gatewayUrl = given.set("gatewayUrl", gateway(requireNonNull(url, "gatewayUrl")));
      return this;
    }

    /**
     * Extra JDA settings applied before login, after {@link #restBaseUrl} and {@link #gatewayUrl} (an HTTP
     * client, a session controller). The token and intents are the adapter's; this hook must not replace them.
     */
    public Builder jdaSettings(Consumer<JDABuilder> settings) {
      jdaSettings = given.set("jdaSettings", requireNonNull(settings, "jdaSettings"));
      return this;
    }

    /**
     * Logs in with {@code total} shards (a {@link ShardManager} holding all of them) instead of one connection.
     * Discord requires sharding from 2,500 servers; each shard holds the servers with
     * {@code (server_id >> 22) % total == shard}. Every node that runs tasks needs every shard, since any node
     * may run any server's task.
     */
    public Builder shards(int total) {
      if (total < 1 || total > 4096) {
        throw new IllegalArgumentException("shards must be between 1 and 4096, not " + total);
      }
      shards = given.set("shards", total);
      return this;
    }

    /** Extra shard-manager settings applied before login when {@link #shards(int)} is set; see {@link #jdaSettings}. */
    public Builder shardSettings(Consumer<DefaultShardManagerBuilder> settings) {
      shardSettings = given.set("shardSettings", requireNonNull(settings, "shardSettings"));
      return this;
    }

    /** Reads the token, logs in and waits until the gateway is ready (every shard, when sharded). */
    public DiscordAdapter build() {
      given.throwIfAny();
      if (shards != null && jdaSettings != null) {
        throw new IllegalStateException("jdaSettings applies to one connection; with shards use shardSettings");
      }
      if (shards == null && shardSettings != null) {
        throw new IllegalStateException("shardSettings needs shards(total)");
      }
      String variable = tokenVariable == null ? DEFAULT_TOKEN_VARIABLE : tokenVariable;
      UnaryOperator<String> env = environment == null ? System::getenv : environment;
      Duration ready = readyTimeout == null ? DEFAULT_READY_TIMEOUT : readyTimeout;
      String token = env.apply(variable);
      if (token == null || token.isBlank()) {
        throw new DiscordLoginException("environment variable " + variable + " is not set; put the bot token there "
            + "(Discord Developer Portal > your application > Bot > Reset Token)");
      }
      String secret = token.strip();
      int connections = shards == null ? 1 : shards;
      LoginWatch watch = new LoginWatch(connections);
      Bot bot;
      try {
        bot = shards == null ? Bot.of(connection(secret, watch).build()) : Bot.of(shardManager(secret, watch).build());
      } catch (InvalidTokenException e) {
        throw new DiscordLoginException("Discord rejected the bot token in " + variable
            + "; reset it in the Developer Portal (Bot > Reset Token) and update the variable");
      } catch (IllegalArgumentException e) {
        throw new DiscordLoginException("the bot token in " + variable + " is malformed or JDA refused a setting: "
            + e.getMessage().replace(secret, "<token>"));
      }
      try {
        boolean finished = watch.done.await(ready.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished || watch.closeCode.get() != null || bot.shards().size() != connections || !bot.connected()) {
          bot.shutdownNow();
          throw loginFailure(watch.closeCode.get(), finished, variable, ready);
        }
      } catch (InterruptedException e) {
        bot.shutdownNow();
        Thread.currentThread().interrupt();
        throw new DiscordLoginException("interrupted while waiting for the Discord gateway");
      }
      bot.shards().forEach(j -> j.removeEventListener(watch));
      return new DiscordAdapter(bot, true, requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout,
          Optional.ofNullable(adminChannel).map(ChannelId::value));
    }

    /** One connection's settings: the adapter's token, intents, URLs and watcher, then {@link #jdaSettings}. */
    private JDABuilder connection(String token, LoginWatch watch) {
      JDABuilder b = JDABuilder.createLight(token, INTENTS).addEventListeners(watch);
      if (restBaseUrl != null) {
        b.setRestConfig(new RestConfig().setBaseUrl(restBaseUrl));
      }
      if (gatewayUrl != null) {
        b.setSessionController(new GatewaySessionController(gatewayUrl));
      }
      if (jdaSettings != null) {
        jdaSettings.accept(b);
      }
      return b;
    }

    /** The shard manager's settings, as {@link #connection} for each shard, then {@link #shardSettings}. */
    private DefaultShardManagerBuilder shardManager(String token, LoginWatch watch) {
      DefaultShardManagerBuilder b = DefaultShardManagerBuilder.createLight(token, INTENTS).setShardsTotal(shards)
          .addEventListeners(watch);
      if (restBaseUrl != null) {
        b.setRestConfig(new RestConfig().setBaseUrl(restBaseUrl));
      }
      if (gatewayUrl != null) {
        b.setSessionController(new GatewaySessionController(gatewayUrl));
      }
      if (shardSettings != null) {
        shardSettings.accept(b);
      }
      return b;
    }

    /**
     * Waits for login: done once every connection (shard) has become {@code CONNECTED} (JDA sets it after the
     * ready event, once the caches are loaded), or at once when any of them shuts down, keeping the close code.
     */
    private static final class LoginWatch implements EventListener {
      final CountDownLatch done;
      final AtomicReference<CloseCode> closeCode = new AtomicReference<>();
      private final java.util.Set<Integer> connected = java.util.concurrent.ConcurrentHashMap.newKeySet();

      LoginWatch(int connections) {
        done = new CountDownLatch(connections);
      }

      @Override
      public void onEvent(GenericEvent event) {
        if (event instanceof ShutdownEvent s) {
          closeCode.compareAndSet(null, s.getCloseCode());
          while (done.getCount() > 0) {
            done.countDown();
          }
        } else if (event instanceof StatusChangeEvent c && c.getNewStatus() == JDA.Status.CONNECTED
            && connected.add(c.getJDA().getShardInfo().getShardId())) {
          done.countDown();
        }
      }
    }

    private static DiscordLoginException loginFailure(CloseCode code, boolean finished, String variable, Duration ready) {
      if (code == CloseCode.DISALLOWED_INTENTS) {
        return new DiscordLoginException("Discord refused the Message Content intent: " + ChannelHistorySource.INTENT_HELP);
      }
      if (code == CloseCode.AUTHENTICATION_FAILED) {
        return new DiscordLoginException("Discord rejected the bot token in " + variable
            + "; reset it in the Developer Portal (Bot > Reset Token) and update the variable");
      }
      if (code == CloseCode.INVALID_SHARD || code == CloseCode.SHARDING_REQUIRED) {
        return new DiscordLoginException("Discord refused the shard count: " + code.getMeaning()
            + "; set the number of shards Discord recommends (GET /gateway/bot)");
      }
      return new DiscordLoginException(finished
          ? "the Discord gateway closed the connection during login" + (code == null ? "" : " (" + code.getMeaning() + ")")
          : "the Discord gateway was not ready within " + ready.toSeconds() + "s");
    }


    /** An http(s) REST base URL with the trailing slash JDA needs; no credentials, query or fragment. */
    static String restBase(URI url) {
      String scheme = checkedUrl(url, "restBaseUrl", "http", "https", "https://discord.com/api/v10/");
      String path = url.getRawPath() == null ? "" : url.getRawPath();
      if (path.isEmpty() || path.equals("/")) {
        path = "/api/v10/";
      } else if (!path.endsWith("/")) {
        path += "/";
      }
      return scheme + "://" + url.getRawAuthority() + path;
    }

    /** A ws(s) gateway address; no credentials, query (JDA adds its own) or fragment. */
    static String gateway(URI url) {
      String scheme = checkedUrl(url, "gatewayUrl", "ws", "wss", "wss://gateway.discord.gg/");
      String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
      return scheme + "://" + url.getRawAuthority() + path;
    }

    private static String checkedUrl(URI url, String setting, String plain, String secure, String example) {
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      String problem = null;
      if (!scheme.equals(plain) && !scheme.equals(secure)) {
        problem = "is not a " + plain + " or " + secure + " URL";
      } else if (url.getHost() == null || url.getHost().isEmpty()) {
        problem = "has no host";
      } else if (url.getRawUserInfo() != null) {
        problem = "must not hold credentials";
      } else if (url.getRawQuery() != null || url.getRawFragment() != null) {
        problem = "must not have a query or fragment";
      }
      if (problem != null) {
        throw new IllegalArgumentException(setting + " '" + (url.getRawUserInfo() == null ? url.toString()
            : url.toString().replace(url.getRawUserInfo() + "@", "***@")) + "' " + problem + " (such as " + example
            + ")");
      }
      return scheme;
    }

    private static Duration positive(Duration d, String setting) {
      requireNonNull(d, setting);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(setting + " must be positive, not " + d);
      }
      return d;
    }
  }
}

package org.summarybot.scheduling.delivery.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.exceptions.RateLimitedException;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.Route;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.internal.JDAImpl;
import net.dv8tion.jda.internal.entities.GuildImpl;
import net.dv8tion.jda.internal.requests.RestActionImpl;

/**
 * The bot's connection as the adapter's parts see it: one {@link JDA}, or every shard of a {@link ShardManager}.
 * A guild lives on exactly one shard ({@code (guild_id >> 22) % shard_count}), so a channel is looked up across
 * all shards and judged by the state of the shard that holds it; a channel no shard knows is only "gone" when
 * every shard is connected and no server is unavailable.
 */
final class Bot {
  private final JDA single;
  private final ShardManager shards;

  private Bot(JDA single, ShardManager shards) {
    this.single = single;
    this.shards = shards;
  }

  static Bot of(JDA jda) {
    return new Bot(requireNonNull(jda, "jda"), null);
  }

  static Bot of(ShardManager shards) {
    return new Bot(null, requireNonNull(shards, "shards"));
  }

  /** Every shard (one for a single JDA), in shard-id order. */
  List<JDA> shards() {
    if (single != null) {
      return List.of(single);
    }
    return shards.getShardCache().stream()
        .sorted(java.util.Comparator.comparingInt(j -> j.getShardInfo().getShardId())).toList();
  }

  /** A shard to issue requests that belong to no guild (the bot's user, direct messages). */
  JDA anyShard() {
    if (single != null) {
      return single;
    }
    return shards().stream().filter(j -> j.getStatus() == JDA.Status.CONNECTED).findFirst()
        .orElseGet(() -> shards().get(0));
  }

  /** The channel with this id on whichever shard holds its guild, or null when no shard knows it. */
  GuildChannel channel(long id) {
    return single != null ? single.getGuildChannelById(id) : shards.getGuildChannelById(id);
  }

  /**
   * Why {@code channel} (null when no shard knows it) cannot be judged now, or empty when it can: the shard
   * holding it is not connected, or, for an unknown channel, some shard is not connected or a server is
   * unavailable (a Discord outage hides its channels).
   */
  Optional<String> cannotJudge(long id, GuildChannel channel) {
    if (channel != null) {
      JDA shard = channel.getJDA();
      return shard.getStatus() == JDA.Status.CONNECTED ? Optional.empty()
          : Optional.of("the bot is not connected to Discord (" + describe(shard) + shard.getStatus() + ")");
    }
    for (JDA shard : shards()) {
      if (shard.getStatus() != JDA.Status.CONNECTED) {
        return Optional.of("the bot is not connected to Discord (" + describe(shard) + shard.getStatus() + ")");
      }
    }
    int unavailable = shards().stream().mapToInt(s -> s.getUnavailableGuilds().size()).sum();
    if (unavailable > 0) {
      return Optional.of("channel " + Long.toUnsignedString(id) + " is not visible while " + unavailable
          + " server(s) are unavailable (a Discord outage)");
    }
    return Optional.empty();
  }

  /**
   * Runs one request and returns its result, within {@code timeout} in all. The request bypasses JDA's queue
   * ({@code submit(false)}): queued, JDA waits out every 429 itself and a long one only ends in a timeout that
   * has lost Discord's {@code retry_after}; unqueued, a 429 fails with a {@link RateLimitedException} that
   * carries it. A 429 whose wait fits in what is left of {@code timeout} is waited out here and the request
   * sent again (parts carry nonces, so a re-send never doubles a message); a longer one is thrown for the
   * engine to retry after. Other failures are thrown as they come ({@link DiscordFailures} classifies them).
   */
  <T> T call(RestAction<T> action, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new TimeoutException("no time left for the request");
      }
      // bounded twice: JDA's own deadline, and the wait here, which never holds the caller past it
      Future<T> result = action.deadline(System.currentTimeMillis() + left).submit(false);
      try {
        return result.get(left, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        result.cancel(true);
        throw e;
      } catch (ExecutionException e) {
        Throwable cause = DiscordFailures.unwrap(e);
        long stillLeft = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (cause instanceof RateLimitedException limited && limited.getRetryAfter() < stillLeft) {
          TimeUnit.MILLISECONDS.sleep(limited.getRetryAfter());
          continue;
        }
        throw e;
      }
    }
  }

  /**
   * Asks Discord ({@code GET /channels/{id}}) for a channel no shard has in its cache. JDA caches active
   * threads only, so an archived thread is missing from the cache although it exists and a message to it
   * unarchives it (unless a moderator locked it). Returns the thread, built as JDA builds one it learns about
   * over REST and kept out of the cache; empty when Discord's answer is a channel of another kind or of a
   * server no shard holds. Fails as Discord answers: 10003 Unknown Channel for a deleted channel, 50001 Missing
   * Access for one the bot cannot see.
   *
   * <p>JDA has no public call for {@code GET /channels/{id}}; this uses its internal request and entity
   * builder, the way its own {@code ThreadChannelPaginationAction} builds archived threads.
   */
  Optional<GuildChannel> retrieveThread(long id, Duration timeout) throws Exception {
    JDA jda = anyShard();
    DataObject json = call(new RestActionImpl<DataObject>(jda, Route.Channels.GET_CHANNEL.compile(Long.toUnsignedString(id)),
        (response, request) -> response.getObject()), timeout);
    if (!ChannelType.fromId(json.getInt("type", -1)).isThread() || json.isNull("guild_id")) {
      return Optional.empty();
    }
    long guildId = json.getUnsignedLong("guild_id");
    Guild guild = single != null ? single.getGuildById(guildId) : shards.getGuildById(guildId);
    if (guild == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(((JDAImpl) guild.getJDA()).getEntityBuilder()
          .createThreadChannel((GuildImpl) guild, json, guildId, false));
    } catch (IllegalArgumentException | IllegalStateException e) { // its parent channel is not cached either
      return Optional.empty();
    }
  }

  /** The bot's own user id. */
  long selfId() {
    return anyShard().getSelfUser().getIdLong();
  }

  /** The gateway intents the bot logged in with. */
  Set<GatewayIntent> intents() {
    return single != null ? single.getGatewayIntents() : shards.getGatewayIntents();
  }

  /** Opens (or reuses) the direct-message channel with a user. */
  RestAction<PrivateChannel> openPrivateChannel(String userId) {
    return anyShard().openPrivateChannelById(userId);
  }

  /** The connection's state in a few words: {@code CONNECTED}, or each shard's state when they differ. */
  String status() {
    if (single != null) {
      return single.getStatus().name();
    }
    Set<JDA.Status> states = shards().stream().map(JDA::getStatus).collect(Collectors.toSet());
    if (states.size() == 1) {
      return states.iterator().next().name() + " (" + shards().size() + " shards)";
    }
    return shards().stream().map(j -> "shard " + j.getShardInfo().getShardId() + " " + j.getStatus())
        .collect(Collectors.joining(", "));
  }

  /** True when every shard is connected. */
  boolean connected() {
    return shards().stream().allMatch(j -> j.getStatus() == JDA.Status.CONNECTED);
  }

  /** Shuts every shard down. */
  void shutdownNow() {
    if (single != null) {
      single.shutdownNow();
    } else {
      shards.shutdown();
      shards.getShardCache().forEach(JDA::shutdownNow);
    }
  }

  private String describe(JDA shard) {
    return single != null ? "" : "shard " + shard.getShardInfo().getShardId() + " of " + shards.getShardsTotal() + ": ";
  }
}

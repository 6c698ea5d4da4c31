package org.summarybot.scheduling.delivery.discord;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.sharding.ShardManager;

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

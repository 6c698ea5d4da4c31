package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryRequest;

/**
 * Large bots: Discord puts each server on shard {@code (server_id >> 22) % shards}, and a shard's connection
 * only ever sees its own servers. The fake does the same, so a channel is only found if the adapter asks the
 * shard that holds it.
 */
class DiscordShardingTest {
  /** On shard 0 of 2; {@link FakeDiscord#GUILD} is on shard 1 of 2. */
  static final long GUILD_ON_SHARD_0 = 800_000_000_004_194_305L;
  static final long TEXT_ON_SHARD_0 = 700_000_000_000_000_101L;

  private FakeDiscord fake;

  @BeforeEach
  void start() throws Exception {
    fake = FakeDiscord.start();
    fake.addShardGuild(GUILD_ON_SHARD_0, TEXT_ON_SHARD_0, "zero");
  }

  @AfterEach
  void stop() throws Exception {
    fake.close();
  }

  private DiscordAdapter sharded(int shards) {
    return DiscordAdapter.builder()
        .environment(name -> name.equals("DISCORD_TOKEN") ? FakeDiscord.TOKEN : null)
        .requestTimeout(Duration.ofSeconds(2)).readyTimeout(Duration.ofSeconds(15))
        .shards(shards).shardSettings(fake::pointShardsAtMe).build();
  }

  @Test
  void the_fake_puts_each_server_on_its_discord_shard() {
    assertThat((FakeDiscord.GUILD >>> 22) % 2).isEqualTo(1);
    assertThat((GUILD_ON_SHARD_0 >>> 22) % 2).isZero();
  }

  @Test
  void a_sharded_adapter_posts_to_and_reads_from_servers_on_every_shard() {
    Instant at = Fixtures.WINDOW.from().plusSeconds(60);
    fake.addMessage(TEXT, at, 11, "ann", false, "on shard one");
    fake.addMessage(TEXT_ON_SHARD_0, at, 12, "bob", false, "on shard zero");
    try (DiscordAdapter adapter = sharded(2)) {
      assertThat(fake.identifiedShards).containsExactlyInAnyOrder("[0, 2]", "[1, 2]");
      assertThat(adapter.connected()).isTrue();
      assertThat(adapter.connectionState()).isEqualTo("CONNECTED (2 shards)");

      for (long[] guildAndChannel : new long[][] {{FakeDiscord.GUILD, TEXT}, {GUILD_ON_SHARD_0, TEXT_ON_SHARD_0}}) {
        long channel = guildAndChannel[1];
        DeliveryRequest request = Fixtures.request(channel, DeliveryFormat.MARKDOWN,
            Fixtures.summary("Hello", java.util.List.of("ann")), DeliveryJournal.none());
        ScheduledTask inItsGuild = request.task().toBuilder().guildId(GuildId.of(guildAndChannel[0]))
            .channel(ChannelId.of(channel)).build();
        DeliveryOutcome outcome = adapter.deliveryChannel().deliver(new DeliveryRequest(request.executionId(),
            inItsGuild, request.destination(), request.summary(), request.scheduledFor(), request.attempt(),
            request.journal()));
        assertThat(outcome).as("delivery to %s", channel).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(fake.posted(channel)).hasSize(1);
      }
      assertThat(adapter.messageSource().fetch(GuildId.of(GUILD_ON_SHARD_0), ChannelId.of(TEXT_ON_SHARD_0),
          Fixtures.WINDOW, 100, false).messages())
          .extracting(Message::content).containsExactly("on shard zero");
      assertThat(adapter.messageSource().fetch(ChannelId.of(TEXT), Fixtures.WINDOW, 100, false).messages())
          .extracting(Message::content).containsExactly("on shard one");
    }
  }

  @Test
  void a_channel_of_a_server_the_single_connection_is_not_sharded_for_is_unknown_to_it() {
    // proves the fake is strict: one connection as shard [0, 1] sees both servers, but shard 1 of 2 alone would not
    try (DiscordAdapter single = fake.adapter(false)) {
      assertThat(single.jda().getGuildChannelById(TEXT_ON_SHARD_0)).isNotNull();
    }
    try (DiscordAdapter sharded = sharded(2)) {
      assertThat(sharded.jda().getShardManager()).isNotNull();
      var shardOne = sharded.jda().getShardManager().getShardById(1);
      assertThat(shardOne.getGuildChannelById(TEXT_ON_SHARD_0)).isNull();
      assertThat(shardOne.getGuildChannelById(TEXT)).isNotNull();
    }
  }

  @Test
  void discord_refusing_too_few_shards_fails_the_login_saying_so() {
    fake.shardsRequired = 2;
    assertThatThrownBy(() -> fake.adapter(false))
        .isInstanceOf(DiscordLoginException.class)
        .hasMessageContaining("Discord refused the shard count").hasMessageContaining("GET /gateway/bot");
  }

  @Test
  void shards_and_single_connection_settings_do_not_mix() {
    assertThatThrownBy(() -> DiscordAdapter.builder().environment(n -> FakeDiscord.TOKEN).shards(2)
        .jdaSettings(fake::pointAtMe).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("shardSettings");
    assertThatThrownBy(() -> DiscordAdapter.builder().shards(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shards");
  }
}

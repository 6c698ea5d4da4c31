package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.GUILD;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.GUILD_B;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.OTHER_TEXT;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT_B;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.ExternalServiceException;
import org.summarybot.scheduling.port.MessageBatch;

/**
 * A task reads and posts only in its own guild, although the bot is a member of another one too (the fake's
 * {@code GUILD_B}, with a channel full of messages that a task of {@code GUILD} must never see).
 */
class TaskGuildTest {
  private static final long ANA = 100_000_000_000_000_001L;
  private static final GuildId TASK_GUILD = GuildId.of(GUILD);

  private static FakeDiscord fake;
  private static DiscordAdapter adapter;

  @BeforeAll
  static void start() throws Exception {
    fake = FakeDiscord.start();
    adapter = fake.adapter(false);
  }

  @AfterAll
  static void stop() throws Exception {
    if (adapter != null) {
      adapter.close();
    }
    fake.close();
  }

  @BeforeEach
  void clear() {
    fake.clear();
    fake.clearHistory(TEXT);
    fake.clearHistory(OTHER_TEXT);
  }

  @Test
  void reading_a_channel_of_another_guild_fails_permanently_naming_both_guilds_and_reads_nothing() {
    fake.addMessage(OTHER_TEXT, Fixtures.WINDOW.from().plusSeconds(60), ANA, "ana", false, "another server's secret");

    assertThatThrownBy(() -> adapter.messageSource().fetch(TASK_GUILD, ChannelId.of(OTHER_TEXT), Fixtures.WINDOW,
        100, false))
        .isInstanceOfSatisfying(ExternalServiceException.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessageContaining(Long.toUnsignedString(OTHER_TEXT)).hasMessageContaining(Long.toUnsignedString(GUILD_B))
        .hasMessageContaining("not to the task's server " + GUILD);
    assertThat(fake.requestsTo("GET", "/channels/" + OTHER_TEXT + "/messages")).isEmpty();
  }

  @Test
  void a_channel_of_the_tasks_guild_is_read_through_the_guild_aware_fetch() {
    Instant at = Fixtures.WINDOW.from().plusSeconds(60);
    fake.addMessage(TEXT, at, ANA, "ana", false, "hello");

    MessageBatch batch = adapter.messageSource().fetch(TASK_GUILD, ChannelId.of(TEXT), Fixtures.WINDOW, 100, false);

    assertThat(batch.messages()).extracting(m -> m.content()).containsExactly("hello");
  }

  @Test
  void delivering_to_a_channel_of_another_guild_disables_the_destination_and_posts_nothing() {
    DeliveryOutcome outcome = adapter.deliveryChannel().deliver(Fixtures.request(OTHER_TEXT, DeliveryFormat.MARKDOWN,
        Fixtures.summary("body", List.of()), DeliveryJournal.none()));

    assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.PermanentFailure.class, f -> {
      assertThat(f.destinationGone()).isTrue();
      assertThat(f.reason()).contains(Long.toUnsignedString(GUILD_B)).contains("task's server " + GUILD);
    });
    assertThat(fake.posted(OTHER_TEXT)).isEmpty();
  }

  @Test
  void placement_problems_name_each_channel_outside_the_tasks_guild_its_guild_and_unknown_ones() {
    long unknown = 700_000_000_000_009_999L;
    AccessReport report = adapter.checkAccess(TASK_GUILD, List.of(ChannelId.of(TEXT), ChannelId.of(OTHER_TEXT)),
        List.of(Destination.discord(ChannelId.of(TEXT_B), DeliveryFormat.EMBED),
            Destination.discord(ChannelId.of(OTHER_TEXT), DeliveryFormat.EMBED),
            Destination.discord(ChannelId.of(unknown), DeliveryFormat.MARKDOWN)));

    assertThat(report.placementProblems()).hasSize(3);
    assertThat(report.placementProblems().get(0)).contains("channel " + OTHER_TEXT)
        .contains("server " + GUILD_B + " (Other Guild)").contains("not to the task's server " + GUILD);
    assertThat(report.placementProblems().get(1)).startsWith("destination discord:" + OTHER_TEXT);
    assertThat(report.placementProblems().get(2)).contains(Long.toUnsignedString(unknown)).contains("unknown to the bot");
    assertThat(fake.requests()).as("judged from the connection's cache, nothing asked or sent").isEmpty();
  }
}

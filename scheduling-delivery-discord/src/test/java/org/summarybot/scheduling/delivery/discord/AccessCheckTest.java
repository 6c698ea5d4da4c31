package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.CATEGORY;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.FORUM;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.GUILD;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.LOCKED_THREAD;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT_B;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT_NO_EMBED;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT_NO_HISTORY;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT_NO_SEND;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.OPEN_THREAD;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.delivery.discord.AccessReport.Entry;
import org.summarybot.scheduling.delivery.discord.AccessReport.Status;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.GuildId;

/**
 * {@code checkAccess}: what the bot may do in each channel, from the fake's roles, overwrites and thread parents as
 * real JDA computes them, without a single REST request.
 */
class AccessCheckTest {
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
  }

  private static Destination discord(long channel, DeliveryFormat format) {
    return Destination.discord(ChannelId.of(channel), format);
  }

  private static Map<String, Status> statuses(Entry e) {
    return e.checks().stream().collect(Collectors.toMap(AccessReport.Check::name, AccessReport.Check::status));
  }

  @Test
  void a_task_the_bot_may_fully_serve_checks_ok_without_any_request_to_discord() {
    AccessReport r = adapter.checkAccess(TASK_GUILD, List.of(ChannelId.of(TEXT)),
        List.of(discord(TEXT_B, DeliveryFormat.EMBED)));

    assertThat(r.ok()).as(r.toString()).isTrue();
    assertThat(r.connection()).isEqualTo("CONNECTED");
    assertThat(statuses(r.sources().get(0))).containsOnlyKeys(AccessReport.KNOWN, AccessReport.IN_GUILD,
        "View Channel", "Read Message History", "Message Content intent").containsValue(Status.OK)
        .doesNotContainValue(Status.MISSING);
    assertThat(statuses(r.destinations().get(0))).containsOnlyKeys(AccessReport.KNOWN, AccessReport.IN_GUILD,
        "View Channel", "Send Messages", "Embed Links");
    assertThat(r.destinations().get(0).description()).contains("#second");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void each_missing_permission_is_named_for_its_channel() {
    AccessReport r = adapter.checkAccess(TASK_GUILD, List.of(ChannelId.of(TEXT_NO_HISTORY)),
        List.of(discord(TEXT_NO_SEND, DeliveryFormat.MARKDOWN), discord(TEXT_NO_EMBED, DeliveryFormat.EMBED),
            discord(TEXT_NO_EMBED, DeliveryFormat.MARKDOWN)));

    assertThat(r.ok()).isFalse();
    assertThat(statuses(r.sources().get(0))).containsEntry("Read Message History", Status.MISSING)
        .containsEntry("View Channel", Status.OK);
    assertThat(statuses(r.destinations().get(0))).containsEntry("Send Messages", Status.MISSING);
    assertThat(statuses(r.destinations().get(1))).containsEntry("Send Messages", Status.OK)
        .containsEntry("Embed Links", Status.MISSING);
    assertThat(r.destinations().get(2).ok()).as("a Markdown summary needs no embeds").isTrue();
    assertThat(r.placementProblems()).as("permissions can be granted later; the channels are the task's").isEmpty();
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void threads_need_send_in_threads_and_an_open_thread_and_forums_need_create_posts_and_send_in_threads() {
    AccessReport r = adapter.checkAccess(TASK_GUILD, List.of(),
        List.of(discord(OPEN_THREAD, DeliveryFormat.EMBED), discord(LOCKED_THREAD, DeliveryFormat.MARKDOWN),
            discord(FORUM, DeliveryFormat.MARKDOWN)));

    assertThat(r.destinations().get(0).ok()).as(r.destinations().get(0).toString()).isTrue();
    assertThat(statuses(r.destinations().get(0))).containsEntry("Send Messages in Threads", Status.OK)
        .doesNotContainKey("Send Messages");
    assertThat(statuses(r.destinations().get(1))).containsEntry("Thread open", Status.MISSING);
    // @everyone holds Send Messages in Threads, as Discord's default role does
    assertThat(statuses(r.destinations().get(2))).containsEntry("Create Posts", Status.OK)
        .containsEntry("Send Messages in Threads", Status.OK);
  }

  @Test
  void a_category_cannot_take_summaries_and_other_destinations_are_not_checked() {
    Destination hook = Destination.webhook("https://hooks.example.com/x", Optional.empty());
    AccessReport r = adapter.checkAccess(TASK_GUILD, List.of(ChannelId.of(CATEGORY)),
        List.of(discord(CATEGORY, DeliveryFormat.MARKDOWN), hook));

    assertThat(statuses(r.sources().get(0))).containsEntry("Has messages", Status.MISSING);
    assertThat(statuses(r.destinations().get(0))).containsEntry("Takes messages", Status.MISSING);
    assertThat(r.destinations().get(1).target()).startsWith("webhook:https://hooks.example.com/");
    assertThat(statuses(r.destinations().get(1))).containsOnly(Map.entry("Not checked", Status.NOT_CHECKED));
  }
}

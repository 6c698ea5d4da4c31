package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.GUILD;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.GUILD_B;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.OTHER_TEXT;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.SECRET;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT_B;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT_NO_HISTORY;
import static org.summarybot.scheduling.delivery.discord.FakeDiscordInteractions.HELPER;
import static org.summarybot.scheduling.delivery.discord.FakeDiscordInteractions.MEMBER;
import static org.summarybot.scheduling.delivery.discord.FakeDiscordInteractions.MODERATOR;
import static org.summarybot.scheduling.delivery.discord.FakeDiscordInteractions.MODERATOR_B;
import static org.summarybot.scheduling.delivery.discord.FakeDiscordInteractions.options;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.delivery.discord.FakeDiscordInteractions.Interaction;
import org.summarybot.scheduling.delivery.discord.FakeDiscordInteractions.Options;
import org.summarybot.scheduling.engine.TaskScheduler;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.schedule.ScheduleTriggerFactory;
import org.summarybot.scheduling.store.InMemoryTaskStore;
import org.summarybot.scheduling.testing.FakeClock;

/**
 * {@code /schedule} end to end: real JDA logged in to {@link FakeDiscord}, interactions dispatched over its
 * gateway, answers through its callback and follow-up endpoints, the engine's guild-scoped operations over an
 * in-memory store. The scheduler is not started: the tests look at what commands store and answer.
 */
class ScheduleCommandsTest {
  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Pattern ID = Pattern.compile("\\(`([^`]+)`\\)");

  private static FakeDiscord fake;
  private static DiscordAdapter adapter;
  private FakeClock clock;
  private InMemoryTaskStore store;
  private TaskScheduler scheduler;
  private ScheduleCommands commands;

  @BeforeAll
  static void connect() throws Exception {
    fake = FakeDiscord.start();
    adapter = fake.adapter(false);
  }

  @AfterAll
  static void disconnect() throws Exception {
    adapter.close();
    fake.close();
  }

  @BeforeEach
  void engine() {
    clock = new FakeClock(T0);
    store = new InMemoryTaskStore();
    scheduler = TaskScheduler.builder().store(store).clock(clock).triggerFactory(new ScheduleTriggerFactory())
        .messageSource(adapter.messageSource())
        .summarizer(r -> { throw new AssertionError("these tests run no summaries"); })
        .deliveryChannel(DestinationType.DISCORD_CHANNEL, adapter.deliveryChannel()).nodeId("node-a").build();
    commands = commands(ScheduleCommands.builder(adapter), b -> b);
  }

  @AfterEach
  void stop() {
    commands.close();
  }

  private ScheduleCommands commands(ScheduleCommands.Builder b,
      java.util.function.UnaryOperator<ScheduleCommands.Builder> extra) {
    ScheduleCommands c = extra.apply(b.operations(scheduler::forGuild).store(store).clock(clock).nodeId("node-a")
        .webhookCheck(url -> url.getHost().endsWith(".internal")
            ? Optional.of("refused by the SSRF guard: host " + url.getHost() + " is a private address")
            : Optional.empty())).build();
    c.start();
    return c;
  }

  private void restart(java.util.function.UnaryOperator<ScheduleCommands.Builder> extra) {
    commands.close();
    commands = commands(ScheduleCommands.builder(adapter), extra);
  }

  private String run(long guild, long user, String sub, Options o) throws InterruptedException {
    Interaction i = fake.interactions().command(guild, GUILD == guild ? TEXT : OTHER_TEXT, user, sub, o);
    String text = fake.interactions().awaitText(i);
    assertThat(i.flags() & FakeDiscordInteractions.EPHEMERAL).as("ephemeral").isNotZero();
    assertThat(i.errors).isEmpty();
    return text;
  }

  private static String id(String reply) {
    Matcher m = ID.matcher(reply);
    assertThat(m.find()).as("an id in " + reply).isTrue();
    return m.group(1);
  }

  private String create(String name, String schedule) throws InterruptedException {
    return id(run(GUILD, MODERATOR, "create", options().string("name", name).channel("channel", TEXT_B)
        .string("schedule", schedule).string("zone", "Europe/Berlin")));
  }

  private List<ScheduledTask> tasks() {
    return store.list(TaskQuery.all());
  }

  @Test
  void create_answers_at_once_ephemerally_with_the_id_the_schedule_in_words_and_the_next_three_runs_as_timestamps()
      throws Exception {
    Interaction i = fake.interactions().command(GUILD, TEXT, MODERATOR, "create", options()
        .string("name", "Daily digest").channel("channel", TEXT_B).string("schedule", "daily 09:00")
        .string("zone", "Europe/Berlin").string("length", "BRIEF").string("lookback", "12h")
        .integer("min-messages", 3));
    String text = fake.interactions().awaitText(i);

    assertThat(i.initial().path("type").asInt()).as("a message, not a deferral").isEqualTo(4);
    assertThat(i.flags() & 64).isEqualTo(64);
    assertThat(i.shown().path("allowed_mentions").path("parse")).as("mentions nobody").isEmpty();
    ScheduledTask t = tasks().get(0);
    assertThat(text).contains("Created **Daily digest** (`" + t.id() + "`)").contains("Europe/Berlin");
    long first = Instant.parse("2026-03-03T08:00:00Z").getEpochSecond();
    assertThat(text).contains("<t:" + first + ":F> (<t:" + first + ":R>)")
        .contains("<t:" + (first + 86_400) + ":F>").contains("<t:" + (first + 2 * 86_400) + ":F>")
        .doesNotContain("<t:" + (first + 3 * 86_400) + ":F>");
    assertThat(t.guildId()).isEqualTo(GuildId.of(GUILD));
    assertThat(t.createdBy()).as("the invoking user").isEqualTo(Long.toUnsignedString(MODERATOR));
    assertThat(t.channelIds()).containsExactly(ChannelId.of(TEXT_B));
    assertThat(t.destinations()).as("the channel where the command was used")
        .containsExactly(Destination.discord(ChannelId.of(TEXT), DeliveryFormat.EMBED));
    assertThat(t.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(t.options().minMessages()).isEqualTo(3);
    assertThat(t.options().lookback()).contains(Duration.ofHours(12));
  }

  @Test
  void list_show_edit_pause_resume_run_now_and_delete_act_on_the_task_they_name() throws Exception {
    String id = create("Standup", "weekly MON,FRI 09:30");
    create("Other", "daily 18:00");

    assertThat(run(GUILD, MODERATOR, "list", options())).contains("Scheduled summaries (2)")
        .contains("**Standup** (`" + id + "`)").contains("`weekly MON,FRI 09:30` Europe/Berlin");
    assertThat(run(GUILD, MODERATOR, "show", options().string("task", id))).contains("<#" + TEXT_B + ">")
        .contains("Next runs:");

    String edited = run(GUILD, MODERATOR, "edit", options().string("task", "standup").string("schedule", "daily 10:00")
        .string("format", "MARKDOWN").string("name", "Standup notes"));
    assertThat(edited).contains("Changed **Standup notes**");
    ScheduledTask t = store.get(org.summarybot.scheduling.model.TaskId.of(id)).orElseThrow();
    assertThat(t.schedule()).isEqualTo("daily 10:00");
    assertThat(t.destinations()).containsExactly(Destination.discord(ChannelId.of(TEXT), DeliveryFormat.MARKDOWN));

    assertThat(run(GUILD, MODERATOR, "pause", options().string("task", id))).startsWith("Paused");
    assertThat(store.get(t.id()).orElseThrow().status()).isEqualTo(TaskStatus.PAUSED);
    assertThat(run(GUILD, MODERATOR, "resume", options().string("task", id))).startsWith("Resumed");
    assertThat(store.get(t.id()).orElseThrow().status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(run(GUILD, MODERATOR, "run-now", options().string("task", id))).contains("run now");
    assertThat(store.get(t.id()).orElseThrow().pending()).isPresent();
    assertThat(run(GUILD, MODERATOR, "history", options().string("task", id))).contains("has not run yet");

    assertThat(run(GUILD, MODERATOR, "delete", options().string("task", id))).startsWith("Deleted **Standup notes**");
    assertThat(store.get(t.id())).isEmpty();
    assertThat(run(GUILD, MODERATOR, "show", options().string("task", id))).contains("No summary `" + id + "`");
  }

  @Test
  void a_member_without_manage_server_is_refused_saying_what_is_missing_and_nothing_changes() throws Exception {
    assertThat(run(GUILD, HELPER, "create", options().string("name", "x").channel("channel", TEXT_B)
        .string("schedule", "daily 09:00"))).contains("You need the **Manage Server** permission");
    assertThat(run(GUILD, MEMBER, "list", options())).contains("Manage Server");
    assertThat(tasks()).isEmpty();
  }

  @Test
  void with_manager_roles_the_command_is_visible_to_everyone_and_those_roles_are_admitted() throws Exception {
    restart(b -> b.managerRoles(Set.of(FakeDiscordInteractions.ROLE_HELPERS)));

    assertThat(fake.interactions().commands("global").get(0).path("default_member_permissions").isNull()).isTrue();
    assertThat(run(GUILD, HELPER, "list", options())).contains("No scheduled summaries");
    assertThat(run(GUILD, MEMBER, "list", options())).contains("**Manage Server** permission or one of the roles"
        + " **@Helpers**");
  }

  @Test
  void the_command_is_registered_globally_for_manage_server_in_guilds_only_and_again_harmlessly_on_restart()
      throws Exception {
    var global = fake.interactions().commands("global");
    assertThat(global).hasSize(1);
    assertThat(global.get(0).path("name").asText()).isEqualTo("schedule");
    assertThat(global.get(0).path("default_member_permissions").asText()).isEqualTo("32");
    assertThat(global.get(0).path("contexts")).as("guilds only").extracting(c -> c.asInt()).containsExactly(0);
    assertThat(global.get(0).path("options")).extracting(o -> o.path("name").asText()).containsExactly("create",
        "list", "show", "edit", "pause", "resume", "delete", "run-now", "preview", "history", "check", "timezone");
    String before = fake.interactions().commands("global").toString().replaceAll("\"id\":\"\\d+\"", "");

    restart(b -> b);
    assertThat(fake.interactions().commands("global").toString().replaceAll("\"id\":\"\\d+\"", ""))
        .isEqualTo(before);

    restart(b -> b.commandGuilds(List.of(GuildId.of(GUILD))));
    assertThat(fake.interactions().commands(Long.toUnsignedString(GUILD))).hasSize(1);
    assertThat(fake.interactions().commands(Long.toUnsignedString(GUILD_B))).isEmpty();
  }

  @Test
  void another_guild_cannot_see_edit_run_or_delete_a_task_by_its_id() throws Exception {
    String id = create("Guild A only", "daily 09:00");

    assertThat(run(GUILD_B, MODERATOR_B, "list", options())).contains("No scheduled summaries");
    for (String sub : List.of("show", "edit", "run-now", "pause", "history", "check", "delete")) {
      assertThat(run(GUILD_B, MODERATOR_B, sub, options().string("task", id))).as(sub)
          .isEqualTo("No summary `" + id + "` in this server.");
    }
    ScheduledTask t = tasks().get(0);
    assertThat(t.status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(t.pending()).isEmpty();
    assertThat(t.version()).isEqualTo(1);
  }

  @Test
  void a_channel_of_another_server_is_refused_as_source_and_as_destination() throws Exception {
    String text = run(GUILD, MODERATOR, "create", options().string("name", "x").channel("channel", OTHER_TEXT)
        .channel("destination", OTHER_TEXT).string("schedule", "daily 09:00"));

    assertThat(text).contains("**channel**: channel " + OTHER_TEXT + " is not a channel of this server")
        .contains("**destination**: channel " + OTHER_TEXT + " is not a channel of this server");
    assertThat(tasks()).isEmpty();
  }

  @Test
  void a_member_who_cannot_view_a_source_channel_is_refused_although_the_bot_can_read_it() throws Exception {
    String text = run(GUILD, MODERATOR, "create", options().string("name", "x").channel("channel", SECRET)
        .string("schedule", "daily 09:00"));

    assertThat(text).contains("**channel**: you cannot view #mods-only");
    assertThat(tasks()).isEmpty();
  }

  @Test
  void a_member_who_cannot_view_a_channel_a_task_reads_cannot_edit_it() throws Exception {
    org.summarybot.scheduling.model.ScheduledTask secret = scheduler.schedule(org.summarybot.scheduling.engine.TaskSpec
        .builder().name("mods").guild(GuildId.of(GUILD)).channel(ChannelId.of(SECRET)).schedule("daily 09:00")
        .destination(Destination.discord(ChannelId.of(TEXT), DeliveryFormat.EMBED)).build());

    String text = run(GUILD, MODERATOR, "edit", options().string("task", secret.id().value())
        .channel("destination", TEXT_B));

    assertThat(text).contains("you cannot view #mods-only");
    assertThat(store.get(secret.id()).orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void a_source_the_bot_cannot_read_is_refused_naming_the_permission() throws Exception {
    String text = run(GUILD, MODERATOR, "create", options().string("name", "x").channel("channel", TEXT_NO_HISTORY)
        .string("schedule", "daily 09:00"));

    assertThat(text).contains("the bot cannot use #no-history").contains("Read Message History");
    assertThat(tasks()).isEmpty();
  }

  @Test
  void webhooks_from_discord_are_https_public_and_of_this_server_only() throws Exception {
    fake.interactions().addWebhook(1_600_000_000_000_000_001L, "tok-a", GUILD);
    fake.interactions().addWebhook(1_600_000_000_000_000_002L, "tok-b", GUILD_B);
    Options base = options().string("name", "x").channel("channel", TEXT_B).string("schedule", "daily 09:00");

    assertThat(run(GUILD, MODERATOR, "create", copy(base).string("webhook", "http://hooks.example.com/x")))
        .contains("only https://");
    assertThat(run(GUILD, MODERATOR, "create", copy(base).string("webhook", "file:/tmp/out"))).contains("only https://");
    assertThat(run(GUILD, MODERATOR, "create", copy(base).string("webhook", "https://hooks.internal/x")))
        .contains("refused by the SSRF guard");
    assertThat(run(GUILD, MODERATOR, "create", copy(base)
        .string("webhook", "https://discord.com/api/webhooks/1600000000000000002/tok-b")))
        .contains("belongs to another server");
    assertThat(tasks()).isEmpty();

    Interaction ok = fake.interactions().command(GUILD, TEXT, MODERATOR, "create", copy(base)
        .string("webhook", "https://discord.com/api/webhooks/1600000000000000001/tok-a"));
    assertThat(fake.interactions().awaitText(ok)).startsWith("Created");
    assertThat(ok.initial().path("type").asInt()).as("a check that asks Discord defers first").isEqualTo(5);
    assertThat(ok.flags() & 64).isEqualTo(64);
    assertThat(tasks().get(0).destinations()).extracting(Destination::type).containsExactly(DestinationType.WEBHOOK);
    assertThat(tasks().get(0).destinations().get(0).secretRef()).isEmpty();
  }

  private static Options copy(Options o) {
    Options c = options();
    o.values.forEach((k, v) -> {
      c.values.put(k, v);
      c.types.put(k, o.types.get(k));
    });
    return c;
  }

  @Test
  void a_guild_gets_at_most_its_limit_of_tasks_and_no_schedule_more_frequent_than_the_minimum() throws Exception {
    restart(b -> b.maxTasksPerGuild(2));
    create("one", "daily 09:00");

    assertThat(run(GUILD, MODERATOR, "create", options().string("name", "often").channel("channel", TEXT_B)
        .string("schedule", "every 30m"))).contains("**schedule**").contains("at most every 1h");
    assertThat(run(GUILD, MODERATOR, "create", options().string("name", "cron").channel("channel", TEXT_B)
        .string("schedule", "0 9,10 * * *"))).as("an hour apart is allowed").startsWith("Created");
    assertThat(run(GUILD, MODERATOR, "create", options().string("name", "three").channel("channel", TEXT_B)
        .string("schedule", "daily 12:00"))).contains("the most allowed (2)");
    assertThat(tasks()).hasSize(2);
  }

  @Test
  void the_guilds_zone_is_stored_and_used_by_create_and_preview() throws Exception {
    assertThat(run(GUILD, MODERATOR, "timezone", options())).contains("**UTC**");
    assertThat(run(GUILD, MODERATOR, "timezone", options().string("zone", "Asia/Tokyo"))).contains("**Asia/Tokyo**");
    assertThat(store.guildSettings(GuildId.of(GUILD)).orElseThrow().zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
    assertThat(store.guildSettings(GuildId.of(GUILD_B))).isEmpty();

    id(run(GUILD, MODERATOR, "create", options().string("name", "tokyo").channel("channel", TEXT_B)
        .string("schedule", "daily 09:00")));
    assertThat(tasks().get(0).zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
    long tokyoNine = Instant.parse("2026-03-03T00:00:00Z").getEpochSecond();
    assertThat(run(GUILD, MODERATOR, "preview", options().string("schedule", "daily 09:00").integer("count", 2)))
        .contains("in Asia/Tokyo").contains("<t:" + tokyoNine + ":F>").contains("<t:" + (tokyoNine + 86_400) + ":F>");
    assertThat(run(GUILD, MODERATOR, "timezone", options().string("zone", "Mars/Olympus")))
        .contains("'Mars/Olympus' is not a known time zone");
  }

  @Test
  void autocomplete_answers_zones_and_this_guilds_tasks_from_cache_without_deferring() throws Exception {
    create("Weekly digest", "weekly MON 09:00");

    Interaction zones = fake.interactions().autocomplete(GUILD, TEXT, MODERATOR, "create",
        options().string("zone", "new_y").focus("zone"));
    fake.interactions().await(zones, i -> i.initial() != null, Duration.ofSeconds(10));
    assertThat(zones.initial().path("type").asInt()).isEqualTo(8);
    assertThat(zones.initial().path("data").path("choices")).extracting(c -> c.path("value").asText())
        .contains("America/New_York");

    Interaction mine = fake.interactions().autocomplete(GUILD, TEXT, MODERATOR, "show",
        options().string("task", "week").focus("task"));
    fake.interactions().await(mine, i -> i.initial() != null, Duration.ofSeconds(10));
    assertThat(mine.initial().path("data").path("choices")).extracting(c -> c.path("name").asText())
        .singleElement().asString().startsWith("Weekly digest (");

    Interaction theirs = fake.interactions().autocomplete(GUILD_B, OTHER_TEXT, MODERATOR_B, "show",
        options().string("task", "week").focus("task"));
    fake.interactions().await(theirs, i -> i.initial() != null, Duration.ofSeconds(10));
    assertThat(theirs.initial().path("data").path("choices")).isEmpty();
    assertThat(zones.errors).isEmpty();
  }

  @Test
  void a_guilds_first_task_autocomplete_reads_its_names_and_answers_with_them() throws Exception {
    // Created past Discord: no command of the guild has read its names yet.
    scheduler.schedule(org.summarybot.scheduling.engine.TaskSpec.builder().name("Weekly digest")
        .guild(GuildId.of(GUILD)).channel(ChannelId.of(TEXT_B)).schedule("weekly MON 09:00")
        .destination(Destination.discord(ChannelId.of(TEXT), DeliveryFormat.EMBED)).build());

    Interaction first = fake.interactions().autocomplete(GUILD, TEXT, MODERATOR, "show",
        options().string("task", "week").focus("task"));
    fake.interactions().await(first, i -> i.initial() != null, Duration.ofSeconds(10));

    assertThat(first.initial().path("type").asInt()).isEqualTo(8);
    assertThat(first.initial().path("data").path("choices")).extracting(c -> c.path("name").asText())
        .singleElement().asString().startsWith("Weekly digest (");
    assertThat(first.errors).as("answered once, within its time").isEmpty();
  }

  @Test
  void with_a_remote_store_every_command_defers_then_edits_the_ephemeral_reply() throws Exception {
    restart(b -> b.remoteStore(true));

    Interaction i = fake.interactions().command(GUILD, TEXT, MODERATOR, "list", options());
    String text = fake.interactions().awaitText(i);

    assertThat(i.initial().path("type").asInt()).isEqualTo(5);
    assertThat(i.initial().path("data").path("flags").asInt()).isEqualTo(64);
    assertThat(i.answers.get(i.answers.size() - 1)).startsWith("PATCH @original");
    assertThat(text).contains("No scheduled summaries");
    assertThat(i.flags() & 64).isEqualTo(64);
  }

  @Test
  void of_two_nodes_receiving_one_interaction_exactly_one_answers_it() throws Exception {
    java.util.concurrent.CountDownLatch claims = new java.util.concurrent.CountDownLatch(2);
    java.util.concurrent.atomic.AtomicInteger won = new java.util.concurrent.atomic.AtomicInteger();
    org.summarybot.scheduling.port.TaskStore watched = (org.summarybot.scheduling.port.TaskStore)
        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {org.summarybot.scheduling.port.TaskStore.class}, (proxy, method, args) -> {
              Object result = method.invoke(store, args);
              if (method.getName().equals("claimInteraction")) {
                if ((Boolean) result) {
                  won.incrementAndGet();
                }
                claims.countDown();
              }
              return result;
            });
    commands.close();
    try (DiscordAdapter second = fake.adapter(false)) {
      commands = ScheduleCommands.builder(adapter).operations(scheduler::forGuild).store(watched).clock(clock)
          .nodeId("node-a").build();
      commands.start();
      ScheduleCommands nodeB = ScheduleCommands.builder(second).operations(scheduler::forGuild).store(watched)
          .clock(clock).nodeId("node-b").build();
      nodeB.start();
      try {
        Interaction i = fake.interactions().command(GUILD, TEXT, MODERATOR, "list", options());

        assertThat(claims.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("both nodes got it").isTrue();
        assertThat(fake.interactions().awaitText(i)).contains("No scheduled summaries");
        assertThat(won.get()).isEqualTo(1);
        assertThat(i.answers).hasSize(1);
        assertThat(i.errors).as("no 40060 from a second answer").isEmpty();
      } finally {
        nodeB.close();
      }
    }
  }

  @Test
  void check_reports_what_the_bot_can_read_and_post_for_a_task() throws Exception {
    String id = create("Checked", "daily 09:00");

    String text = run(GUILD, MODERATOR, "check", options().string("task", id));

    assertThat(text).startsWith("✅").contains("Read Message History").contains("Send Messages");
  }
}

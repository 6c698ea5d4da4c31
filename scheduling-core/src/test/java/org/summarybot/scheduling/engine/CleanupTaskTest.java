package org.summarybot.scheduling.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.CleanupCounts;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskKind;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.schedule.ScheduleTriggerFactory;
import org.summarybot.scheduling.store.InMemoryTaskStore;
import org.summarybot.scheduling.testing.FakeClock;

/** Cleanup tasks of one guild and of every guild (operator tasks), driven by a FakeClock and "run what is due". */
class CleanupTaskTest {
  static final GuildId GUILD = GuildId.of(100);
  static final GuildId OTHER = GuildId.of(200);
  static final ChannelId DEV = ChannelId.of(11);
  static final Destination DIGEST = Destination.discord(ChannelId.of(22), DeliveryFormat.EMBED);
  static final Destination OTHER_DIGEST = Destination.discord(ChannelId.of(33), DeliveryFormat.EMBED);

  final FakeClock clock = FakeClock.at("2025-03-03T08:00:00Z");
  final InMemoryTaskStore store = new InMemoryTaskStore();
  final Fakes.Channels messages = new Fakes.Channels();
  final Fakes.ScriptedChannel discord = new Fakes.ScriptedChannel();
  final TaskScheduler scheduler = TaskScheduler.builder().store(store).clock(clock)
      .triggerFactory(new ScheduleTriggerFactory()).messageSource(messages)
      .summarizer(new Fakes.CountingSummarizer()).deliveryChannel(DestinationType.DISCORD_CHANNEL, discord)
      .notifier(new Fakes.Notifications()).nodeId("node-a").random(new SplittableRandom(42))
      .pollInterval(Duration.ofMillis(50)).lease(Duration.ofSeconds(30)).build();

  TaskSpec.Builder daily(GuildId guild, Destination to) {
    return TaskSpec.builder().name("digest " + guild).guild(guild).channel(DEV).schedule("daily 09:00")
        .zone(ZoneId.of("UTC")).destination(to)
        .options(org.summarybot.scheduling.model.SummaryOptions.DEFAULTS.withMinMessages(0));
  }

  TaskSpec.Builder cleanup(GuildId guild) {
    return TaskSpec.builder().name("cleanup").guild(guild).kind(TaskKind.CLEANUP).schedule("daily 03:00")
        .zone(ZoneId.of("UTC")).retention(Duration.ofDays(2));
  }

  /** Both digests run daily from 03-03 through 03-06. */
  ScheduledTask[] fourDaysOfTwoGuilds() {
    ScheduledTask mine = scheduler.schedule(daily(GUILD, DIGEST).build());
    ScheduledTask theirs = scheduler.schedule(daily(OTHER, OTHER_DIGEST).build());
    for (int day = 3; day <= 6; day++) {
      clock.set(Instant.parse("2025-03-0" + day + "T09:00:00Z"));
      assertThat(scheduler.runDueNow()).isEqualTo(2);
    }
    return new ScheduledTask[] {mine, theirs};
  }

  Optional<ExecutionRecord> lastOf(ScheduledTask t) {
    return store.history(t.id(), 1).stream().findFirst();
  }

  @Test
  void a_guild_cleanup_prunes_that_guilds_old_history_and_deliveries_and_records_how_much() {
    ScheduledTask[] digests = fourDaysOfTwoGuilds();
    discord.pruneRemoves = 3;
    ScheduledTask cleanup = scheduler.schedule(cleanup(GUILD).build());

    clock.set(Instant.parse("2025-03-07T03:00:00Z"));
    assertThat(scheduler.runDueNow()).isEqualTo(1);

    // Older than 2 days at 03-07 03:00: the runs of 03-03 and 03-04 of this guild only.
    assertThat(store.history(digests[0].id(), 10)).extracting(ExecutionRecord::scheduledFor)
        .containsExactly(Instant.parse("2025-03-06T09:00:00Z"), Instant.parse("2025-03-05T09:00:00Z"));
    assertThat(store.history(digests[1].id(), 10)).hasSize(4);
    assertThat(store.isDelivered(ExecutionId.of(digests[0].id(), Instant.parse("2025-03-03T09:00:00Z"))
        .deliveryKey(DIGEST))).isFalse();
    assertThat(store.isDelivered(ExecutionId.of(digests[1].id(), Instant.parse("2025-03-03T09:00:00Z"))
        .deliveryKey(OTHER_DIGEST))).isTrue();
    ExecutionRecord run = lastOf(cleanup).orElseThrow();
    assertThat(run.outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
    assertThat(run.removed()).contains(new CleanupCounts(2, 2, 3));
    assertThat(discord.pruned).singleElement().satisfies(call -> {
      assertThat(call.getKey()).as("the destinations of this guild's tasks only").containsExactly(DIGEST);
      assertThat(call.getValue()).isEqualTo(Instant.parse("2025-03-05T03:00:00Z"));
    });
  }

  @Test
  void an_operator_cleanup_spans_every_guild_and_no_guild_sees_it() {
    ScheduledTask[] digests = fourDaysOfTwoGuilds();
    ScheduledTask op = scheduler.schedule(cleanup(GuildId.OPERATOR).build());
    assertThat(op.isOperatorTask()).isTrue();

    clock.set(Instant.parse("2025-03-07T03:00:00Z"));
    assertThat(scheduler.runDueNow()).isEqualTo(1);

    assertThat(store.history(digests[0].id(), 10)).hasSize(2);
    assertThat(store.history(digests[1].id(), 10)).hasSize(2);
    assertThat(lastOf(op).orElseThrow().removed()).contains(new CleanupCounts(4, 4, 0));
    assertThat(discord.pruned).singleElement()
        .satisfies(call -> assertThat(call.getKey()).containsExactlyInAnyOrder(DIGEST, OTHER_DIGEST));

    TaskOperations guild = scheduler.forGuild(GUILD);
    assertThat(guild.list(TaskQuery.all())).extracting(ScheduledTask::id).containsExactly(digests[0].id());
    assertThat(guild.get(op.id())).isEmpty();
    assertThatThrownBy(() -> guild.pause(op.id())).isInstanceOf(TaskNotFoundException.class);
    assertThatThrownBy(() -> guild.schedule(cleanup(GuildId.OPERATOR).build()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("this view manages guild 100 only");
  }

  @Test
  void only_a_cleanup_task_may_span_every_guild() {
    assertThatThrownBy(() -> scheduler.schedule(daily(GuildId.OPERATOR, DIGEST).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("guild: only a cleanup task may span every guild");
    assertThatThrownBy(() -> GuildId.parse("0")).isInstanceOf(ValidationException.class)
        .hasMessageContaining("0 is not a Discord guild id");
    assertThat(store.list(TaskQuery.all())).isEmpty();
  }

  @Test
  void a_guild_cleanup_run_twice_removes_nothing_more() {
    fourDaysOfTwoGuilds();
    ScheduledTask cleanup = scheduler.schedule(cleanup(GUILD).build());
    clock.set(Instant.parse("2025-03-07T03:00:00Z"));
    scheduler.runDueNow();
    clock.advance(Duration.ofMinutes(1));
    scheduler.runNow(cleanup.id());
    assertThat(scheduler.runDueNow()).isEqualTo(1);
    assertThat(store.history(cleanup.id(), 10)).hasSize(2);
    assertThat(lastOf(cleanup).orElseThrow().removed()).contains(new CleanupCounts(0, 0, 0));
  }
}

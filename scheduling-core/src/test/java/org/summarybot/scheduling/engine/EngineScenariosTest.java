package org.summarybot.scheduling.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.VersionConflictException;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.DeliveryStatus;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.MisfirePolicy;
import org.summarybot.scheduling.model.RetryPolicy;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskKind;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.Notification;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.schedule.ScheduleTriggerFactory;
import org.summarybot.scheduling.store.InMemoryTaskStore;
import org.summarybot.scheduling.testing.FakeClock;

/** The engine's domain rules, each proven with a FakeClock and the manual "run what is due now" entry point. */
class EngineScenariosTest {
  static final GuildId GUILD = GuildId.of(100);
  static final GuildId OTHER_GUILD = GuildId.of(200);
  static final ChannelId DEV = ChannelId.of(11);
  static final Destination DIGEST = Destination.discord(ChannelId.of(22), DeliveryFormat.EMBED);
  static final Destination HOOK = Destination.webhook("https://hooks.example.com/summary", Optional.empty());

  final FakeClock clock = FakeClock.at("2025-03-03T08:00:00Z");
  final InMemoryTaskStore store = new InMemoryTaskStore();
  final Fakes.Channels messages = new Fakes.Channels();
  final Fakes.ScriptedChannel discord = new Fakes.ScriptedChannel();
  final Fakes.ScriptedChannel webhooks = new Fakes.ScriptedChannel();
  final Fakes.Notifications notifications = new Fakes.Notifications();
  final List<SchedulerEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
  final TaskScheduler scheduler = schedulerNamed("node-a");

  TaskScheduler schedulerNamed(String node) {
    return TaskScheduler.builder().store(store).clock(clock).triggerFactory(new ScheduleTriggerFactory())
        .messageSource(messages).summarizer(new Fakes.CountingSummarizer())
        .deliveryChannel(DestinationType.DISCORD_CHANNEL, discord).deliveryChannel(DestinationType.WEBHOOK, webhooks)
        .notifier(notifications).listener(events::add).nodeId(node).random(new SplittableRandom(42))
        .pollInterval(Duration.ofMillis(50)).lease(Duration.ofSeconds(30)).build();
  }

  TaskSpec.Builder daily() {
    return TaskSpec.builder().name("dev digest").guild(GUILD).channel(DEV).schedule("daily 09:00")
        .zone(ZoneId.of("UTC")).destination(DIGEST);
  }

  void chatter(Instant from, Instant to, int perHour) {
    for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(60 / perHour))) {
      messages.post(DEV, t, "alice", "hello at " + t);
    }
  }

  List<ExecutionRecord> history(ScheduledTask t) {
    return store.history(t.id(), 100);
  }

  @Test
  void every_channel_is_read_through_the_guild_aware_fetch_naming_the_tasks_guild() {
    ChannelId ops = ChannelId.of(12);
    chatter(Instant.parse("2025-03-02T00:00:00Z"), Instant.parse("2025-03-03T09:00:00Z"), 1);
    ScheduledTask t = scheduler.schedule(daily().guild(OTHER_GUILD).channels(List.of(DEV, ops)).build());

    clock.set(Instant.parse("2025-03-03T09:00:01Z"));
    assertThat(scheduler.runDueNow()).isEqualTo(1);

    assertThat(history(t).get(0).outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
    assertThat(messages.guilds).as("a source that knows guilds can refuse another guild's channel")
        .containsExactly(OTHER_GUILD, OTHER_GUILD);
  }

  @Test
  void first_run_covers_one_schedule_period_and_delivers_once() {
    chatter(Instant.parse("2025-03-02T00:00:00Z"), Instant.parse("2025-03-03T09:00:00Z"), 1);
    ScheduledTask t = scheduler.schedule(daily().build());
    assertThat(t.nextRun()).contains(Instant.parse("2025-03-03T09:00:00Z"));

    clock.set(Instant.parse("2025-03-03T09:00:01Z"));
    assertThat(scheduler.runDueNow()).isEqualTo(1);

    ExecutionRecord r = history(t).get(0);
    assertThat(r.outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
    assertThat(r.window()).contains(TimeWindow.of(Instant.parse("2025-03-02T09:00:00Z"), Instant.parse("2025-03-03T09:00:00Z")));
    assertThat(r.messageCount()).isEqualTo(24);
    assertThat(r.id()).isEqualTo(ExecutionId.of(t.id(), Instant.parse("2025-03-03T09:00:00Z")));
    assertThat(discord.deliveredTo(DIGEST.key())).isEqualTo(1);
    ScheduledTask after = store.get(t.id()).orElseThrow();
    assertThat(after.nextRun()).contains(Instant.parse("2025-03-04T09:00:00Z"));
    assertThat(after.lastWindowEnd()).contains(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(after.stats().successes()).isEqualTo(1);
    assertThat(scheduler.runDueNow()).isZero();
  }

  @Test
  void consecutive_windows_neither_overlap_nor_leave_gaps() {
    chatter(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-03-06T00:00:00Z"), 2);
    ScheduledTask t = scheduler.schedule(daily().build());
    for (int day = 3; day <= 5; day++) {
      clock.set(Instant.parse("2025-03-0" + day + "T09:00:00Z"));
      scheduler.runDueNow();
    }
    List<ExecutionRecord> h = history(t);
    assertThat(h).hasSize(3);
    assertThat(h.get(0).window().orElseThrow().from()).isEqualTo(h.get(1).window().orElseThrow().to());
    assertThat(h.get(1).window().orElseThrow().from()).isEqualTo(h.get(2).window().orElseThrow().to());
    assertThat(h.stream().mapToInt(ExecutionRecord::messageCount).sum()).isEqualTo(3 * 48);
  }

  @Test
  void scheduler_down_three_days_with_catch_up_once_runs_one_catch_up_covering_all_three_days() {
    chatter(Instant.parse("2025-03-02T00:00:00Z"), Instant.parse("2025-03-07T00:00:00Z"), 1);
    ScheduledTask t = scheduler.schedule(daily().build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    scheduler.runDueNow();

    // Down from after the 03-03 run until 03-06 10:00: fires of 03-04, 03-05 and 03-06 were not run on time.
    clock.set(Instant.parse("2025-03-06T10:00:00Z"));
    assertThat(scheduler.runDueNow()).isEqualTo(1);

    List<ExecutionRecord> h = history(t);
    ExecutionRecord catchUp = h.get(0);
    assertThat(catchUp.outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
    assertThat(catchUp.scheduledFor()).isEqualTo(Instant.parse("2025-03-06T09:00:00Z"));
    assertThat(catchUp.window()).contains(TimeWindow.of(Instant.parse("2025-03-03T09:00:00Z"), Instant.parse("2025-03-06T09:00:00Z")));
    assertThat(catchUp.messageCount()).isEqualTo(72);
    ExecutionRecord coalesced = h.get(1);
    assertThat(coalesced.outcome()).isEqualTo(ExecutionOutcome.MISSED);
    assertThat(coalesced.missedCount()).isEqualTo(2);
    assertThat(coalesced.scheduledFor()).isEqualTo(Instant.parse("2025-03-04T09:00:00Z"));
    assertThat(coalesced.missedThrough()).contains(Instant.parse("2025-03-05T09:00:00Z"));
    assertThat(discord.deliveredTo(DIGEST.key())).isEqualTo(2);
    assertThat(store.get(t.id()).orElseThrow().nextRun()).contains(Instant.parse("2025-03-07T09:00:00Z"));
  }

  @Test
  void scheduler_down_three_days_with_skip_records_the_misses_as_one_range_then_runs_the_next_regular_fire() {
    chatter(Instant.parse("2025-03-02T09:00:00Z"), Instant.parse("2025-03-03T09:00:00Z"), 1);
    ScheduledTask t = scheduler.schedule(daily().misfirePolicy(MisfirePolicy.SKIP).build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    scheduler.runDueNow();
    clock.set(Instant.parse("2025-03-06T10:00:00Z"));
    assertThat(scheduler.runDueNow()).isEqualTo(1);

    List<ExecutionRecord> h = history(t);
    assertThat(h).hasSize(2);
    ExecutionRecord missed = h.get(0);
    assertThat(missed.outcome()).isEqualTo(ExecutionOutcome.MISSED);
    assertThat(missed.missedCount()).isEqualTo(3);
    assertThat(missed.scheduledFor()).isEqualTo(Instant.parse("2025-03-04T09:00:00Z"));
    assertThat(missed.missedThrough()).contains(Instant.parse("2025-03-06T09:00:00Z"));
    assertThat(events).anyMatch(e -> e instanceof SchedulerEvent.Missed);
    assertThat(discord.deliveredTo(DIGEST.key())).isEqualTo(1);

    clock.set(Instant.parse("2025-03-07T09:00:00Z"));
    scheduler.runDueNow();
    assertThat(history(t).get(0).outcome()).isEqualTo(ExecutionOutcome.SKIPPED_NO_CONTENT);
    assertThat(history(t).get(0).scheduledFor()).isEqualTo(Instant.parse("2025-03-07T09:00:00Z"));
    assertThat(store.get(t.id()).orElseThrow().stats().missed()).isEqualTo(3);
  }

  @Test
  void catch_up_all_runs_each_missed_fire_up_to_the_limit_and_records_the_rest_as_missed() {
    ScheduledTask t = scheduler.schedule(daily().misfirePolicy(MisfirePolicy.CATCH_UP_ALL).catchUpLimit(2)
        .options(org.summarybot.scheduling.model.SummaryOptions.DEFAULTS.withMinMessages(0)).build());
    clock.set(Instant.parse("2025-03-07T10:00:00Z"));
    scheduler.runDueNow();
    List<ExecutionRecord> h = history(t);
    assertThat(h).extracting(ExecutionRecord::outcome).containsExactly(
        ExecutionOutcome.SUCCEEDED, ExecutionOutcome.SUCCEEDED, ExecutionOutcome.MISSED);
    assertThat(h.get(2).missedCount()).isEqualTo(3);
    assertThat(h.get(1).scheduledFor()).isEqualTo(Instant.parse("2025-03-06T09:00:00Z"));
    assertThat(h.get(0).scheduledFor()).isEqualTo(Instant.parse("2025-03-07T09:00:00Z"));
  }

  @Test
  void transient_webhook_failures_retry_and_each_destination_gets_exactly_one_delivery() {
    chatter(Instant.parse("2025-03-02T09:00:00Z"), Instant.parse("2025-03-03T09:00:00Z"), 1);
    webhooks.then(HOOK.key(), Fakes.transientFailure("503"), Fakes.transientFailure("connection reset"));
    ScheduledTask t = scheduler.schedule(daily().destinations(List.of(DIGEST, HOOK))
        .retryPolicy(new RetryPolicy(5, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5))).build());

    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    scheduler.runDueNow();
    ScheduledTask waiting = store.get(t.id()).orElseThrow();
    assertThat(waiting.pending()).isPresent();
    assertThat(waiting.pending().get().nextAttempt()).isEqualTo(2);
    assertThat(history(t)).isEmpty();

    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(1));
      scheduler.runDueNow();
    }
    assertThat(discord.deliveredTo(DIGEST.key())).isEqualTo(1);
    assertThat(webhooks.deliveredTo(HOOK.key())).isEqualTo(1);
    assertThat(webhooks.calls).hasSize(3);
    assertThat(webhooks.calls).extracting(r -> r.idempotencyKey()).containsOnly(webhooks.calls.get(0).idempotencyKey());
    ExecutionRecord r = history(t).get(0);
    assertThat(r.outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(r.scheduledFor()).isEqualTo(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(r.messageCount()).isEqualTo(24);
    assertThat(messages.fetched).containsOnly(TimeWindow.of(Instant.parse("2025-03-02T09:00:00Z"), Instant.parse("2025-03-03T09:00:00Z")));
    assertThat(events).filteredOn(e -> e instanceof SchedulerEvent.Retrying).hasSize(2);
    assertThat(store.get(t.id()).orElseThrow().pending()).isEmpty();
  }

  @Test
  void a_retry_delivers_the_summary_of_the_first_attempt_even_when_the_channel_changed_meanwhile() {
    chatter(Instant.parse("2025-03-02T09:00:00Z"), Instant.parse("2025-03-03T09:00:00Z"), 1);
    webhooks.then(HOOK.key(), Fakes.transientFailure("503"));
    ScheduledTask t = scheduler.schedule(daily().destinations(List.of(DIGEST, HOOK))
        .retryPolicy(new RetryPolicy(5, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5))).build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    scheduler.runDueNow();
    assertThat(store.get(t.id()).orElseThrow().pending().orElseThrow().summary()).as("kept with the retry")
        .hasValueSatisfying(sum -> assertThat(sum.messageCount()).isEqualTo(24));
    // Between the attempts the window's messages change: one arrives late (a slow bridge), timestamped inside it.
    messages.post(DEV, Instant.parse("2025-03-03T08:30:00Z"), "bob", "late but inside the window");

    clock.advance(Duration.ofMinutes(1));
    scheduler.runDueNow();

    assertThat(webhooks.calls).hasSize(2);
    assertThat(webhooks.calls.get(1).summary()).as("the retry's body").isEqualTo(webhooks.calls.get(0).summary())
        .isEqualTo(discord.delivered.get(0).summary());
    assertThat(messages.fetched).as("the window was read once, by the first attempt").hasSize(1);
    ExecutionRecord r = history(t).get(0);
    assertThat(r.outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.messageCount()).as("the messages the delivered summary covers").isEqualTo(24);
    assertThat(store.get(t.id()).orElseThrow().pending()).isEmpty();
  }

  @Test
  void a_retry_waits_for_the_servers_retry_after_when_it_is_longer_than_the_backoff() {
    chatter(Instant.parse("2025-03-02T09:00:00Z"), Instant.parse("2025-03-03T09:00:00Z"), 1);
    discord.then(DIGEST.key(), Fakes.retryAfter(Duration.ofMinutes(10)));
    ScheduledTask t = scheduler.schedule(daily().retryPolicy(new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5))).build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    scheduler.runDueNow();
    assertThat(store.get(t.id()).orElseThrow().pending().orElseThrow().dueAt())
        .isEqualTo(Instant.parse("2025-03-03T09:10:00Z"));
    clock.set(Instant.parse("2025-03-03T09:09:59Z"));
    assertThat(scheduler.runDueNow()).isZero();
    clock.set(Instant.parse("2025-03-03T09:10:00Z"));
    assertThat(scheduler.runDueNow()).isEqualTo(1);
    assertThat(history(t).get(0).outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
  }

  @Test
  void five_consecutive_failures_disable_the_task_notify_once_and_resume_reenables_it() {
    discord.alwaysFail(DIGEST.key(), 5, DeliveryOutcome.failed("400 bad request"));
    ScheduledTask t = scheduler.schedule(daily().options(org.summarybot.scheduling.model.SummaryOptions.DEFAULTS.withMinMessages(0)).build());
    for (int day = 3; day <= 8; day++) {
      clock.set(Instant.parse("2025-03-0" + day + "T09:00:00Z"));
      scheduler.runDueNow();
    }
    ScheduledTask disabled = store.get(t.id()).orElseThrow();
    assertThat(disabled.status()).isEqualTo(TaskStatus.DISABLED);
    assertThat(disabled.statusReason().orElseThrow()).contains("5 consecutive").contains("400 bad request");
    assertThat(history(t)).hasSize(5).allMatch(r -> r.outcome() == ExecutionOutcome.FAILED);
    assertThat(notifications.count(Notification.TaskDisabled.class)).isEqualTo(1);
    assertThat(notifications.count(Notification.ExecutionFailed.class)).isEqualTo(5);
    assertThat(events).filteredOn(e -> e instanceof SchedulerEvent.Disabled).hasSize(1);

    ScheduledTask resumed = scheduler.resume(t.id(), ResumeMode.FROM_NOW);
    assertThat(resumed.status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(resumed.stats().consecutiveFailures()).isZero();
    assertThat(resumed.nextRun()).contains(Instant.parse("2025-03-09T09:00:00Z"));
    clock.set(Instant.parse("2025-03-09T09:00:00Z"));
    scheduler.runDueNow();
    assertThat(history(t).get(0).outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
  }

  @Test
  void a_destination_that_is_gone_is_disabled_alone_and_the_others_still_get_the_summary() {
    chatter(Instant.parse("2025-03-02T09:00:00Z"), Instant.parse("2025-03-03T09:00:00Z"), 1);
    webhooks.then(HOOK.key(), DeliveryOutcome.gone("410 Gone"));
    ScheduledTask t = scheduler.schedule(daily().destinations(List.of(DIGEST, HOOK)).build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    scheduler.runDueNow();
    ExecutionRecord r = history(t).get(0);
    assertThat(r.outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
    assertThat(r.deliveries()).extracting(d -> d.status()).containsExactly(DeliveryStatus.DELIVERED, DeliveryStatus.DISABLED);
    ScheduledTask after = store.get(t.id()).orElseThrow();
    assertThat(after.destinations().get(1).enabled()).isFalse();
    assertThat(after.destinations().get(1).disabledReason()).contains("410 Gone");
    assertThat(notifications.count(Notification.DestinationDisabled.class)).isEqualTo(1);

    clock.set(Instant.parse("2025-03-04T09:00:00Z"));
    scheduler.runDueNow();
    assertThat(webhooks.calls).hasSize(1);
    assertThat(scheduler.resume(t.id(), ResumeMode.CATCH_UP).destinations().get(1).enabled()).isTrue();
  }

  @Test
  void a_window_with_too_few_messages_is_skipped_for_no_content_and_min_messages_zero_still_delivers() {
    ScheduledTask quiet = scheduler.schedule(daily().build());
    ScheduledTask always = scheduler.schedule(daily().name("always").options(
        org.summarybot.scheduling.model.SummaryOptions.DEFAULTS.withMinMessages(0)).build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    scheduler.runDueNow();
    assertThat(history(quiet).get(0).outcome()).isEqualTo(ExecutionOutcome.SKIPPED_NO_CONTENT);
    assertThat(history(always).get(0).outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
    assertThat(discord.delivered).hasSize(1);
    assertThat(discord.delivered.get(0).task().id()).isEqualTo(always.id());
    assertThat(store.get(quiet.id()).orElseThrow().lastWindowEnd()).contains(Instant.parse("2025-03-03T09:00:00Z"));
  }

  @Test
  void a_failed_execution_does_not_advance_the_window_so_its_messages_are_summarised_next_time() {
    chatter(Instant.parse("2025-03-02T09:00:00Z"), Instant.parse("2025-03-04T09:00:00Z"), 1);
    discord.then(DIGEST.key(), DeliveryOutcome.failed("403 missing permission"));
    ScheduledTask t = scheduler.schedule(daily().build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    scheduler.runDueNow();
    clock.set(Instant.parse("2025-03-04T09:00:00Z"));
    scheduler.runDueNow();
    List<ExecutionRecord> h = history(t);
    assertThat(h.get(1).outcome()).isEqualTo(ExecutionOutcome.FAILED);
    assertThat(h.get(0).outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
    assertThat(h.get(0).window().orElseThrow().from()).isEqualTo(Instant.parse("2025-03-02T09:00:00Z"));
    assertThat(h.get(0).messageCount()).isEqualTo(48);
  }

  @Test
  void a_once_task_completes_after_its_run() {
    ScheduledTask t = scheduler.schedule(daily().schedule("once 2025-03-03T12:00").options(
        org.summarybot.scheduling.model.SummaryOptions.DEFAULTS.withMinMessages(0)).build());
    clock.set(Instant.parse("2025-03-03T12:00:00Z"));
    scheduler.runDueNow();
    ScheduledTask after = store.get(t.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(after.nextRun()).isEmpty();
    assertThat(history(t)).hasSize(1);
  }

  @Test
  void a_schedule_that_can_never_fire_again_is_refused_when_creating_a_task() {
    assertThatThrownBy(() -> scheduler.schedule(daily().schedule("once 2020-01-01T00:00").build()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("never fires");
    assertThat(store.size()).isZero();
  }

  @Test
  void an_invalid_spec_reports_every_problem_in_one_error_and_stores_nothing() {
    TaskSpec bad = TaskSpec.builder().name(" ").channels(List.of()).schedule("daily 25:00")
        .destinations(List.of()).maxConsecutiveFailures(0).build();
    assertThatThrownBy(() -> scheduler.schedule(bad)).isInstanceOfSatisfying(ValidationException.class, e ->
        assertThat(e.problems()).extracting(p -> p.field())
            .contains("name", "guild", "schedule", "channels", "destinations", "maxConsecutiveFailures"));
    assertThat(store.size()).isZero();
    assertThat(events).isEmpty();
  }

  @Test
  void guild_scoped_operations_cannot_see_or_change_another_guilds_tasks() {
    ScheduledTask mine = scheduler.forGuild(GUILD).schedule(daily().build());
    ScheduledTask theirs = scheduler.schedule(daily().guild(OTHER_GUILD).build());
    TaskOperations view = scheduler.forGuild(GUILD);

    assertThat(view.list(TaskQuery.all())).extracting(ScheduledTask::id).containsExactly(mine.id());
    assertThat(view.get(theirs.id())).isEmpty();
    assertThatThrownBy(() -> view.pause(theirs.id())).isInstanceOf(TaskNotFoundException.class);
    assertThatThrownBy(() -> view.status(theirs.id())).isInstanceOf(TaskNotFoundException.class);
    assertThatThrownBy(() -> view.history(theirs.id(), 5)).isInstanceOf(TaskNotFoundException.class);
    assertThatThrownBy(() -> view.runNow(theirs.id())).isInstanceOf(TaskNotFoundException.class);
    assertThat(view.cancel(theirs.id())).isFalse();
    assertThatThrownBy(() -> view.schedule(daily().guild(OTHER_GUILD).build())).isInstanceOf(ValidationException.class);
    assertThat(store.get(theirs.id()).orElseThrow().status()).isEqualTo(TaskStatus.ACTIVE);
  }

  @Test
  void an_update_based_on_a_stale_version_is_a_conflict_and_changes_nothing() {
    ScheduledTask t = scheduler.schedule(daily().build());
    scheduler.update(t.id(), t.version(), TaskSpec.of(t).toBuilder().name("renamed").build());
    assertThatThrownBy(() -> scheduler.update(t.id(), t.version(), TaskSpec.of(t).toBuilder().name("lost").build()))
        .isInstanceOf(VersionConflictException.class).hasMessageContaining("re-read");
    assertThat(store.get(t.id()).orElseThrow().name()).isEqualTo("renamed");
  }

  @Test
  void changing_the_schedule_recomputes_the_next_run() {
    ScheduledTask t = scheduler.schedule(daily().build());
    ScheduledTask changed = scheduler.update(t.id(), t.version(), TaskSpec.of(t).toBuilder().schedule("daily 18:30").build());
    assertThat(changed.nextRun()).contains(Instant.parse("2025-03-03T18:30:00Z"));
  }

  @Test
  void run_now_executes_once_with_its_window_reaching_back_to_the_last_successful_window() {
    chatter(Instant.parse("2025-03-02T00:00:00Z"), Instant.parse("2025-03-03T12:00:00Z"), 1);
    ScheduledTask t = scheduler.schedule(daily().build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    scheduler.runDueNow();
    clock.set(Instant.parse("2025-03-03T11:30:00Z"));
    scheduler.runNow(t.id());
    assertThat(scheduler.runDueNow()).isEqualTo(1);
    ExecutionRecord r = history(t).get(0);
    assertThat(r.window()).contains(TimeWindow.of(Instant.parse("2025-03-03T09:00:00Z"), Instant.parse("2025-03-03T11:30:00Z")));
    assertThat(r.messageCount()).isEqualTo(3);
    assertThat(store.get(t.id()).orElseThrow().nextRun()).contains(Instant.parse("2025-03-04T09:00:00Z"));
  }

  @Test
  void a_cleanup_task_prunes_history_older_than_its_retention() {
    ScheduledTask summary = scheduler.schedule(daily().options(org.summarybot.scheduling.model.SummaryOptions.DEFAULTS.withMinMessages(0)).build());
    for (int day = 3; day <= 9; day++) {
      clock.set(Instant.parse("2025-03-0" + day + "T09:00:00Z"));
      scheduler.runDueNow();
    }
    assertThat(history(summary)).hasSize(7);
    scheduler.schedule(TaskSpec.builder().name("cleanup").guild(GUILD).kind(TaskKind.CLEANUP)
        .schedule("daily 10:00").retention(Duration.ofDays(3)).build());
    clock.set(Instant.parse("2025-03-09T10:00:00Z"));
    scheduler.runDueNow();
    assertThat(history(summary)).extracting(ExecutionRecord::scheduledFor).containsExactly(
        Instant.parse("2025-03-09T09:00:00Z"), Instant.parse("2025-03-08T09:00:00Z"), Instant.parse("2025-03-07T09:00:00Z"));
  }

  @Test
  void pausing_keeps_a_task_from_firing_and_resume_catch_up_handles_what_was_missed() {
    chatter(Instant.parse("2025-03-02T09:00:00Z"), Instant.parse("2025-03-06T09:00:00Z"), 1);
    ScheduledTask t = scheduler.schedule(daily().build());
    scheduler.pause(t.id());
    clock.set(Instant.parse("2025-03-05T12:00:00Z"));
    assertThat(scheduler.runDueNow()).isZero();
    scheduler.resume(t.id(), ResumeMode.CATCH_UP);
    scheduler.runDueNow();
    ExecutionRecord r = history(t).get(0);
    assertThat(r.outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
    assertThat(r.scheduledFor()).isEqualTo(Instant.parse("2025-03-05T09:00:00Z"));
    assertThat(r.messageCount()).isEqualTo(72);
  }

  @Test
  void a_listener_that_throws_is_logged_and_does_not_break_the_engine() {
    TaskScheduler s = TaskScheduler.builder().store(store).clock(clock).triggerFactory(new ScheduleTriggerFactory())
        .messageSource(messages).summarizer(new Fakes.CountingSummarizer())
        .deliveryChannel(DestinationType.DISCORD_CHANNEL, discord)
        .listener(e -> { throw new IllegalStateException("listener bug"); }).build();
    ScheduledTask t = s.schedule(daily().options(org.summarybot.scheduling.model.SummaryOptions.DEFAULTS.withMinMessages(0)).build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(s.runDueNow()).isEqualTo(1);
    assertThat(history(t).get(0).outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
  }

  @Test
  void the_builder_names_every_missing_or_repeated_setting() {
    assertThatThrownBy(() -> TaskScheduler.builder().nodeId("a").nodeId("b").pollInterval(Duration.ofSeconds(10))
        .lease(Duration.ofSeconds(5)).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).extracting(p -> p.field())
            .contains("nodeId", "store", "triggerFactory", "messageSource", "summarizer", "lease"));
  }

  @Test
  void stats_count_tasks_by_status_and_executions_of_this_node() {
    scheduler.schedule(daily().options(org.summarybot.scheduling.model.SummaryOptions.DEFAULTS.withMinMessages(0)).build());
    ScheduledTask paused = scheduler.schedule(daily().name("p").build());
    scheduler.pause(paused.id());
    clock.set(Instant.parse("2025-03-03T09:00:02Z"));
    scheduler.runDueNow();
    SchedulerStats s = scheduler.stats();
    assertThat(s.tasksByStatus()).containsEntry(TaskStatus.ACTIVE, 1L).containsEntry(TaskStatus.PAUSED, 1L);
    assertThat(s.executed()).isEqualTo(1);
    assertThat(s.latenessP99()).contains(Duration.ofSeconds(2));
  }

  @Test
  void status_reports_the_next_three_runs_and_the_last_execution() {
    ScheduledTask t = scheduler.schedule(daily().schedule("weekly MON,FRI 09:00").build());
    TaskReport r = scheduler.status(t.id());
    assertThat(r.nextRuns()).containsExactly(Instant.parse("2025-03-03T09:00:00Z"),
        Instant.parse("2025-03-07T09:00:00Z"), Instant.parse("2025-03-10T09:00:00Z"));
    assertThat(r.lastExecution()).isEmpty();
  }

  @Test
  void a_daily_summary_is_neither_skipped_nor_doubled_across_both_dst_changes() {
    clock.set(Instant.parse("2025-03-25T00:00:00Z"));
    ScheduledTask t = scheduler.schedule(daily().schedule("daily 02:30").zone(ZoneId.of("Europe/Berlin"))
        .options(org.summarybot.scheduling.model.SummaryOptions.DEFAULTS.withMinMessages(0)).build());
    for (Instant now = clock.now(); now.isBefore(Instant.parse("2025-11-05T00:00:00Z")); now = now.plus(Duration.ofMinutes(30))) {
      clock.set(now);
      scheduler.runDueNow();
    }
    List<ExecutionRecord> h = store.history(t.id(), 1000);
    java.util.Set<java.time.LocalDate> days = new java.util.HashSet<>();
    for (ExecutionRecord r : h) {
      assertThat(r.outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
      assertThat(days.add(r.scheduledFor().atZone(ZoneId.of("Europe/Berlin")).toLocalDate())).isTrue();
    }
    assertThat(days).hasSize(225);
    assertThat(h).anyMatch(r -> r.scheduledFor().equals(Instant.parse("2025-03-30T01:30:00Z")));
    assertThat(h).anyMatch(r -> r.scheduledFor().equals(Instant.parse("2025-10-26T00:30:00Z")));
  }

  @Test
  void on_start_stored_next_runs_of_wall_clock_schedules_are_recomputed_with_current_tzdata() {
    ScheduledTask t = scheduler.schedule(daily().zone(ZoneId.of("Europe/Berlin")).build());
    ScheduledTask every = scheduler.schedule(daily().name("every").schedule("every 6h").build());
    // As if computed by a JVM whose tzdata put Berlin an hour off: the stored instant is wrong for 09:00 local.
    store.update(store.get(t.id()).orElseThrow().toBuilder().nextRun(Optional.of(Instant.parse("2025-03-04T09:00:00Z"))).build());
    Instant everyNext = store.get(every.id()).orElseThrow().nextRun().orElseThrow();
    scheduler.start();
    try {
      assertThat(store.get(t.id()).orElseThrow().nextRun()).contains(Instant.parse("2025-03-03T08:00:00Z").plus(Duration.ofDays(1)));
      assertThat(store.get(every.id()).orElseThrow().nextRun()).contains(everyNext);
    } finally {
      scheduler.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void run_now_is_refused_for_a_paused_task_with_a_reason() {
    ScheduledTask t = scheduler.schedule(daily().build());
    scheduler.pause(t.id());
    assertThatThrownBy(() -> scheduler.runNow(t.id())).isInstanceOf(ValidationException.class)
        .hasMessageContaining("PAUSED");
  }

  @Test
  void a_stored_task_whose_schedule_no_longer_parses_is_disabled_with_the_reason_not_retried_forever() {
    ScheduledTask t = scheduler.schedule(daily().build());
    store.update(store.get(t.id()).orElseThrow().toBuilder().schedule("fortnightly 09:00").build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(scheduler.runDueNow()).isEqualTo(1);
    ScheduledTask after = store.get(t.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(TaskStatus.DISABLED);
    assertThat(after.statusReason().orElseThrow()).contains("fortnightly");
    assertThat(notifications.count(Notification.TaskDisabled.class)).isEqualTo(1);
  }

  /** A run asked for while the task runs is kept by the completion, not overwritten, and runs next. */
  @Test
  void run_now_asked_while_the_task_runs_is_kept_and_runs_after_it() {
    ScheduledTask t = scheduler.schedule(daily().options(org.summarybot.scheduling.model.SummaryOptions.DEFAULTS.withMinMessages(0)).build());
    discord.onCall = () -> {
      discord.onCall = () -> {};
      clock.advance(Duration.ofMinutes(1));
      scheduler.runNow(t.id());
    };
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(scheduler.runDueNow()).as("the scheduled run, then the run asked for during it").isEqualTo(2);
    assertThat(history(t)).extracting(ExecutionRecord::scheduledFor)
        .containsExactly(Instant.parse("2025-03-03T09:01:00Z"), Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(store.get(t.id()).orElseThrow().pending()).isEmpty();
    assertThat(store.get(t.id()).orElseThrow().nextRun()).contains(Instant.parse("2025-03-04T09:00:00Z"));
  }

  /**
   * A run asked for while an execution runs (a daemon's, say) starts its window where that execution's ended, not
   * where the last window ended when it was asked: no message is summarised twice.
   */
  @Test
  void run_now_asked_while_an_execution_runs_starts_its_window_where_that_execution_ended() {
    chatter(Instant.parse("2025-03-02T09:00:00Z"), Instant.parse("2025-03-03T09:30:00Z"), 4);
    ScheduledTask t = scheduler.schedule(daily().build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    scheduler.runDueNow();
    discord.onCall = () -> {
      discord.onCall = () -> {};
      clock.advance(Duration.ofMinutes(20));
      scheduler.runNow(t.id());
    };
    clock.set(Instant.parse("2025-03-04T09:00:00Z"));
    chatter(Instant.parse("2025-03-03T09:30:00Z"), Instant.parse("2025-03-04T09:30:00Z"), 4);

    assertThat(scheduler.runDueNow()).as("the scheduled run, then the run asked for during it").isEqualTo(2);

    List<ExecutionRecord> runs = history(t);
    assertThat(runs).extracting(r -> r.window().orElseThrow()).containsExactly(
        TimeWindow.of(Instant.parse("2025-03-04T09:00:00Z"), Instant.parse("2025-03-04T09:20:00Z")),
        TimeWindow.of(Instant.parse("2025-03-03T09:00:00Z"), Instant.parse("2025-03-04T09:00:00Z")),
        TimeWindow.of(Instant.parse("2025-03-02T09:00:00Z"), Instant.parse("2025-03-03T09:00:00Z")));
    assertThat(runs.get(0).messageCount()).as("the messages of the 20 minutes after the daily run").isEqualTo(2);
  }

  /**
   * A run asked for on a task whose regular fires are overdue (the daemon was down) is one execution: its window
   * covers them, they are recorded as coalesced into it, and none runs after it.
   */
  @Test
  void run_now_on_a_task_with_overdue_fires_runs_once_and_records_them_as_coalesced() {
    ScheduledTask t = scheduler.schedule(daily().schedule("every 1h")
        .options(org.summarybot.scheduling.model.SummaryOptions.DEFAULTS.withMinMessages(0)).build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(scheduler.runDueNow()).isEqualTo(1);
    clock.set(Instant.parse("2025-03-03T18:02:00Z"));
    scheduler.runNow(t.id());

    assertThat(scheduler.runDueNow()).as("one execution").isEqualTo(1);
    assertThat(scheduler.runDueNow()).as("nothing overdue is left").isZero();

    List<ExecutionRecord> runs = history(t);
    assertThat(runs).hasSize(3);
    ExecutionRecord asked = runs.get(0);
    assertThat(asked.outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
    assertThat(asked.window()).contains(TimeWindow.of(Instant.parse("2025-03-03T09:00:00Z"), Instant.parse("2025-03-03T18:02:00Z")));
    ExecutionRecord coalesced = runs.get(1);
    assertThat(coalesced.outcome()).isEqualTo(ExecutionOutcome.MISSED);
    assertThat(coalesced.scheduledFor()).isEqualTo(Instant.parse("2025-03-03T10:00:00Z"));
    assertThat(coalesced.missedCount()).isEqualTo(9);
    assertThat(coalesced.missedThrough()).contains(Instant.parse("2025-03-03T18:00:00Z"));
    assertThat(coalesced.errorMessage()).hasValueSatisfying(m -> assertThat(m).contains("coalesced into the run asked for"));
    assertThat(store.get(t.id()).orElseThrow().nextRun()).contains(Instant.parse("2025-03-03T19:00:00Z"));
    assertThat(discord.delivered).hasSize(2);
  }

  @Test
  void resume_of_an_active_task_keeps_its_window_and_pending_retry_and_only_reenables_destinations() {
    chatter(Instant.parse("2025-03-02T09:00:00Z"), Instant.parse("2025-03-03T09:00:00Z"), 1);
    discord.then(DIGEST.key(), Fakes.transientFailure("503"));
    webhooks.then(HOOK.key(), DeliveryOutcome.gone("HTTP 410 Gone"));
    ScheduledTask t = scheduler.schedule(daily().destinations(List.of(HOOK, DIGEST)).build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    scheduler.runDueNow();
    ScheduledTask retrying = store.get(t.id()).orElseThrow();
    assertThat(retrying.pending()).isPresent();
    assertThat(retrying.destinations().get(0).enabled()).isFalse();

    ScheduledTask resumed = scheduler.resume(t.id(), ResumeMode.FROM_NOW);

    assertThat(resumed.status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(resumed.pending()).as("the retry is kept").isEqualTo(retrying.pending());
    assertThat(resumed.lastWindowEnd()).isEqualTo(retrying.lastWindowEnd());
    assertThat(resumed.nextRun()).isEqualTo(retrying.nextRun());
    assertThat(resumed.destinations()).allMatch(Destination::enabled);
    ScheduledTask again = scheduler.resume(t.id(), ResumeMode.FROM_NOW);
    assertThat(again.version()).as("nothing to do: not written").isEqualTo(resumed.version());
  }

  @Test
  void a_completed_task_cannot_be_paused_or_resumed_and_comes_back_with_a_new_schedule() {
    ScheduledTask t = scheduler.schedule(daily().schedule("once 2025-03-03T09:00")
        .options(org.summarybot.scheduling.model.SummaryOptions.DEFAULTS.withMinMessages(0)).build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    scheduler.runDueNow();
    ScheduledTask done = store.get(t.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);

    assertThatThrownBy(() -> scheduler.pause(t.id())).isInstanceOf(org.summarybot.scheduling.model.SchedulingException.class)
        .isNotInstanceOf(org.summarybot.scheduling.model.ValidationException.class)
        .hasMessageContaining("has completed").hasMessageContaining("tasks update --schedule");
    assertThatThrownBy(() -> scheduler.resume(t.id(), ResumeMode.FROM_NOW))
        .isNotInstanceOf(org.summarybot.scheduling.model.ValidationException.class).hasMessageContaining("has completed");
    assertThat(store.get(t.id())).contains(done);

    ScheduledTask revived = scheduler.update(t.id(), done.version(), TaskSpec.of(done).toBuilder()
        .schedule("daily 10:00").build());
    assertThat(revived.status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(revived.statusReason()).isEmpty();
    assertThat(revived.nextRun()).contains(Instant.parse("2025-03-03T10:00:00Z"));
    clock.set(Instant.parse("2025-03-03T10:00:00Z"));
    assertThat(scheduler.runDueNow()).isEqualTo(1);
  }

  /** A one-shot task asked to run again while it runs completes only after that run. */
  @Test
  void a_once_task_asked_to_run_again_while_it_runs_completes_after_that_run() {
    ScheduledTask t = scheduler.schedule(daily().schedule("once 2025-03-03T09:00")
        .options(org.summarybot.scheduling.model.SummaryOptions.DEFAULTS.withMinMessages(0)).build());
    discord.onCall = () -> {
      discord.onCall = () -> {};
      clock.advance(Duration.ofMinutes(1));
      scheduler.runNow(t.id());
    };
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(scheduler.runDueNow()).isEqualTo(2);
    ScheduledTask done = store.get(t.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(done.pending()).isEmpty();
    assertThat(discord.delivered).hasSize(2);
  }

  @Test
  void a_task_removed_while_it_runs_drops_its_result_quietly() {
    ScheduledTask t = scheduler.schedule(daily().options(org.summarybot.scheduling.model.SummaryOptions.DEFAULTS.withMinMessages(0)).build());
    discord.onCall = () -> store.delete(t.id());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(scheduler.runDueNow()).isEqualTo(1);
    assertThat(store.get(t.id())).isEmpty();
    assertThat(scheduler.runDueNow()).isZero();
  }

  @Test
  void a_node_that_delivered_but_lost_its_lease_before_completing_leaves_the_delivery_logged_for_the_next_holder() {
    ScheduledTask t = scheduler.schedule(daily().destinations(List.of(DIGEST, HOOK))
        .options(org.summarybot.scheduling.model.SummaryOptions.DEFAULTS.withMinMessages(0)).build());
    // While node-a delivers its last destination, its lease runs out and another node takes the task over.
    webhooks.onCall = () -> {
      webhooks.onCall = () -> {};
      clock.advance(Duration.ofSeconds(31));
      assertThat(store.claimDue(clock.now(), 1, "node-b", Duration.ofSeconds(30))).hasSize(1);
    };
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(scheduler.runDueNow()).isEqualTo(1);
    assertThat(history(t)).as("node-a's result is dropped").isEmpty();
    assertThat(webhooks.delivered).hasSize(1);

    // node-b dies too; node-c takes over after its lease and finishes the same execution.
    clock.advance(Duration.ofSeconds(31));
    assertThat(schedulerNamed("node-c").runDueNow()).isEqualTo(1);
    assertThat(history(t)).singleElement().satisfies(r -> {
      assertThat(r.outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
      assertThat(r.scheduledFor()).isEqualTo(Instant.parse("2025-03-03T09:00:00Z"));
    });
    assertThat(discord.deliveredTo(DIGEST.key())).as("logged at once, as it was not the last").isEqualTo(1);
    assertThat(webhooks.delivered).as("logged by the refused completion, not sent again").hasSize(1);
  }

  @Test
  void the_first_holder_of_a_fire_skips_the_delivery_log_and_a_takeover_reads_it() {
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    InMemoryTaskStore counting = new InMemoryTaskStore();
    TaskScheduler s = TaskScheduler.builder().store(new Fakes.ForwardingStore(counting) {
          @Override
          public boolean isDelivered(String key) {
            reads.incrementAndGet();
            return super.isDelivered(key);
          }
        }).clock(clock).triggerFactory(new ScheduleTriggerFactory()).messageSource(messages)
        .summarizer(new Fakes.CountingSummarizer()).deliveryChannel(DestinationType.DISCORD_CHANNEL, discord)
        .nodeId("n").lease(Duration.ofSeconds(30)).build();
    ScheduledTask t = s.schedule(daily().options(org.summarybot.scheduling.model.SummaryOptions.DEFAULTS
        .withMinMessages(0)).build());
    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    assertThat(s.runDueNow()).isEqualTo(1);
    assertThat(reads).as("first holder").hasValue(0);

    clock.set(Instant.parse("2025-03-04T09:00:00Z"));
    assertThat(counting.claimDue(clock.now(), 1, "dead-node", Duration.ofSeconds(30))).hasSize(1);
    clock.advance(Duration.ofSeconds(31));
    assertThat(s.runDueNow()).isEqualTo(1);
    assertThat(reads).as("takeover").hasPositiveValue();
    assertThat(history(t)).isEmpty();
    assertThat(counting.history(t.id(), 10)).hasSize(2);
  }
}

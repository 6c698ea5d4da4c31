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
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.MisfirePolicy;
import org.summarybot.scheduling.model.RetryPolicy;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SkipDate;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.TimeOptions;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.schedule.ScheduleTriggerFactory;
import org.summarybot.scheduling.store.InMemoryTaskStore;
import org.summarybot.scheduling.testing.FakeClock;

/** A task's time options in the engine: bounds, run limit, skip dates and jitter, with a FakeClock. */
class TimeOptionsEngineTest {
  static final GuildId GUILD = GuildId.of(100);
  static final ChannelId DEV = ChannelId.of(11);
  static final Destination DIGEST = Destination.discord(ChannelId.of(22), DeliveryFormat.EMBED);

  final FakeClock clock = FakeClock.at("2025-03-03T08:00:00Z");
  final InMemoryTaskStore store = new InMemoryTaskStore();
  final Fakes.Channels messages = new Fakes.Channels();
  final Fakes.ScriptedChannel discord = new Fakes.ScriptedChannel();
  final List<SchedulerEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
  final TaskScheduler scheduler = TaskScheduler.builder().store(store).clock(clock)
      .triggerFactory(new ScheduleTriggerFactory()).messageSource(messages).summarizer(new Fakes.CountingSummarizer())
      .deliveryChannel(DestinationType.DISCORD_CHANNEL, discord).listener(events::add).nodeId("node-a")
      .random(new SplittableRandom(42)).pollInterval(Duration.ofMillis(50)).lease(Duration.ofSeconds(30)).build();

  TaskSpec.Builder daily(TimeOptions options) {
    return TaskSpec.builder().name("dev digest").guild(GUILD).channel(DEV).schedule("daily 09:00")
        .zone(ZoneId.of("UTC")).destination(DIGEST).timeOptions(options);
  }

  TimeOptionsEngineTest() {
    // A message every hour of the days the tests run: a run always has content, so it counts as one that ran.
    chatter(at("2025-03-01T00:00:00Z"), at("2025-03-11T00:00:00Z"));
  }

  void chatter(Instant from, Instant to) {
    for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofHours(1))) {
      messages.post(DEV, t, "alice", "hello at " + t);
    }
  }

  List<ExecutionRecord> history(ScheduledTask t) {
    return store.history(t.id(), 100);
  }

  ScheduledTask stored(ScheduledTask t) {
    return store.get(t.id()).orElseThrow();
  }

  static Instant at(String text) {
    return Instant.parse(text);
  }

  /** Moves the clock to each day's 09:00 from the 3rd through {@code lastDay} of March 2025 and runs what is due. */
  void runDailyThrough(int lastDay) {
    for (int day = 3; day <= lastDay; day++) {
      clock.set(at(String.format("2025-03-%02dT09:00:00Z", day)));
      scheduler.runDueNow();
    }
  }

  @Test
  void no_fire_before_starts_and_a_fire_exactly_at_starts_counts() {
    ScheduledTask t = scheduler.schedule(daily(TimeOptions.DEFAULTS.withStarts(Optional.of(at("2025-03-05T09:00:00Z"))))
        .build());

    assertThat(t.nextRun()).contains(at("2025-03-05T09:00:00Z"));
    runDailyThrough(5);
    assertThat(history(t)).extracting(ExecutionRecord::scheduledFor).containsExactly(at("2025-03-05T09:00:00Z"));
  }

  @Test
  void after_its_end_the_task_is_completed_and_a_fire_exactly_at_the_end_runs() {
    ScheduledTask t = scheduler.schedule(daily(TimeOptions.DEFAULTS.withEnds(Optional.of(at("2025-03-04T09:00:00Z"))))
        .build());

    runDailyThrough(6);

    assertThat(history(t)).extracting(ExecutionRecord::scheduledFor)
        .containsExactly(at("2025-03-04T09:00:00Z"), at("2025-03-03T09:00:00Z"));
    assertThat(stored(t).status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(stored(t).nextRun()).isEmpty();
  }

  @Test
  void every_with_starts_is_anchored_at_starts_and_fires_there() {
    ScheduledTask t = scheduler.schedule(daily(TimeOptions.DEFAULTS.withStarts(Optional.of(at("2025-03-03T10:17:00Z"))))
        .schedule("every 90m").build());

    assertThat(t.nextRun()).contains(at("2025-03-03T10:17:00Z"));
    assertThat(scheduler.status(t.id()).nextRuns())
        .containsExactly(at("2025-03-03T10:17:00Z"), at("2025-03-03T11:47:00Z"), at("2025-03-03T13:17:00Z"));
  }

  @Test
  void the_task_completes_after_max_runs_executions_that_ran_counting_failures_and_run_now_but_not_skips() {
    ScheduledTask t = scheduler.schedule(daily(TimeOptions.DEFAULTS.withMaxRuns(Optional.of(3))
        .withSkipDates(List.of(SkipDate.parse("2025-03-04")))).retryPolicy(new RetryPolicy(1, Duration.ofSeconds(1),
        2.0, Duration.ofSeconds(1))).build());
    discord.then(DIGEST.key(), DeliveryOutcome.failed("missing permission"));

    runDailyThrough(3); // ran 1: failed (permanently, no retries left)
    runDailyThrough(4); // a skip date: not counted
    clock.set(at("2025-03-04T12:00:00Z"));
    scheduler.runNow(t.id());
    scheduler.runDueNow(); // ran 2: run-now
    assertThat(stored(t).status()).isEqualTo(TaskStatus.ACTIVE);
    clock.set(at("2025-03-05T09:00:00Z"));
    scheduler.runDueNow(); // ran 3
    clock.set(at("2025-03-06T09:00:00Z"));
    scheduler.runDueNow();

    assertThat(history(t)).extracting(ExecutionRecord::outcome).containsExactly(ExecutionOutcome.SUCCEEDED,
        ExecutionOutcome.SUCCEEDED, ExecutionOutcome.SKIPPED_DATE, ExecutionOutcome.FAILED);
    ScheduledTask after = stored(t);
    assertThat(after.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(after.statusReason()).hasValueSatisfying(r -> assertThat(r).contains("max runs"));
    assertThat(after.nextRun()).isEmpty();
    assertThat(after.stats().ran()).isEqualTo(3);
  }

  @Test
  void a_fire_on_a_skip_date_is_recorded_and_its_messages_roll_into_the_next_window() {
    ScheduledTask t = scheduler.schedule(daily(TimeOptions.DEFAULTS.withSkipDates(List.of(SkipDate.parse("03-04"))))
        .build());

    runDailyThrough(5);

    List<ExecutionRecord> h = history(t);
    assertThat(h).extracting(ExecutionRecord::outcome).containsExactly(ExecutionOutcome.SUCCEEDED,
        ExecutionOutcome.SKIPPED_DATE, ExecutionOutcome.SUCCEEDED);
    ExecutionRecord skipped = h.get(1);
    assertThat(skipped.scheduledFor()).isEqualTo(at("2025-03-04T09:00:00Z"));
    assertThat(skipped.id()).isEqualTo(ExecutionId.of(t.id(), at("2025-03-04T09:00:00Z")));
    assertThat(h.get(0).window()).contains(TimeWindow.of(at("2025-03-03T09:00:00Z"), at("2025-03-05T09:00:00Z")));
    assertThat(h.get(0).messageCount()).isEqualTo(48);
    assertThat(discord.delivered).hasSize(2);
    assertThat(events).filteredOn(e -> e instanceof SchedulerEvent.SkippedDate).hasSize(1);
    assertThat(stored(t).stats().runs()).isEqualTo(2);
    assertThat(scheduler.stats().executed()).as("this node executed two; the skipped fire ran nothing").isEqualTo(2);
  }

  @Test
  void a_first_fire_on_a_skip_date_keeps_its_window_start_for_the_next_run() {
    ScheduledTask t = scheduler.schedule(daily(TimeOptions.DEFAULTS.withSkipDates(List.of(SkipDate.parse("2025-03-03"))))
        .build());

    runDailyThrough(4);

    assertThat(history(t).get(0).window())
        .contains(TimeWindow.of(at("2025-03-02T09:00:00Z"), at("2025-03-04T09:00:00Z")));
  }

  @Test
  void jitter_delays_the_run_but_ids_and_windows_use_the_nominal_fire() {
    TaskId id = TaskId.of("jittered-task");
    TimeOptions options = TimeOptions.DEFAULTS.withJitter(Duration.ofMinutes(30));
    Duration offset = options.jitterOffset(id);
    assertThat(offset).isPositive().isLessThan(Duration.ofMinutes(30));
    ScheduledTask t = scheduler.schedule(daily(options).build(), id);
    assertThat(t.nextRun()).contains(at("2025-03-03T09:00:00Z").plus(offset));

    clock.set(at("2025-03-03T09:00:00Z").plus(offset).minusMillis(1));
    assertThat(scheduler.runDueNow()).as("not due before its delayed time").isZero();
    clock.set(at("2025-03-03T09:00:00Z").plus(offset));
    assertThat(scheduler.runDueNow()).isEqualTo(1);

    ExecutionRecord r = history(t).get(0);
    assertThat(r.scheduledFor()).isEqualTo(at("2025-03-03T09:00:00Z"));
    assertThat(r.id()).isEqualTo(ExecutionId.of(id, at("2025-03-03T09:00:00Z")));
    assertThat(r.window()).contains(TimeWindow.of(at("2025-03-02T09:00:00Z"), at("2025-03-03T09:00:00Z")));
    assertThat(stored(t).nextRun()).contains(at("2025-03-04T09:00:00Z").plus(offset));
    assertThat(events).filteredOn(e -> e instanceof SchedulerEvent.Started).first()
        .satisfies(e -> assertThat(((SchedulerEvent.Started) e).dueAt()).isEqualTo(at("2025-03-03T09:00:00Z")
            .plus(offset)));
  }

  @Test
  void lateness_is_measured_from_the_delayed_time_so_a_large_jitter_is_not_a_misfire() {
    TaskId id = TaskId.of("late-jitter");
    TimeOptions options = TimeOptions.DEFAULTS.withJitter(Duration.ofHours(2));
    Duration offset = options.jitterOffset(id);
    assertThat(offset).as("this id's offset is past the 5m grace").isGreaterThan(Duration.ofMinutes(5));
    // Under SKIP a late fire would be recorded MISSED instead of running.
    ScheduledTask t = scheduler.schedule(daily(options).misfirePolicy(MisfirePolicy.SKIP).build(), id);

    clock.set(at("2025-03-03T09:00:00Z").plus(offset).plusSeconds(60));
    scheduler.runDueNow();

    assertThat(history(t)).extracting(ExecutionRecord::outcome).containsExactly(ExecutionOutcome.SUCCEEDED);
  }

  @Test
  void a_completed_task_becomes_active_again_when_its_end_moves_so_fires_remain() {
    ScheduledTask t = scheduler.schedule(daily(TimeOptions.DEFAULTS.withEnds(Optional.of(at("2025-03-03T09:00:00Z"))))
        .build());
    runDailyThrough(4);
    ScheduledTask done = stored(t);
    assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);

    ScheduledTask again = scheduler.update(t.id(), done.version(), TaskSpec.of(done).toBuilder()
        .timeOptions(done.timeOptions().withEnds(Optional.of(at("2025-03-10T09:00:00Z")))).build());

    assertThat(again.status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(again.nextRun()).contains(at("2025-03-05T09:00:00Z"));
  }

  @Test
  void raising_max_runs_of_a_completed_task_makes_it_active_and_lowering_it_below_the_runs_completes_it() {
    ScheduledTask t = scheduler.schedule(daily(TimeOptions.DEFAULTS.withMaxRuns(Optional.of(1))).build());
    runDailyThrough(3);
    ScheduledTask done = stored(t);
    assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);

    ScheduledTask again = scheduler.update(t.id(), done.version(), TaskSpec.of(done).toBuilder()
        .timeOptions(done.timeOptions().withMaxRuns(Optional.of(2))).build());
    assertThat(again.status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(again.nextRun()).contains(at("2025-03-04T09:00:00Z"));

    ScheduledTask lowered = scheduler.update(t.id(), again.version(), TaskSpec.of(again).toBuilder()
        .timeOptions(again.timeOptions().withMaxRuns(Optional.of(1))).build());
    assertThat(lowered.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(lowered.nextRun()).isEmpty();
  }

  @Test
  void a_dst_policy_with_an_every_schedule_is_refused_naming_the_option() {
    assertThatThrownBy(() -> scheduler.schedule(daily(TimeOptions.DEFAULTS.withDstGap(DstGap.SKIP))
        .schedule("every 2h").build()))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p.field()).isEqualTo("dstGap")));
  }

  @Test
  void an_end_before_now_is_refused_when_creating_a_task() {
    assertThatThrownBy(() -> scheduler.schedule(daily(TimeOptions.DEFAULTS.withEnds(
        Optional.of(at("2025-03-01T00:00:00Z")))).build()))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p.field()).isEqualTo("ends")));
  }

  @Test
  void status_lists_runs_leaving_out_skip_dates_and_fires_beyond_the_run_limit() {
    ScheduledTask t = scheduler.schedule(daily(TimeOptions.DEFAULTS.withMaxRuns(Optional.of(2))
        .withSkipDates(List.of(SkipDate.parse("03-04")))).build());

    assertThat(scheduler.status(t.id()).nextRuns())
        .containsExactly(at("2025-03-03T09:00:00Z"), at("2025-03-05T09:00:00Z"));
  }
}

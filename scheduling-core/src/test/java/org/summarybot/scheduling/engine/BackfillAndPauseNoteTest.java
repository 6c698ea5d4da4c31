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
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.MisfirePolicy;
import org.summarybot.scheduling.model.RetryPolicy;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.schedule.ScheduleTriggerFactory;
import org.summarybot.scheduling.store.InMemoryTaskStore;
import org.summarybot.scheduling.testing.FakeClock;

/** {@code backfill} of past fires and the note of {@code pause}, driven by a FakeClock and "run what is due now". */
class BackfillAndPauseNoteTest {
  static final GuildId GUILD = GuildId.of(100);
  static final ChannelId DEV = ChannelId.of(11);
  static final Destination DIGEST = Destination.discord(ChannelId.of(22), DeliveryFormat.EMBED);
  static final Destination HOOK = Destination.webhook("https://hooks.example.com/summary", Optional.empty());

  final FakeClock clock = FakeClock.at("2025-03-03T08:00:00Z");
  final InMemoryTaskStore store = new InMemoryTaskStore();
  final Fakes.Channels messages = new Fakes.Channels();
  final Fakes.ScriptedChannel discord = new Fakes.ScriptedChannel();
  final Fakes.ScriptedChannel webhooks = new Fakes.ScriptedChannel();
  final TaskScheduler scheduler = schedulerNamed("node-a");

  TaskScheduler schedulerNamed(String node) {
    return TaskScheduler.builder().store(store).clock(clock).triggerFactory(new ScheduleTriggerFactory())
        .messageSource(messages).summarizer(new Fakes.CountingSummarizer())
        .deliveryChannel(DestinationType.DISCORD_CHANNEL, discord).deliveryChannel(DestinationType.WEBHOOK, webhooks)
        .notifier(new Fakes.Notifications()).nodeId(node).random(new SplittableRandom(42))
        .pollInterval(Duration.ofMillis(50)).lease(Duration.ofSeconds(30)).build();
  }

  TaskSpec.Builder daily() {
    return TaskSpec.builder().name("dev digest").guild(GUILD).channel(DEV).schedule("daily 09:00")
        .zone(ZoneId.of("UTC")).destination(DIGEST);
  }

  /** One message every hour from {@code from} to {@code to}. */
  void hourly(String from, String to) {
    for (Instant t = Instant.parse(from); t.isBefore(Instant.parse(to)); t = t.plus(Duration.ofHours(1))) {
      messages.post(DEV, t, "alice", "hello at " + t);
    }
  }

  static Instant at(String text) {
    return Instant.parse(text);
  }

  /** Backfills every fire of the range that needs a run, one at a time, as the CLI does; returns those run. */
  List<Instant> backfillAll(ScheduledTask t, String from, String to) {
    List<Instant> ran = new java.util.ArrayList<>();
    for (BackfillFire f : scheduler.planBackfill(t.id(), at(from), at(to), 50)) {
      if (f.toRun()) {
        scheduler.backfill(t.id(), f.fire());
        assertThat(scheduler.runDueNow()).isEqualTo(1);
        ran.add(f.fire());
      }
    }
    return ran;
  }

  Optional<ExecutionRecord> recordOf(ScheduledTask t, String fire) {
    return store.history(t.id(), 100).stream().filter(r -> r.scheduledFor().equals(at(fire))).findFirst();
  }

  @Test
  void fires_before_the_task_existed_run_oldest_first_each_with_its_own_window_and_execution_id() {
    hourly("2025-02-26T00:00:00Z", "2025-03-03T08:00:00Z");
    ScheduledTask t = scheduler.schedule(daily().build());

    List<BackfillFire> plan = scheduler.planBackfill(t.id(), at("2025-02-28T00:00:00Z"), at("2025-03-03T08:00:00Z"), 50);
    assertThat(plan).extracting(BackfillFire::fire).containsExactly(at("2025-02-28T09:00:00Z"),
        at("2025-03-01T09:00:00Z"), at("2025-03-02T09:00:00Z"));
    assertThat(plan).allMatch(BackfillFire::toRun);
    assertThat(plan.get(0).window()).as("the first fire's window starts at the schedule's previous fire")
        .isEqualTo(TimeWindow.of(at("2025-02-27T09:00:00Z"), at("2025-02-28T09:00:00Z")));

    assertThat(backfillAll(t, "2025-02-28T00:00:00Z", "2025-03-03T08:00:00Z")).hasSize(3);

    ExecutionRecord first = recordOf(t, "2025-02-28T09:00:00Z").orElseThrow();
    assertThat(first.id()).isEqualTo(ExecutionId.of(t.id(), at("2025-02-28T09:00:00Z")));
    assertThat(first.outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
    assertThat(first.window()).contains(TimeWindow.of(at("2025-02-27T09:00:00Z"), at("2025-02-28T09:00:00Z")));
    assertThat(first.messageCount()).isEqualTo(24);
    assertThat(recordOf(t, "2025-03-02T09:00:00Z").orElseThrow().window())
        .contains(TimeWindow.of(at("2025-03-01T09:00:00Z"), at("2025-03-02T09:00:00Z")));
    assertThat(discord.deliveredTo(DIGEST.key())).isEqualTo(3);
    assertThat(discord.delivered).extracting(r -> r.summary().window().to()).as("oldest first")
        .containsExactly(at("2025-02-28T09:00:00Z"), at("2025-03-01T09:00:00Z"), at("2025-03-02T09:00:00Z"));

    // The regular fire continues from the last backfilled window: no message is summarised twice.
    clock.set(at("2025-03-03T09:00:00Z"));
    assertThat(scheduler.runDueNow()).isEqualTo(1);
    assertThat(recordOf(t, "2025-03-03T09:00:00Z").orElseThrow().window())
        .contains(TimeWindow.of(at("2025-03-02T09:00:00Z"), at("2025-03-03T09:00:00Z")));
  }

  @Test
  void a_fire_on_a_skip_date_is_not_backfilled_and_its_messages_go_into_the_next_fires_window() {
    hourly("2025-02-26T00:00:00Z", "2025-03-03T08:00:00Z");
    ScheduledTask t = scheduler.schedule(daily().timeOptions(org.summarybot.scheduling.model.TimeOptions.DEFAULTS
        .withSkipDates(List.of(org.summarybot.scheduling.model.SkipDate.parse("2025-03-01")))).build());

    List<BackfillFire> plan = scheduler.planBackfill(t.id(), at("2025-02-28T00:00:00Z"), at("2025-03-03T08:00:00Z"), 50);
    assertThat(plan).extracting(BackfillFire::fire).containsExactly(at("2025-02-28T09:00:00Z"),
        at("2025-03-01T09:00:00Z"), at("2025-03-02T09:00:00Z"));
    assertThat(plan.get(1).done()).hasValueSatisfying(d -> assertThat(d).contains("skip date"));
    assertThat(plan.get(2).window()).as("the skipped day's messages roll into the next window")
        .isEqualTo(TimeWindow.of(at("2025-02-28T09:00:00Z"), at("2025-03-02T09:00:00Z")));
    assertThatThrownBy(() -> scheduler.backfill(t.id(), at("2025-03-01T09:00:00Z")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("skip date");

    assertThat(backfillAll(t, "2025-02-28T00:00:00Z", "2025-03-03T08:00:00Z"))
        .containsExactly(at("2025-02-28T09:00:00Z"), at("2025-03-02T09:00:00Z"));
    assertThat(recordOf(t, "2025-03-01T09:00:00Z")).isEmpty();
    assertThat(recordOf(t, "2025-03-02T09:00:00Z").orElseThrow().messageCount()).isEqualTo(48);
  }

  @Test
  void running_a_backfill_twice_sends_nothing_new() {
    hourly("2025-02-26T00:00:00Z", "2025-03-03T08:00:00Z");
    ScheduledTask t = scheduler.schedule(daily().build());
    backfillAll(t, "2025-02-28T00:00:00Z", "2025-03-03T08:00:00Z");
    long sent = discord.delivered.size();

    assertThat(backfillAll(t, "2025-02-28T00:00:00Z", "2025-03-03T08:00:00Z")).isEmpty();
    assertThat(scheduler.planBackfill(t.id(), at("2025-02-28T00:00:00Z"), at("2025-03-03T08:00:00Z"), 50))
        .allSatisfy(f -> assertThat(f.done()).hasValueSatisfying(d -> assertThat(d).startsWith("already SUCCEEDED")));
    assertThatThrownBy(() -> scheduler.backfill(t.id(), at("2025-03-01T09:00:00Z")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("needs no run");
    assertThat(discord.delivered).hasSize((int) sent);
  }

  @Test
  void max_bounds_the_fires_run_and_the_plan_stops_at_the_last_one() {
    ScheduledTask t = scheduler.schedule(daily().build());
    List<BackfillFire> plan = scheduler.planBackfill(t.id(), at("2025-02-01T00:00:00Z"), at("2025-03-03T08:00:00Z"), 2);
    assertThat(plan).extracting(BackfillFire::fire)
        .containsExactly(at("2025-02-01T09:00:00Z"), at("2025-02-02T09:00:00Z"));
  }

  @Test
  void a_missed_range_is_split_around_the_backfilled_fire_and_its_record_replaced() {
    hourly("2025-03-02T00:00:00Z", "2025-03-07T00:00:00Z");
    ScheduledTask t = scheduler.schedule(daily().misfirePolicy(MisfirePolicy.SKIP).build());
    clock.set(at("2025-03-03T09:00:00Z"));
    scheduler.runDueNow();
    clock.set(at("2025-03-06T10:00:00Z")); // down through the fires of 03-04, 03-05 and 03-06
    scheduler.runDueNow();
    ExecutionRecord range = recordOf(t, "2025-03-04T09:00:00Z").orElseThrow();
    assertThat(range.outcome()).isEqualTo(ExecutionOutcome.MISSED);
    assertThat(range.missedCount()).isEqualTo(3);

    scheduler.backfill(t.id(), at("2025-03-05T09:00:00Z"));
    assertThat(scheduler.runDueNow()).isEqualTo(1);

    ExecutionRecord before = recordOf(t, "2025-03-04T09:00:00Z").orElseThrow();
    assertThat(before.outcome()).isEqualTo(ExecutionOutcome.MISSED);
    assertThat(before.missedCount()).isEqualTo(1);
    assertThat(before.missedThrough()).contains(at("2025-03-04T09:00:00Z"));
    ExecutionRecord ran = recordOf(t, "2025-03-05T09:00:00Z").orElseThrow();
    assertThat(ran.outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
    assertThat(ran.window()).contains(TimeWindow.of(at("2025-03-04T09:00:00Z"), at("2025-03-05T09:00:00Z")));
    ExecutionRecord after = recordOf(t, "2025-03-06T09:00:00Z").orElseThrow();
    assertThat(after.outcome()).isEqualTo(ExecutionOutcome.MISSED);
    assertThat(after.missedCount()).isEqualTo(1);
    assertThat(store.get(t.id()).orElseThrow().stats().missed()).isEqualTo(2);

    // The rest of the range, then the next regular fire: every message summarised exactly once.
    assertThat(backfillAll(t, "2025-03-04T00:00:00Z", "2025-03-06T10:00:00Z"))
        .containsExactly(at("2025-03-04T09:00:00Z"), at("2025-03-06T09:00:00Z"));
    assertThat(store.history(t.id(), 100)).noneMatch(r -> r.outcome() == ExecutionOutcome.MISSED);
    assertThat(store.get(t.id()).orElseThrow().stats().missed()).isZero();
    clock.set(at("2025-03-07T09:00:00Z"));
    scheduler.runDueNow();
    assertThat(store.history(t.id(), 100)).hasSize(5);
    assertThat(store.history(t.id(), 100).stream().mapToInt(ExecutionRecord::messageCount).sum())
        .as("every message from 03-02 09:00 to 03-07 00:00, once").isEqualTo(120 - 9);
  }

  @Test
  void fires_coalesced_into_a_catch_up_run_count_as_done() {
    hourly("2025-03-02T00:00:00Z", "2025-03-07T00:00:00Z");
    ScheduledTask t = scheduler.schedule(daily().build());
    clock.set(at("2025-03-03T09:00:00Z"));
    scheduler.runDueNow();
    clock.set(at("2025-03-06T10:00:00Z"));
    scheduler.runDueNow(); // one catch-up run for 03-06 covering 03-04 and 03-05

    List<BackfillFire> plan = scheduler.planBackfill(t.id(), at("2025-03-04T00:00:00Z"), at("2025-03-06T10:00:00Z"), 50);
    assertThat(plan).hasSize(3).noneMatch(BackfillFire::toRun);
    assertThat(plan.get(0).done()).hasValueSatisfying(d -> assertThat(d).startsWith("covered by the SUCCEEDED"
        + " execution for 2025-03-06T09:00:00Z"));
  }

  @Test
  void a_failed_fire_runs_again_under_its_execution_id_without_resending_what_was_delivered() {
    hourly("2025-03-02T00:00:00Z", "2025-03-03T10:00:00Z");
    webhooks.then(HOOK.key(), Fakes.transientFailure("503"));
    ScheduledTask t = scheduler.schedule(daily().destinations(List.of(DIGEST, HOOK)).retryPolicy(RetryPolicy.NONE)
        .build());
    clock.set(at("2025-03-03T09:00:00Z"));
    scheduler.runDueNow();
    assertThat(recordOf(t, "2025-03-03T09:00:00Z").orElseThrow().outcome()).isEqualTo(ExecutionOutcome.FAILED);
    assertThat(discord.deliveredTo(DIGEST.key())).isEqualTo(1);

    clock.set(at("2025-03-03T10:00:00Z"));
    scheduler.backfill(t.id(), at("2025-03-03T09:00:00Z"));
    assertThat(scheduler.runDueNow()).isEqualTo(1);

    List<ExecutionRecord> h = store.history(t.id(), 100);
    assertThat(h).hasSize(1);
    assertThat(h.get(0).id()).isEqualTo(ExecutionId.of(t.id(), at("2025-03-03T09:00:00Z")));
    assertThat(h.get(0).outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
    assertThat(discord.deliveredTo(DIGEST.key())).as("already in the delivery log").isEqualTo(1);
    assertThat(webhooks.deliveredTo(HOOK.key())).isEqualTo(1);
    ScheduledTask after = store.get(t.id()).orElseThrow();
    assertThat(after.stats().failures()).isZero();
    assertThat(after.stats().successes()).isEqualTo(1);
    assertThat(after.stats().runs()).isEqualTo(1);
  }

  @Test
  void a_backfill_run_is_claimed_by_one_node_of_two_sharing_the_store() {
    hourly("2025-03-01T00:00:00Z", "2025-03-03T08:00:00Z");
    ScheduledTask t = scheduler.schedule(daily().build());
    TaskScheduler other = schedulerNamed("node-b");
    other.backfill(t.id(), at("2025-03-02T09:00:00Z"));
    assertThatThrownBy(() -> scheduler.backfill(t.id(), at("2025-03-01T09:00:00Z")))
        .as("one pending run at a time").isInstanceOf(ValidationException.class).hasMessageContaining("pending run");

    assertThat(other.runDueNow() + scheduler.runDueNow()).isEqualTo(1);
    assertThat(discord.deliveredTo(DIGEST.key())).isEqualTo(1);
  }

  @Test
  void backfill_refuses_future_ranges_unpassed_fires_times_off_the_schedule_and_paused_tasks() {
    ScheduledTask t = scheduler.schedule(daily().build());
    assertThatThrownBy(() -> scheduler.planBackfill(t.id(), at("2025-03-01T00:00:00Z"), at("2025-03-04T00:00:00Z"), 50))
        .isInstanceOf(ValidationException.class).hasMessageContaining("to: 2025-03-04T00:00:00Z is in the future");
    assertThatThrownBy(() -> scheduler.planBackfill(t.id(), at("2025-03-02T00:00:00Z"), at("2025-03-01T00:00:00Z"), 50))
        .isInstanceOf(ValidationException.class).hasMessageContaining("is before from");
    assertThatThrownBy(() -> scheduler.planBackfill(t.id(), at("2025-03-01T00:00:00Z"), at("2025-03-02T00:00:00Z"), 0))
        .isInstanceOf(ValidationException.class).hasMessageContaining("max: 0 is outside 1-1000");
    assertThatThrownBy(() -> scheduler.backfill(t.id(), at("2025-03-02T09:30:00Z")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("is not a fire of the schedule 'daily 09:00'");
    clock.set(at("2025-03-03T09:00:10Z")); // due, not yet run: the scheduler's, not backfill's
    assertThatThrownBy(() -> scheduler.backfill(t.id(), at("2025-03-03T09:00:00Z")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("is not passed yet");
    scheduler.pause(t.id());
    assertThatThrownBy(() -> scheduler.backfill(t.id(), at("2025-03-02T09:00:00Z")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("is PAUSED; resume it");
  }

  @Test
  void another_guilds_task_cannot_be_backfilled_or_planned() {
    ScheduledTask t = scheduler.schedule(daily().build());
    TaskOperations other = scheduler.forGuild(GuildId.of(200));
    assertThatThrownBy(() -> other.backfill(t.id(), at("2025-03-02T09:00:00Z")))
        .isInstanceOf(TaskNotFoundException.class);
    assertThatThrownBy(() -> other.planBackfill(t.id(), at("2025-03-01T00:00:00Z"), at("2025-03-02T00:00:00Z"), 5))
        .isInstanceOf(TaskNotFoundException.class);
    assertThatThrownBy(() -> other.pause(t.id(), Optional.of("mine now"))).isInstanceOf(TaskNotFoundException.class);
    assertThat(store.get(t.id()).orElseThrow().status()).isEqualTo(TaskStatus.ACTIVE);
  }

  @Test
  void a_pause_note_is_the_status_reason_until_resume_and_pausing_again_replaces_it() {
    ScheduledTask t = scheduler.schedule(daily().build());
    assertThat(scheduler.pause(t.id(), Optional.of("  holiday until 2025-03-10 ")).statusReason())
        .contains("holiday until 2025-03-10");
    assertThat(scheduler.pause(t.id(), Optional.of("channel moved")).statusReason()).contains("channel moved");
    long version = store.get(t.id()).orElseThrow().version();
    assertThat(scheduler.pause(t.id()).version()).as("pausing again without a note keeps the note")
        .isEqualTo(version);

    ScheduledTask resumed = scheduler.resume(t.id(), ResumeMode.FROM_NOW);
    assertThat(resumed.status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(resumed.statusReason()).isEmpty();
    assertThat(scheduler.pause(t.id()).statusReason()).contains("paused");
  }

  @Test
  void a_blank_long_or_multi_line_pause_note_is_refused_naming_the_note() {
    ScheduledTask t = scheduler.schedule(daily().build());
    assertThatThrownBy(() -> scheduler.pause(t.id(), Optional.of("  ")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("note: is blank");
    assertThatThrownBy(() -> scheduler.pause(t.id(), Optional.of("x".repeat(501))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("note: is longer than 500 characters");
    assertThatThrownBy(() -> scheduler.pause(t.id(), Optional.of("two\nlines")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("note: has control characters");
    assertThat(store.get(t.id()).orElseThrow().status()).isEqualTo(TaskStatus.ACTIVE);
  }
}

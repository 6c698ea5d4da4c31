package org.summarybot.scheduling.engine;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.RetryPolicy;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.Notification;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;
import org.summarybot.scheduling.schedule.ScheduleTriggerFactory;
import org.summarybot.scheduling.store.InMemoryTaskStore;
import org.summarybot.scheduling.testing.FakeClock;

/** {@code alertIfSilent}: told once when a task goes silent, once when it delivers again, across nodes. */
class SilenceAlertTest {
  static final GuildId GUILD = GuildId.of(100);
  static final ChannelId DEV = ChannelId.of(11);
  static final Destination DIGEST = Destination.discord(ChannelId.of(22), DeliveryFormat.EMBED);

  final FakeClock clock = FakeClock.at("2025-03-03T08:00:00Z");
  final InMemoryTaskStore store = new InMemoryTaskStore();
  final Fakes.Channels messages = new Fakes.Channels();
  final Fakes.ScriptedChannel discord = new Fakes.ScriptedChannel();
  final Fakes.Notifications told = new Fakes.Notifications();
  final TaskScheduler scheduler = schedulerOn(store, told);

  TaskScheduler schedulerOn(TaskStore s, Fakes.Notifications notifier) {
    return TaskScheduler.builder().store(s).clock(clock).triggerFactory(new ScheduleTriggerFactory())
        .messageSource(messages).summarizer(new Fakes.CountingSummarizer())
        .deliveryChannel(DestinationType.DISCORD_CHANNEL, discord).notifier(notifier).nodeId("node-" + s.hashCode())
        .random(new SplittableRandom(42)).pollInterval(Duration.ofMillis(50)).lease(Duration.ofSeconds(30)).build();
  }

  /** Daily at 09:00, alerting after 36 hours without a delivery. */
  ScheduledTask task(int minMessages) {
    return scheduler.schedule(TaskSpec.builder().name("dev digest").guild(GUILD).channel(DEV)
        .schedule("daily 09:00").zone(ZoneId.of("UTC")).destination(DIGEST).retryPolicy(RetryPolicy.NONE)
        .maxConsecutiveFailures(100).options(SummaryOptions.DEFAULTS.withMinMessages(minMessages))
        .alertIfSilent(Duration.ofHours(36)).build());
  }

  void at(String instant) {
    clock.set(Instant.parse(instant));
    scheduler.runDueNow();
  }

  @Test
  void failing_deliveries_are_told_once_when_silent_too_long_and_once_when_it_delivers_again() {
    ScheduledTask t = task(0);
    at("2025-03-03T09:00:00Z"); // delivers
    discord.alwaysFail(DIGEST.key(), 2, DeliveryOutcome.failed("500 from Discord"));
    at("2025-03-04T09:00:00Z"); // fails
    assertThat(scheduler.checkSilence()).isZero();
    at("2025-03-04T21:00:00Z");
    assertThat(scheduler.checkSilence()).as("36h after the last delivery").isOne();
    at("2025-03-05T09:00:00Z"); // fails again
    assertThat(scheduler.checkSilence()).as("told once").isZero();

    assertThat(told.count(Notification.TaskSilent.class)).isOne();
    Notification.TaskSilent silent = (Notification.TaskSilent) told.received.stream()
        .filter(Notification.TaskSilent.class::isInstance).findFirst().orElseThrow();
    assertThat(silent.lastDelivered()).isPresent();
    assertThat(silent.since()).isEqualTo(silent.lastDelivered().get());
    assertThat(store.get(t.id()).orElseThrow().silenceAlertedAt()).contains(Instant.parse("2025-03-04T21:00:00Z"));

    at("2025-03-06T09:00:00Z"); // delivers
    assertThat(scheduler.checkSilence()).isOne();
    assertThat(scheduler.checkSilence()).isZero();
    assertThat(told.count(Notification.TaskRecovered.class)).isOne();
    assertThat(store.get(t.id()).orElseThrow().silenceAlertedAt()).isEmpty();
  }

  @Test
  void empty_windows_and_a_scheduler_that_was_not_running_count_as_silence() {
    ScheduledTask quiet = task(1); // no messages at all: every window is skipped
    at("2025-03-03T09:00:00Z");
    at("2025-03-04T09:00:00Z");
    assertThat(store.history(quiet.id(), 10)).hasSize(2);
    clock.set(Instant.parse("2025-03-04T20:00:00Z"));
    assertThat(scheduler.checkSilence()).as("36h after its creation, nothing delivered").isOne();

    // A task that delivered, then no scheduler ran for two days: the first look after the outage tells.
    messages.post(DEV, Instant.parse("2025-03-06T08:00:00Z"), "alice", "hello");
    ScheduledTask other = scheduler.schedule(TaskSpec.of(quiet).toBuilder().name("other")
        .options(SummaryOptions.DEFAULTS.withMinMessages(0)).build());
    at("2025-03-05T09:00:00Z");
    clock.set(Instant.parse("2025-03-07T09:00:00Z"));
    assertThat(scheduler.checkSilence()).isOne();
    assertThat(told.received).filteredOn(n -> n.task().id().equals(other.id())).singleElement()
        .isInstanceOf(Notification.TaskSilent.class);
  }

  @Test
  void a_paused_task_is_not_reported_silent() {
    ScheduledTask t = task(0);
    scheduler.pause(t.id(), Optional.of("holiday"));
    clock.set(Instant.parse("2025-03-10T09:00:00Z"));
    assertThat(scheduler.checkSilence()).isZero();
    assertThat(told.received).isEmpty();
  }

  @Test
  void two_nodes_looking_at_the_same_moment_tell_once() {
    ScheduledTask t = task(0);
    clock.set(Instant.parse("2025-03-05T09:00:00Z"));
    // Node b read the tasks before node a wrote its alert: its write loses to a's, and it tells nothing.
    List<ScheduledTask> before = store.list(TaskQuery.all());
    Fakes.Notifications toldByB = new Fakes.Notifications();
    TaskScheduler b = schedulerOn(new Fakes.ForwardingStore(store) {
      @Override
      public List<ScheduledTask> list(TaskQuery query) {
        return before;
      }
    }, toldByB);

    assertThat(scheduler.checkSilence()).isOne();
    assertThat(b.checkSilence()).isZero();
    assertThat(told.count(Notification.TaskSilent.class) + toldByB.count(Notification.TaskSilent.class)).isOne();
    assertThat(store.get(t.id()).orElseThrow().silenceAlertedAt()).isPresent();
  }

  @Test
  void switching_the_alert_off_while_silent_forgets_the_silence_without_telling() {
    ScheduledTask t = task(0);
    clock.set(Instant.parse("2025-03-05T09:00:00Z"));
    assertThat(scheduler.checkSilence()).isOne();
    ScheduledTask current = store.get(t.id()).orElseThrow();
    scheduler.update(t.id(), current.version(), TaskSpec.of(current).toBuilder().alertIfSilent(null).build());
    assertThat(scheduler.checkSilence()).isZero();
    assertThat(store.get(t.id()).orElseThrow().silenceAlertedAt()).isEmpty();
    assertThat(told.received).hasSize(1);
  }
}

package org.summarybot.scheduling.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.SummaryUsage;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.port.ExternalServiceException;
import org.summarybot.scheduling.port.Notification;
import org.summarybot.scheduling.port.Summarizer;
import org.summarybot.scheduling.port.SummaryRequest;
import org.summarybot.scheduling.schedule.ScheduleTriggerFactory;
import org.summarybot.scheduling.store.InMemoryTaskStore;
import org.summarybot.scheduling.testing.FakeClock;

/** A summarizer that charges: paid once per execution, its usage recorded, a spent budget excused. */
class PaidSummaryTest {
  private static final ChannelId DEV = ChannelId.of(11);
  private static final Destination DIGEST = Destination.discord(ChannelId.of(22), DeliveryFormat.EMBED);
  private static final SummaryUsage USAGE = new SummaryUsage(1_200, 300, 2, Optional.of(360L));

  private final FakeClock clock = FakeClock.at("2025-03-03T08:00:00Z");
  private final InMemoryTaskStore store = new InMemoryTaskStore();
  private final Fakes.Channels messages = new Fakes.Channels();
  private final Fakes.ScriptedChannel discord = new Fakes.ScriptedChannel();
  private final Fakes.Notifications notifications = new Fakes.Notifications();
  private final PaidModel model = new PaidModel();
  private final TaskScheduler scheduler = TaskScheduler.builder().store(store).clock(clock)
      .triggerFactory(new ScheduleTriggerFactory()).messageSource(messages).summarizer(model)
      .deliveryChannel(DestinationType.DISCORD_CHANNEL, discord).notifier(notifications)
      .random(new SplittableRandom(7)).build();

  /** Charges {@link #USAGE} per summary, or fails as told. */
  static final class PaidModel implements Summarizer {
    final AtomicInteger calls = new AtomicInteger();
    volatile ExternalServiceException failure;

    @Override
    public Summary summarize(SummaryRequest r) {
      calls.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
      return new Summary("paid", "- decided", List.of("alice"), r.messages().size(), r.window(), Optional.of(USAGE));
    }
  }

  private ScheduledTask daily(int maxFailures) {
    messages.post(DEV, Instant.parse("2025-03-02T12:00:00Z"), "alice", "ship it");
    return scheduler.schedule(TaskSpec.builder().name("paid digest").guild(GuildId.of(100)).channel(DEV)
        .schedule("daily 09:00").zone(ZoneId.of("UTC")).destination(DIGEST).maxConsecutiveFailures(maxFailures)
        .build());
  }

  @Test
  void a_retry_delivers_the_first_attempts_summary_so_the_model_is_paid_once_and_the_record_shows_its_usage() {
    ScheduledTask t = daily(5);
    discord.then(DIGEST.key(), Fakes.retryAfter(Duration.ofMinutes(10)));

    clock.set(Instant.parse("2025-03-03T09:00:01Z"));
    scheduler.runDueNow();
    assertThat(store.get(t.id()).orElseThrow().pending().orElseThrow().summary().orElseThrow().usage())
        .contains(USAGE);
    clock.advance(Duration.ofMinutes(11));
    scheduler.runDueNow();

    assertThat(model.calls).hasValue(1);
    ExecutionRecord r = store.history(t.id(), 10).get(0);
    assertThat(r.outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.usage()).contains(USAGE);
  }

  @Test
  void a_spent_budget_fails_the_execution_without_counting_towards_auto_disable() {
    ScheduledTask t = daily(2);
    model.failure = ExternalServiceException.excused("summarizer.daily-budget 5.00 is spent for 2025-03-03 (UTC)");

    for (int day = 3; day <= 5; day++) {
      clock.set(Instant.parse("2025-03-0" + day + "T09:00:01Z"));
      scheduler.runDueNow();
    }

    ScheduledTask after = store.get(t.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(after.stats().failures()).isEqualTo(3);
    assertThat(after.stats().consecutiveFailures()).isZero();
    assertThat(store.history(t.id(), 10)).allSatisfy(r -> {
      assertThat(r.outcome()).isEqualTo(ExecutionOutcome.FAILED);
      assertThat(r.excused()).isTrue();
      assertThat(r.attempts()).as("not retried").isEqualTo(1);
      assertThat(r.errorMessage()).hasValueSatisfying(m -> assertThat(m).contains("summarizer.daily-budget"));
    });
    assertThat(notifications.count(Notification.ExecutionFailed.class)).isEqualTo(3);
    assertThat(notifications.count(Notification.TaskDisabled.class)).isZero();

    model.failure = ExternalServiceException.permanent("HTTP 401 (the API key was refused)");
    for (int day = 6; day <= 7; day++) {
      clock.set(Instant.parse("2025-03-0" + day + "T09:00:01Z"));
      scheduler.runDueNow();
    }
    assertThat(store.get(t.id()).orElseThrow().status()).as("real failures still count")
        .isEqualTo(TaskStatus.DISABLED);
  }
}

package org.summarybot.scheduling.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.summarybot.scheduling.engine.TaskScheduler;
import org.summarybot.scheduling.engine.TaskSpec;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.MessageBatch;
import org.summarybot.scheduling.port.TaskStore;
import org.summarybot.scheduling.schedule.ScheduleTriggerFactory;

/**
 * Scheduler nodes on the system clock for the tests where several nodes share a real PostgreSQL and real time is
 * the subject (leases judged by the database's clock): quiet channels, a summary of nothing, one console
 * destination whose channel the test supplies, and a bounded wait.
 */
final class RealTimeNodes {
  static final GuildId GUILD = GuildId.of(77);
  static final ChannelId CHANNEL = ChannelId.of(88);

  private RealTimeNodes() {}

  /** A node on {@code store} that delivers through {@code console}; the caller sets concurrency and timing. */
  static TaskScheduler.Builder node(String nodeId, TaskStore store, DeliveryChannel console) {
    return TaskScheduler.builder()
        .store(store)
        .clock(Clock.system())
        .triggerFactory(new ScheduleTriggerFactory())
        .messageSource((channel, window, max, bots) -> new MessageBatch(List.of(), false))
        .summarizer(r -> new Summary("quiet", "nothing was said", List.of(), 0, r.window()))
        .deliveryChannel(DestinationType.CONSOLE, console)
        .nodeId(nodeId);
  }

  /** A task named {@code name} on {@code schedule} (UTC) that delivers to the console even for a quiet window. */
  static TaskSpec spec(String name, String schedule) {
    return TaskSpec.builder().name(name).guild(GUILD).channel(CHANNEL).schedule(schedule)
        .zone(ZoneOffset.UTC).destination(Destination.console())
        .options(SummaryOptions.DEFAULTS.withMinMessages(0)).build();
  }

  /** Waits until {@code condition} holds, failing the test after {@code bound}. */
  static void await(Duration bound, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within %s", bound).isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }
}

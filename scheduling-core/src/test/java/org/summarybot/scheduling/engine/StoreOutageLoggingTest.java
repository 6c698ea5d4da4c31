package org.summarybot.scheduling.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.schedule.ScheduleTriggerFactory;
import org.summarybot.scheduling.store.InMemoryTaskStore;
import org.summarybot.scheduling.testing.FakeClock;

/**
 * A store that fails at every poll (a database that is down, a full disk) gets one ERROR line from the scheduler
 * when it starts failing and one INFO line when it works again, not a stack trace per poll. The real timer
 * thread polls here, so the test waits on latches with bounded waits.
 */
@Timeout(30)
class StoreOutageLoggingTest {
  private final Logger jul = Logger.getLogger(TaskScheduler.class.getName());
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      logged.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Level levelBefore;

  @BeforeEach
  void captureLog() {
    levelBefore = jul.getLevel();
    jul.setLevel(Level.ALL);
    jul.addHandler(capture);
  }

  @AfterEach
  void releaseLog() {
    jul.removeHandler(capture);
    jul.setLevel(levelBefore);
  }

  @Test
  void a_store_failing_at_every_poll_is_logged_once_as_an_error_and_once_when_it_recovers() throws Exception {
    FakeClock clock = FakeClock.at("2025-03-03T08:00:00Z");
    AtomicBoolean down = new AtomicBoolean(true);
    AtomicInteger failedCalls = new AtomicInteger();
    CountDownLatch manyFailures = new CountDownLatch(20);
    CountDownLatch recovered = new CountDownLatch(3);
    Fakes.ForwardingStore store = new Fakes.ForwardingStore(new InMemoryTaskStore()) {
      private void check() {
        if (down.get()) {
          failedCalls.incrementAndGet();
          manyFailures.countDown();
          throw new SchedulingException("task database at jdbc:postgresql://db/x is unreachable", null);
        }
        recovered.countDown();
      }

      @Override
      public Optional<Instant> nextDueAt(Instant now) {
        check();
        return super.nextDueAt(now);
      }

      @Override
      public List<Claim> claimDue(Instant now, int limit, String node, Duration lease) {
        check();
        return super.claimDue(now, limit, node, lease);
      }
    };
    TaskScheduler s = TaskScheduler.builder().store(store).clock(clock).triggerFactory(new ScheduleTriggerFactory())
        .messageSource(new Fakes.Channels()).summarizer(new Fakes.CountingSummarizer())
        .deliveryChannel(DestinationType.DISCORD_CHANNEL, new Fakes.ScriptedChannel()).nodeId("node-1")
        .pollInterval(Duration.ofMillis(5)).build();
    s.start();
    try {
      assertThat(manyFailures.await(20, TimeUnit.SECONDS)).as("the timer kept polling the failing store").isTrue();
      down.set(false);
      assertThat(recovered.await(20, TimeUnit.SECONDS)).as("the timer polls the store again").isTrue();
    } finally {
      s.stop(Duration.ofSeconds(5));
    }

    List<LogRecord> errors = logged.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .toList();
    assertThat(failedCalls.get()).isGreaterThanOrEqualTo(20);
    assertThat(errors).as("error lines for %d failed store calls", failedCalls.get()).singleElement()
        .satisfies(r -> {
          assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
          assertThat(r.getMessage()).contains("node-1", "the task store fails", "is unreachable");
        });
    assertThat(logged.stream().filter(r -> r.getLevel() == Level.INFO)
        .map(r -> java.text.MessageFormat.format(r.getMessage(), r.getParameters())))
        .containsOnlyOnce("scheduler node-1: the task store works again");
  }
}

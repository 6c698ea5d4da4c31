package org.summarybot.scheduling.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.summarybot.scheduling.model.TaskId;

/**
 * The per-task ordering of outcomes handed over without waiting for their write. Where a thread waits, the test
 * waits for it with a bounded wait on its state, never a sleep.
 */
@Timeout(30)
class CompletionOrderTest {
  private static final TaskId TASK = TaskId.of("task");
  private final List<String> told = new CopyOnWriteArrayList<>();
  private final CompletionOrder order = new CompletionOrder(Duration.ofMinutes(5));

  private Runnable tell(String what) {
    return () -> told.add(what);
  }

  @Test
  void an_outcome_is_told_once_however_often_it_is_asked() {
    CompletionOrder.Outcome o = order.handOver(TASK, true, tell("first"));
    o.written();

    o.tell();
    o.tell();
    order.tellEarlierOutcome(TASK);

    assertThat(told).containsExactly("first");
  }

  @Test
  void a_tasks_written_outcome_is_told_before_its_next_event() {
    CompletionOrder.Outcome o = order.handOver(TASK, true, tell("first"));
    o.written();

    order.tellEarlierOutcome(TASK);
    told.add("next start");
    o.tell(); // the worker that took it from the queue comes too late: already told

    assertThat(told).containsExactly("first", "next start");
  }

  @Test
  void outcomes_of_one_task_written_newest_first_are_told_oldest_first() {
    CompletionOrder.Outcome first = order.handOver(TASK, true, tell("first"));
    CompletionOrder.Outcome second = order.handOver(TASK, true, tell("second"));
    second.written();
    first.written();

    second.tell();
    first.tell();

    assertThat(told).containsExactly("first", "second");
  }

  @Test
  void an_outcome_that_ends_its_task_is_not_waited_for() {
    order.handOver(TASK, false, tell("last"));

    order.tellEarlierOutcome(TASK); // would wait minutes for the write if it were kept

    assertThat(told).isEmpty();
  }

  @Test
  void an_abandoned_outcome_is_not_waited_for() {
    CompletionOrder.Outcome o = order.handOver(TASK, true, tell("never written"));
    o.abandon();

    order.tellEarlierOutcome(TASK);

    assertThat(told).isEmpty();
  }

  @Test
  void another_tasks_untold_outcome_does_not_hold_up_an_event() {
    order.handOver(TaskId.of("other"), true, tell("other"));

    order.tellEarlierOutcome(TASK);

    assertThat(told).isEmpty();
  }

  @Test
  void a_next_event_waits_for_the_stores_call_back_and_then_tells_the_earlier_outcome_itself() throws Exception {
    CompletionOrder.Outcome o = order.handOver(TASK, true, () -> told.add("first on " + Thread.currentThread().getName()));
    Thread nextStart = new Thread(() -> {
      order.tellEarlierOutcome(TASK);
      told.add("next start");
    }, "next-start");
    nextStart.start();
    awaitWaiting(nextStart);
    assertThat(told).isEmpty();

    o.written();
    nextStart.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(nextStart.isAlive()).isFalse();
    assertThat(told).containsExactly("first on next-start", "next start");
  }

  @Test
  void a_next_event_goes_on_after_the_longest_wait_when_the_store_never_calls_back() {
    CompletionOrder impatient = new CompletionOrder(Duration.ofMillis(20));
    impatient.handOver(TASK, true, tell("never written"));

    impatient.tellEarlierOutcome(TASK);

    assertThat(told).isEmpty();
  }

  @Test
  void an_outcome_whose_telling_throws_is_over_and_holds_up_nothing() {
    CompletionOrder.Outcome o = order.handOver(TASK, true, () -> {
      throw new IllegalStateException("a listener broke");
    });
    o.written();

    assertThatCode(o::tell).doesNotThrowAnyException();
    order.tellEarlierOutcome(TASK);
  }

  private static void awaitWaiting(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime()).as("thread waits").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}

package org.summarybot.scheduling.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bound on completions in writing; no test here waits out a deadline. */
@Timeout(30)
class CompletionWritesTest {

  @Test
  void with_nothing_in_writing_all_is_written_at_once() {
    CompletionWrites writes = new CompletionWrites(2);

    assertThat(writes.awaitNone(System.nanoTime())).isTrue();
  }

  @Test
  void a_write_in_progress_is_reported_at_the_deadline_and_settled_once_it_ends() {
    CompletionWrites writes = new CompletionWrites(2);
    writes.began();

    assertThat(writes.awaitNone(System.nanoTime())).isFalse();
    assertThat(writes.inWriting()).isEqualTo(1);

    writes.ended();
    assertThat(writes.awaitNone(System.nanoTime())).isTrue();
  }

  @Test
  void below_the_limit_a_hand_over_does_not_wait() {
    CompletionWrites writes = new CompletionWrites(2);
    writes.began();

    writes.awaitRoom(); // returns: one in writing, two allowed
  }

  @Test
  void at_the_limit_a_hand_over_waits_until_one_write_ends() throws InterruptedException {
    CompletionWrites writes = new CompletionWrites(1);
    writes.began();
    Thread next = new Thread(writes::awaitRoom, "next-hand-over");
    next.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (next.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime()).as("the hand-over waits").isLessThan(deadline);
      Thread.onSpinWait();
    }

    writes.ended();
    next.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(next.isAlive()).isFalse();
  }
}

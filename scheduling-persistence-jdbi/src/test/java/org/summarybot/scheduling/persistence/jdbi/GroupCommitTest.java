package org.summarybot.scheduling.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The leader/follower queue of the group commit, with a writer that records its batches (no database). */
class GroupCommitTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();
  /** The relay: one thread, named "relay", as the store's. */
  private final ExecutorService relay = Executors.newSingleThreadExecutor(r -> new Thread(r, "relay"));
  private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    threads.shutdownNow();
    relay.shutdownNow();
  }

  /** A write of {@code key}; its result is its name. */
  static final class W extends GroupCommit.Write {
    final String name;
    final String key;

    W(String name, String key) {
      this.name = name;
      this.key = key;
    }

    @Override
    Object key() {
      return key;
    }
  }

  private static List<String> names(List<W> batch) {
    return batch.stream().map(w -> w.name).toList();
  }

  /** Waits until {@code n} writes queue behind the busy writer; fails after 10 s rather than hang. */
  private static void awaitQueued(GroupCommit<W> gc, int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (gc.queued() < n) {
      assertThat(System.nanoTime()).as("%d writes queued", n).isLessThan(deadline);
      LockSupport.parkNanos(100_000);
    }
  }

  /**
   * A group commit whose first batch, the write "first" of {@code firstKey}, holds the writer until
   * {@link #release}; every batch succeeds each write with its name.
   */
  private final class HeldFirstBatch {
    final CountDownLatch releaseFirst = new CountDownLatch(1);
    final GroupCommit<W> gc;
    final Future<Object> first;
    volatile Thread leader;

    HeldFirstBatch(int maxBatch, String firstKey) throws InterruptedException {
      this(maxBatch, firstKey, relay);
    }

    HeldFirstBatch(int maxBatch, String firstKey, java.util.concurrent.Executor relay) throws InterruptedException {
      CountDownLatch firstStarted = new CountDownLatch(1);
      gc = new GroupCommit<>(maxBatch, 1, batch -> {
        batches.add(names(batch));
        if (batches.size() == 1) {
          firstStarted.countDown();
          await(releaseFirst);
        }
        batch.forEach(w -> w.succeed(w.name));
      }, relay);
      first = threads.submit(() -> {
        leader = Thread.currentThread();
        return gc.submit(new W("first", firstKey));
      });
      firstStarted.await();
    }

    Future<Object> submit(String name, String key) {
      return threads.submit(() -> gc.submit(new W(name, key)));
    }

    void release() {
      releaseFirst.countDown();
    }
  }

  /** A group commit that records its batches and succeeds each write with its name and " done". */
  private GroupCommit<W> recordingCommit() {
    return new GroupCommit<>(10, 1, batch -> {
      batches.add(names(batch));
      batch.forEach(w -> w.succeed(w.name + " done"));
    }, relay);
  }

  @Test
  void a_lone_write_is_written_at_once_by_its_own_thread() {
    GroupCommit<W> gc = recordingCommit();

    assertThat(gc.submit(new W("a", "a"))).isEqualTo("a done");
    assertThat(batches).containsExactly(List.of("a"));
  }

  @Test
  void writes_submitted_while_a_batch_is_written_are_written_together_in_the_next_batch() throws Exception {
    HeldFirstBatch held = new HeldFirstBatch(10, "first");
    List<Future<Object>> later = new ArrayList<>();
    for (String name : List.of("b", "c", "d")) {
      later.add(held.submit(name, name));
    }
    awaitQueued(held.gc, 3);

    held.release();

    assertThat(held.first.get()).isEqualTo("first");
    for (Future<Object> f : later) {
      assertThat(f.get()).isIn("b", "c", "d");
    }
    assertThat(batches).hasSize(2);
    assertThat(batches.get(0)).containsExactly("first");
    assertThat(batches.get(1)).containsExactlyInAnyOrder("b", "c", "d");
  }

  @Test
  void two_writes_with_the_same_key_never_share_a_batch() throws Exception {
    HeldFirstBatch held = new HeldFirstBatch(10, "x");
    Future<Object> again1 = held.submit("y-1", "y");
    awaitQueued(held.gc, 1);
    Future<Object> again2 = held.submit("y-2", "y");
    awaitQueued(held.gc, 2);

    held.release();

    assertThat(List.of(held.first.get(), again1.get(), again2.get())).containsExactly("first", "y-1", "y-2");
    assertThat(batches).containsExactly(List.of("first"), List.of("y-1"), List.of("y-2"));
  }

  @Test
  void a_writer_that_throws_fails_every_write_of_its_batch_it_did_not_settle_with_that_exception()
      throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    IllegalStateException broken = new IllegalStateException("connection lost");
    GroupCommit<W> gc = new GroupCommit<>(10, 1, batch -> {
      batches.add(names(batch));
      if (batches.size() == 1) {
        firstStarted.countDown();
        await(releaseFirst);
        batch.forEach(w -> w.succeed(w.name));
        return;
      }
      batch.stream().filter(w -> w.name.equals("settled")).forEach(w -> w.succeed("kept"));
      throw broken;
    }, relay);
    Future<Object> first = threads.submit(() -> gc.submit(new W("first", "first")));
    firstStarted.await();
    Future<Object> settled = threads.submit(() -> gc.submit(new W("settled", "s")));
    Future<Object> unsettled = threads.submit(() -> gc.submit(new W("unsettled", "u")));
    awaitQueued(gc, 2);

    releaseFirst.countDown();

    assertThat(first.get()).isEqualTo("first");
    assertThat(settled.get()).isEqualTo("kept");
    assertThatThrownBy(unsettled::get).hasCause(broken);
    assertThat(batches.get(1)).containsExactlyInAnyOrder("settled", "unsettled");
  }

  @Test
  void a_batch_holds_at_most_max_batch_writes() throws Exception {
    HeldFirstBatch held = new HeldFirstBatch(2, "first");
    List<Future<Object>> later = new ArrayList<>();
    for (String name : List.of("b", "c", "d", "e", "f")) {
      later.add(held.submit(name, name));
    }
    awaitQueued(held.gc, 5);

    held.release();

    held.first.get();
    for (Future<Object> f : later) {
      f.get();
    }
    assertThat(batches).hasSize(4).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(2));
    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(6);
  }

  @Test
  void a_write_submitted_without_waiting_is_written_by_its_own_thread_when_no_writer_is_busy() {
    GroupCommit<W> gc = recordingCommit();
    W a = new W("a", "a");
    List<String> calledBack = new ArrayList<>();

    gc.submitThen(a, () -> calledBack.add(Thread.currentThread().getName() + ": " + a.result()));

    assertThat(calledBack).containsExactly(Thread.currentThread().getName() + ": a done");
    assertThat(batches).containsExactly(List.of("a"));
  }

  @Test
  void writes_submitted_without_waiting_while_a_batch_is_written_return_at_once_and_the_relay_writes_them_after_the_leaders_own()
      throws Exception {
    HeldFirstBatch held = new HeldFirstBatch(10, "first");
    List<String> calledBack = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch bothCalledBack = new CountDownLatch(2);
    List<W> later = new ArrayList<>();
    for (String name : List.of("b", "c")) {
      W w = new W(name, name);
      later.add(w);
      // Returns while the first batch is still held: the busy writer takes it next.
      held.gc.submitThen(w, () -> {
        calledBack.add(w.name + "=" + w.result() + " on " + Thread.currentThread().getName());
        bothCalledBack.countDown();
      });
    }
    assertThat(held.gc.queued()).isEqualTo(2);
    assertThat(calledBack).isEmpty();
    assertThat(later).noneMatch(W::settled);

    held.release();

    // The leader returns with its own write settled; it does not write the others' batch.
    assertThat(held.first.get()).isEqualTo("first");
    assertThat(bothCalledBack.await(10, TimeUnit.SECONDS)).as("b and c called back").isTrue();
    assertThat(calledBack).containsExactlyInAnyOrder("b=b on relay", "c=c on relay");
    assertThat(batches).containsExactly(List.of("first"), List.of("b", "c"));
  }

  @Test
  void a_caller_waiting_for_its_write_leads_next_and_writes_the_writes_queued_beside_it_without_the_relay()
      throws Exception {
    java.util.concurrent.atomic.AtomicInteger relayed = new java.util.concurrent.atomic.AtomicInteger();
    HeldFirstBatch held = new HeldFirstBatch(10, "first", r -> {
      relayed.incrementAndGet();
      relay.execute(r);
    });
    List<String> calledBack = Collections.synchronizedList(new ArrayList<>());
    held.gc.submitThen(new W("a", "a"), () -> calledBack.add("a on " + Thread.currentThread().getName()));
    Future<String> waiter = threads.submit(() -> {
      Thread.currentThread().setName("waiter");
      return (String) held.gc.submit(new W("w", "w"));
    });
    awaitQueued(held.gc, 2);

    held.release();

    assertThat(held.first.get()).isEqualTo("first");
    assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("w");
    assertThat(calledBack).containsExactly("a on waiter");
    assertThat(batches).containsExactly(List.of("first"), List.of("a", "w"));
    assertThat(relayed).as("relay runs").hasValue(0);
  }

  @Test
  void when_the_relay_refuses_the_leader_writes_what_is_queued_before_it_returns() throws Exception {
    ExecutorService closed = Executors.newSingleThreadExecutor();
    closed.shutdown();
    HeldFirstBatch held = new HeldFirstBatch(10, "first", closed);
    Thread leader = threadOf(held);
    List<String> calledBack = Collections.synchronizedList(new ArrayList<>());
    held.gc.submitThen(new W("b", "b"), () -> calledBack.add("b on " + Thread.currentThread().getName()));

    held.release();

    assertThat(held.first.get()).isEqualTo("first");
    assertThat(calledBack).containsExactly("b on " + leader.getName());
    assertThat(batches).containsExactly(List.of("first"), List.of("b"));
    assertThat(held.gc.queued()).isZero();
  }

  @Test
  void a_callback_gets_its_writes_exception() {
    IllegalStateException broken = new IllegalStateException("connection lost");
    GroupCommit<W> gc = new GroupCommit<>(10, 1, batch -> {
      throw broken;
    }, relay);
    W a = new W("a", "a");
    List<Object> seen = new ArrayList<>();

    gc.submitThen(a, () -> {
      try {
        a.result();
      } catch (RuntimeException e) {
        seen.add(e);
      }
    });

    assertThat(seen).containsExactly(broken);
  }

  /**
   * Callbacks of one batch that throw, even an Error, do not keep the batch's other callbacks from running or
   * leave queued writes without a writer; the relay that wrote them logs the Error.
   */
  @Test
  void callbacks_that_throw_spare_the_rest_of_their_batch_and_the_writes_queued_behind_it() throws Exception {
    HeldFirstBatch held = new HeldFirstBatch(10, "first");
    List<String> calledBack = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch lastCalledBack = new CountDownLatch(1);
    held.gc.submitThen(new W("a", "a"), () -> {
      calledBack.add("a");
      throw new IllegalArgumentException("a callback's own bug");
    });
    held.gc.submitThen(new W("b", "b"), () -> {
      calledBack.add("b");
      throw new AssertionError("a callback's Error");
    });
    held.gc.submitThen(new W("c", "c"), () -> {
      calledBack.add("c");
      lastCalledBack.countDown();
    });
    assertThat(held.gc.queued()).isEqualTo(3);

    held.release();

    assertThat(held.first.get()).isEqualTo("first");
    assertThat(lastCalledBack.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(calledBack).containsExactly("a", "b", "c");
    assertThat(batches).containsExactly(List.of("first"), List.of("a", "b", "c"));
    awaitQueued(held.gc, 0);
    assertThat(held.gc.submit(new W("d", "d"))).as("the next write finds a writer").isEqualTo("d");
  }

  /**
   * Many threads mixing waiting and non-waiting writes, some on shared keys: every write is written exactly once,
   * every callback runs exactly once, and nothing is left queued without a writer (leaders stop after their own
   * write, so the hand-over to waiting callers and to the relay is what keeps the queue moving).
   */
  @Test
  void under_load_every_write_is_written_once_and_nothing_is_left_queued() throws Exception {
    java.util.Map<String, Integer> written = new java.util.concurrent.ConcurrentHashMap<>();
    GroupCommit<W> gc = new GroupCommit<>(8, 1, batch -> {
      for (W w : batch) {
        written.merge(w.name, 1, Integer::sum);
        w.succeed(w.name);
      }
      Thread.yield();
    }, relay);
    int threadsCount = 6;
    int perThread = 400;
    CountDownLatch calledBack = new CountDownLatch(threadsCount * perThread / 2);
    java.util.Map<String, Integer> callbacks = new java.util.concurrent.ConcurrentHashMap<>();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < threadsCount; t++) {
      int thread = t;
      running.add(threads.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          String name = thread + "-" + i;
          W w = new W(name, "key-" + (i % 5));
          if (i % 2 == 0) {
            assertThat(gc.submit(w)).isEqualTo(name);
          } else {
            gc.submitThen(w, () -> {
              callbacks.merge(name, 1, Integer::sum);
              calledBack.countDown();
            });
          }
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get(30, TimeUnit.SECONDS);
    }

    assertThat(calledBack.await(30, TimeUnit.SECONDS)).as("every callback ran").isTrue();
    assertThat(written).hasSize(threadsCount * perThread).allSatisfy((name, times) -> assertThat(times).isOne());
    assertThat(callbacks).hasSize(threadsCount * perThread / 2).allSatisfy((name, times) -> assertThat(times).isOne());
    assertThat(gc.queued()).isZero();
  }

  /** The thread running the held first batch's submit. */
  private static Thread threadOf(HeldFirstBatch held) {
    return held.leader;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

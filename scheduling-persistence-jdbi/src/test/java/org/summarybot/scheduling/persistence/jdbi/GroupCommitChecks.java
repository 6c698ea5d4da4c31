package org.summarybot.scheduling.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.summarybot.scheduling.testkit.TaskFixtures.completed;
import static org.summarybot.scheduling.testkit.TaskFixtures.completedWith;
import static org.summarybot.scheduling.testkit.TaskFixtures.dueTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.record;
import static org.summarybot.scheduling.testkit.TaskFixtures.richTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.succeeded;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.LeaseLostException;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.RetryPolicy;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.testing.FakeClock;

/**
 * The store's group commit: completions and delivery-log inserts written together in one transaction keep every
 * promise of a lone write. Each test builds one batch exactly (no timing involved) with
 * {@link JdbiTaskStore#writeAsOneBatch}, which hands them to {@link BatchWriter#write}, the method the group commit
 * itself calls with the writes it collected.
 * Run on PostgreSQL and on H2 by the subclasses.
 */
abstract class GroupCommitChecks {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(5);
  private final FakeClock clock = new FakeClock(T0);
  private String url;
  private String user;
  private JdbiTaskStore store;

  /** The URL of an empty database, the same for every test of the class; emptied before each test. */
  abstract String url();

  abstract String user();

  @BeforeEach
  void open() {
    url = Dialect.effectiveUrl(url());
    user = user();
    store = JdbiTaskStore.builder().url(url).user(user).build();
    Sql.clear(url, user);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Tasks "a" and "b" are due in this order: claims (earliest due first) take a, then b. */
  private static final Instant A_DUE = T0.minusSeconds(2);
  private static final Instant B_DUE = T0.minusSeconds(1);

  /** Claims the one earliest due task for {@code node}, which must be {@code id}. */
  private Claim claim(String id, String node) {
    List<Claim> claims = store.claimDue(clock.now(), 1, node, LEASE);
    assertThat(claims).extracting(c -> c.task().id().value()).containsExactly(id);
    return claims.get(0);
  }

  private Completion done(Claim c) {
    return completed(c, clock.now(), T0.plus(Duration.ofHours(1)));
  }

  @Test
  void completions_and_deliveries_of_one_batch_are_all_written() {
    ScheduledTask a = store.create(dueTask("a", T0, A_DUE));
    ScheduledTask b = store.create(dueTask("b", T0, B_DUE));
    Claim ca = claim("a", "node-1");
    Claim cb = claim("b", "node-1");

    List<Object> results = store.writeAsOneBatch(List.of(done(ca), "exec-a/console:", done(cb), "exec-b/console:"),
        clock.now());

    ScheduledTask expectedA = done(ca).applyTo(a).toBuilder().version(2).build();
    ScheduledTask expectedB = done(cb).applyTo(b).toBuilder().version(2).build();
    assertThat(results).containsExactly(expectedA, true, expectedB, true);
    assertThat(store.get(a.id())).contains(expectedA);
    assertThat(store.get(b.id())).contains(expectedB);
    assertThat(store.history(a.id(), 10)).containsExactlyElementsOf(done(ca).records());
    assertThat(store.history(b.id(), 10)).containsExactlyElementsOf(done(cb).records());
    assertThat(store.isDelivered("exec-a/console:")).isTrue();
    assertThat(store.isDelivered("exec-b/console:")).isTrue();
    assertThat(store.claimDue(clock.now(), 10, "node-2", LEASE)).as("both leases ended, next fires later").isEmpty();
    assertThat(store.batchesRetriedAlone()).isZero();
  }

  @Test
  void a_completion_whose_lease_was_lost_fails_alone_and_writes_nothing_while_the_rest_of_its_batch_commits() {
    ScheduledTask a = store.create(dueTask("a", T0, A_DUE));
    store.create(dueTask("b", T0, B_DUE));
    Claim ca = claim("a", "node-1");
    clock.advance(LEASE.plusSeconds(1));
    Claim taken = claim("a", "node-2");
    Claim cb = claim("b", "node-1");

    List<Object> results = store.writeAsOneBatch(List.of(done(ca), done(cb), "exec-b/console:"), clock.now());

    assertThat(results.get(0)).isInstanceOf(LeaseLostException.class);
    assertThat(results.get(1)).isInstanceOf(ScheduledTask.class);
    assertThat(results.get(2)).isEqualTo(true);
    assertThat(store.get(a.id())).contains(a);
    assertThat(store.history(a.id(), 10)).isEmpty();
    assertThat(store.history(TaskId.of("b"), 10)).hasSize(1);
    assertThat(store.extendLease(taken, clock.now().plus(LEASE))).as("node-2 still holds a").isTrue();
    assertThat(store.complete(done(taken)).version()).isEqualTo(2);
    assertThat(store.batchesRetriedAlone()).isZero();
  }

  @Test
  void complete_then_hands_its_callback_the_stored_task_or_the_exception_complete_would_throw() {
    ScheduledTask a = store.create(dueTask("a", T0, A_DUE));
    ScheduledTask b = store.create(dueTask("b", T0, B_DUE));
    Claim ca = claim("a", "node-1");
    clock.advance(LEASE.plusSeconds(1));
    claim("a", "node-2");
    Claim cb = claim("b", "node-1");
    List<Object> outcomes = new java.util.ArrayList<>();

    store.completeThen(done(ca), (stored, failure) -> outcomes.add(stored != null ? stored : failure));
    store.completeThen(done(cb), (stored, failure) -> outcomes.add(stored != null ? stored : failure));

    // Nobody else writes, so each caller wrote its own completion before completeThen returned.
    assertThat(outcomes).hasSize(2);
    assertThat(outcomes.get(0)).isInstanceOf(LeaseLostException.class);
    assertThat(outcomes.get(1)).isEqualTo(done(cb).applyTo(b).toBuilder().version(2).build());
    assertThat(store.get(a.id())).contains(a);
    assertThat(store.history(b.id(), 10)).containsExactlyElementsOf(done(cb).records());
  }

  @Test
  void a_completion_of_a_deleted_task_fails_alone_while_the_rest_of_its_batch_commits() {
    store.create(dueTask("a", T0, A_DUE));
    store.create(dueTask("b", T0, B_DUE));
    Claim ca = claim("a", "node-1");
    Claim cb = claim("b", "node-1");
    store.delete(ca.task().id());

    List<Object> results = store.writeAsOneBatch(List.of(done(ca), done(cb)), clock.now());

    assertThat(results.get(0)).isInstanceOf(TaskNotFoundException.class);
    assertThat(results.get(1)).isInstanceOf(ScheduledTask.class);
    assertThat(store.history(ca.task().id(), 10)).isEmpty();
    assertThat(store.history(cb.task().id(), 10)).hasSize(1);
  }

  @Test
  void a_completion_of_a_task_a_person_changed_while_it_ran_keeps_the_persons_change_inside_a_batch() {
    ScheduledTask a = store.create(dueTask("a", T0, A_DUE));
    store.create(dueTask("b", T0, B_DUE));
    Claim ca = claim("a", "node-1");
    Claim cb = claim("b", "node-1");
    ScheduledTask paused = store.update(a.toBuilder().status(TaskStatus.PAUSED).build());

    List<Object> results = store.writeAsOneBatch(List.of(done(ca), done(cb)), clock.now());

    ScheduledTask doneA = (ScheduledTask) results.get(0);
    assertThat(doneA).isEqualTo(done(ca).applyTo(paused).toBuilder().version(3).build());
    assertThat(doneA.status()).isEqualTo(TaskStatus.PAUSED);
    assertThat(doneA.stats().runs()).isEqualTo(1);
    assertThat(store.get(a.id())).contains(doneA);
    assertThat(((ScheduledTask) results.get(1)).version()).isEqualTo(2);
  }

  @Test
  void a_batch_holding_a_record_already_in_history_fails_as_a_whole_and_every_write_is_retried_alone() {
    ScheduledTask a = store.create(dueTask("a", T0, A_DUE));
    store.create(dueTask("b", T0, B_DUE));
    // A buggy scheduler computes the same next run again: a's fire at T0 would be recorded twice.
    ScheduledTask afterFirst = store.complete(completed(claim("a", "node-1"), clock.now(), A_DUE));
    Claim again = claim("a", "node-1");
    Claim cb = claim("b", "node-1");
    ExecutionRecord fresh = ExecutionRecord.missed(a.id(), a.guildId(), T0.minus(Duration.ofHours(3)),
        T0.minus(Duration.ofHours(2)), 2, clock.now(), "scheduler was down");
    Completion duplicate = completedWith(again, List.of(fresh, succeeded(a, A_DUE, clock.now())), clock.now(),
        Optional.of(T0.plus(Duration.ofHours(1))));

    List<Object> results = store.writeAsOneBatch(List.of(done(cb), duplicate, "exec-b/console:"), clock.now());

    assertThat(store.batchesRetriedAlone()).isEqualTo(1);
    assertThat(results.get(0)).isInstanceOf(ScheduledTask.class);
    assertThat(results.get(1)).isInstanceOf(SchedulingException.class).isNotInstanceOf(LeaseLostException.class);
    assertThat(results.get(2)).isEqualTo(true);
    assertThat(store.get(a.id())).contains(afterFirst);
    assertThat(store.history(a.id(), 10)).hasSize(1).doesNotContain(fresh);
    assertThat(store.extendLease(again, clock.now().plus(LEASE))).as("the lease is still held").isTrue();
    assertThat(store.history(cb.task().id(), 10)).hasSize(1);
    assertThat(store.isDelivered("exec-b/console:")).isTrue();
  }

  @Test
  void refused_completions_inside_a_batch_keep_their_delivery_keys_while_the_others_commit() {
    ScheduledTask a = store.create(dueTask("a", T0, A_DUE));
    store.create(dueTask("b", T0, B_DUE));
    store.create(dueTask("c", T0, B_DUE.plusMillis(500)));
    Claim ca = claim("a", "node-1");
    clock.advance(LEASE.plusSeconds(1));
    claim("a", "node-2");
    Claim cb = claim("b", "node-1");
    Claim cc = claim("c", "node-1");
    store.delete(cc.task().id());

    List<Object> results = store.writeAsOneBatch(List.of(
        done(ca).withDeliveryKeys(List.of("exec-a/1", "exec-a/2")),
        done(cb).withDeliveryKeys(List.of("exec-b/1")),
        done(cc).withDeliveryKeys(List.of("exec-c/1")),
        "exec-b/0"), clock.now());

    assertThat(results.get(0)).isInstanceOf(LeaseLostException.class);
    assertThat(results.get(1)).isInstanceOf(ScheduledTask.class);
    assertThat(results.get(2)).isInstanceOf(TaskNotFoundException.class);
    assertThat(results.get(3)).isEqualTo(true);
    assertThat(store.batchesRetriedAlone()).as("refusals do not fail the batch").isZero();
    for (String key : List.of("exec-a/1", "exec-a/2", "exec-b/1", "exec-c/1", "exec-b/0")) {
      assertThat(store.isDelivered(key)).as(key).isTrue();
    }
    assertThat(store.get(a.id())).as("nothing of the refused completion but its keys").contains(a);
    assertThat(store.history(a.id(), 10)).isEmpty();
    assertThat(store.history(cb.task().id(), 10)).hasSize(1);
    assertThat(Sql.count(url, user, "SELECT COUNT(*) FROM delivery_log WHERE recorded_at IS NOT NULL")).isEqualTo(5);
  }

  @Test
  void delivery_keys_are_written_on_the_retry_alone_path_even_for_the_completion_refused_there() {
    ScheduledTask a = store.create(dueTask("a", T0, A_DUE));
    store.create(dueTask("b", T0, B_DUE));
    ScheduledTask afterFirst = store.complete(completed(claim("a", "node-1"), clock.now(), A_DUE));
    Claim again = claim("a", "node-1");
    Claim cb = claim("b", "node-1");
    // a's fire at A_DUE is already recorded: the batch fails as a whole and each write is retried alone.
    Completion duplicate = completedWith(again, List.of(succeeded(a, A_DUE, clock.now())), clock.now(),
        Optional.of(T0.plus(Duration.ofHours(1)))).withDeliveryKeys(List.of("exec-a/dup"));

    List<Object> results = store.writeAsOneBatch(List.of(done(cb).withDeliveryKeys(List.of("exec-b/1")), duplicate),
        clock.now());

    assertThat(store.batchesRetriedAlone()).isEqualTo(1);
    assertThat(results.get(0)).isInstanceOf(ScheduledTask.class);
    assertThat(results.get(1)).isInstanceOf(SchedulingException.class).isNotInstanceOf(LeaseLostException.class);
    assertThat(store.isDelivered("exec-b/1")).isTrue();
    assertThat(store.isDelivered("exec-a/dup")).as("kept although its completion was refused").isTrue();
    assertThat(store.get(a.id())).contains(afterFirst);
    assertThat(store.history(a.id(), 10)).hasSize(1);
  }

  @Test
  void a_lone_completion_refused_as_a_duplicate_record_still_logs_its_delivery_keys() {
    ScheduledTask a = store.create(dueTask("a", T0, A_DUE));
    ScheduledTask afterFirst = store.complete(completed(claim("a", "node-1"), clock.now(), A_DUE));
    Claim again = claim("a", "node-1");
    Completion duplicate = completedWith(again, List.of(succeeded(a, A_DUE, clock.now())), clock.now(),
        Optional.of(T0.plus(Duration.ofHours(1)))).withDeliveryKeys(List.of("exec-a/dup"));

    assertThatThrownBy(() -> store.complete(duplicate))
        .isInstanceOf(SchedulingException.class).isNotInstanceOf(LeaseLostException.class);

    assertThat(store.isDelivered("exec-a/dup")).isTrue();
    assertThat(store.get(a.id())).contains(afterFirst);
  }

  @Test
  void a_completion_logs_its_delivery_keys_at_its_completion_time_and_keeps_a_key_already_logged() {
    store.create(dueTask("a", T0, A_DUE));
    store.create(dueTask("b", T0, B_DUE));
    Claim ca = claim("a", "node-1");
    Claim cb = claim("b", "node-1");
    assertThat(store.recordDelivery("exec-a/1", T0.minusSeconds(600))).isTrue();

    List<Object> results = store.writeAsOneBatch(List.of(done(ca).withDeliveryKeys(List.of("exec-a/1", "exec-a/2")),
        done(cb).withDeliveryKeys(List.of("exec-b/1"))), clock.now());

    assertThat(results).allMatch(r -> r instanceof ScheduledTask);
    assertThat(store.recordDelivery("exec-a/2", clock.now())).isFalse();
    assertThat(store.recordDelivery("exec-b/1", clock.now())).isFalse();
    // Pruning goes by recorded_at: the key logged earlier keeps its time, the new ones have the completion's.
    store.pruneHistory(T0.minusSeconds(1));
    assertThat(store.isDelivered("exec-a/1")).isFalse();
    assertThat(store.isDelivered("exec-a/2")).isTrue();
    assertThat(store.isDelivered("exec-b/1")).isTrue();
  }

  @Test
  void every_value_of_a_task_and_of_its_history_record_is_stored_exactly_by_a_batch() {
    ScheduledTask rich = store.create(richTask("a", T0).toBuilder()
        .status(TaskStatus.ACTIVE)
        .name("quote \" comma , braces {x} backslash \\ NULL \u00fc")
        .statusReason(Optional.of("line\nbreak, \"quoted\" {NULL} \\"))
        .retryPolicy(new RetryPolicy(5, Duration.ofSeconds(10), 1.1, Duration.ofMinutes(3)))
        .build());
    clock.advance(Duration.ofHours(3).plusNanos(123_456_789));
    List<Claim> claims = store.claimDue(clock.now(), 1, "node-1", LEASE);
    assertThat(claims).hasSize(1);
    Claim ca = claims.get(0);
    ExecutionRecord failed = record(ca.task(), ca.dueAt(), clock.now(), ExecutionOutcome.FAILED);
    Completion c = completedWith(ca, List.of(failed), clock.now(),
        Optional.of(clock.now().plus(Duration.ofDays(1)).plusNanos(7)));

    List<Object> results = store.writeAsOneBatch(List.of(c, "exec-a/console:"), clock.now());

    ScheduledTask expected = c.applyTo(rich).toBuilder().version(rich.version() + 1).build();
    assertThat(results).containsExactly(expected, true);
    assertThat(store.get(rich.id())).contains(expected);
    assertThat(store.history(rich.id(), 10)).containsExactly(failed);
    assertThat(store.batchesRetriedAlone()).isZero();
  }

  @Test
  void a_key_brought_by_a_completion_and_logged_alone_in_one_batch_is_written_once_and_new_for_the_lone_write() {
    store.create(dueTask("a", T0, A_DUE));
    Claim ca = claim("a", "node-1");

    List<Object> results = store.writeAsOneBatch(List.of(done(ca).withDeliveryKeys(List.of("exec-a/1")), "exec-a/1"),
        clock.now());

    assertThat(results.get(0)).isInstanceOf(ScheduledTask.class);
    assertThat(results.get(1)).isEqualTo(true);
    assertThat(store.isDelivered("exec-a/1")).isTrue();
    assertThat(store.recordDelivery("exec-a/1", clock.now())).isFalse();
    assertThat(store.batchesRetriedAlone()).isZero();
  }

  @Test
  void a_delivery_key_already_logged_is_not_new_inside_a_batch_and_the_others_are() {
    assertThat(store.recordDelivery("exec-1/console:", clock.now())).isTrue();

    List<Object> results = store.writeAsOneBatch(List.of("exec-2/console:", "exec-1/console:", "exec-3/console:"),
        clock.now());

    assertThat(results).containsExactly(true, false, true);
    assertThat(store.isDelivered("exec-2/console:")).isTrue();
    assertThat(store.isDelivered("exec-3/console:")).isTrue();
  }

  @Test
  void concurrent_completions_and_deliveries_through_the_group_commit_are_each_written_once() throws Exception {
    int n = 200;
    for (int i = 0; i < n; i++) {
      store.create(dueTask(String.format("t-%03d", i), T0, T0));
    }
    List<Claim> claims = store.claimDue(clock.now(), n, "node-1", LEASE);
    assertThat(claims).hasSize(n);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> delivered = new ArrayList<>();
      List<Future<ScheduledTask>> stored = new ArrayList<>();
      for (Claim c : claims) {
        delivered.add(pool.submit(() -> store.recordDelivery("exec-" + c.task().id().value() + "/console:",
            clock.now())));
        stored.add(pool.submit(() -> store.complete(done(c))));
      }
      for (int i = 0; i < n; i++) {
        assertThat(delivered.get(i).get()).isTrue();
        assertThat(stored.get(i).get().version()).isEqualTo(2);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(Sql.count(url, user, "SELECT COUNT(*) FROM executions")).isEqualTo(n);
    assertThat(Sql.count(url, user, "SELECT COUNT(*) FROM delivery_log")).isEqualTo(n);
    assertThat(Sql.count(url, user, "SELECT COUNT(*) FROM tasks WHERE version = 2 AND lease_owner IS NULL"))
        .isEqualTo(n);
  }

  @Test
  void concurrent_completions_handed_over_without_waiting_are_each_written_once_and_called_back_once()
      throws Exception {
    int n = 200;
    for (int i = 0; i < n; i++) {
      store.create(dueTask(String.format("t-%03d", i), T0, T0));
    }
    List<Claim> claims = store.claimDue(clock.now(), n, "node-1", LEASE);
    java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> calls =
        new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.CountDownLatch allCalledBack = new java.util.concurrent.CountDownLatch(n);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (Claim c : claims) {
        pool.submit(() -> store.completeThen(done(c), (stored, failure) -> {
          calls.computeIfAbsent(c.task().id().value(), k -> new java.util.concurrent.atomic.AtomicInteger())
              .incrementAndGet();
          if (stored != null && stored.version() == 2) {
            allCalledBack.countDown();
          }
        }));
      }
      assertThat(allCalledBack.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("every callback, stored").isTrue();
    } finally {
      pool.shutdown();
    }
    assertThat(calls).hasSize(n).allSatisfy((id, count) -> assertThat(count.get()).as(id).isEqualTo(1));
    assertThat(Sql.count(url, user, "SELECT COUNT(*) FROM executions")).isEqualTo(n);
    assertThat(Sql.count(url, user, "SELECT COUNT(*) FROM tasks WHERE version = 2 AND lease_owner IS NULL"))
        .isEqualTo(n);
  }
}

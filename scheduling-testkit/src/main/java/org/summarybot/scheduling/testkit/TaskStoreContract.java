package org.summarybot.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.summarybot.scheduling.testkit.TaskFixtures.GUILD;
import static org.summarybot.scheduling.testkit.TaskFixtures.OTHER_GUILD;
import static org.summarybot.scheduling.testkit.TaskFixtures.cleanupTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.completed;
import static org.summarybot.scheduling.testkit.TaskFixtures.completedWith;
import static org.summarybot.scheduling.testkit.TaskFixtures.dueTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.richTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.succeeded;
import static org.summarybot.scheduling.testkit.TaskFixtures.summaryTask;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.LeaseLostException;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.VersionConflictException;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.model.PendingRun;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskKind;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.TimeOptions;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.port.DaySpend;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;
import org.summarybot.scheduling.testing.FakeClock;

/**
 * The behaviour every {@link TaskStore} promises (see its Javadoc): versions, leases, exactly-once history and
 * the delivery log. A store's test extends this class and implements {@link #newStore()}; capability flags
 * ({@link #supportsConcurrentClaimers()}) mark what a store documents it cannot do, and the tests that need
 * such a capability are skipped for it, visibly.
 *
 * <p>Time comes from {@link #clock}, a {@link FakeClock}; stores take time as arguments, so no test waits.
 * The concurrency check is also offered as {@link #assertConcurrentClaimersNeverShareAFire}, so a store's own
 * tests (or a proof that a broken store fails) can run it against any store.
 */
public abstract class TaskStoreContract {

  /** The time every test starts at. */
  protected static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(1);

  /** The time of the test; stores are always passed {@code clock.now()}. */
  protected final FakeClock clock = new FakeClock(T0);
  /** The store under test, fresh and empty for every test. */
  protected TaskStore store;

  /** A new, empty store. Called once before every test. */
  protected abstract TaskStore newStore();

  /** Whether several threads may claim and complete through one store at once. Default: yes. */
  protected boolean supportsConcurrentClaimers() {
    return true;
  }

  /** Called after every test with the store it used; closes it by default. */
  protected void disposeStore(TaskStore used) {
    used.close();
  }

  @BeforeEach
  final void openStore() {
    store = newStore();
    assertThat(store.list(TaskQuery.all())).as("newStore() returns an empty store").isEmpty();
  }

  @AfterEach
  final void closeStore() {
    if (store != null) {
      disposeStore(store);
    }
  }

  // ---------------------------------------------------------------- create, read, update, delete

  @Test
  void create_stores_the_task_at_version_1_and_get_returns_it() {
    ScheduledTask created = store.create(summaryTask("a", T0).build());

    assertThat(created.version()).isEqualTo(1);
    assertThat(store.get(TaskId.of("a"))).contains(created);
    assertThat(store.get(TaskId.of("nope"))).isEmpty();
  }

  @Test
  void every_field_of_a_task_survives_the_store() {
    ScheduledTask rich = richTask("rich", T0);

    ScheduledTask created = store.create(rich);

    assertThat(created).isEqualTo(rich.toBuilder().version(1).build());
    assertThat(store.get(rich.id())).contains(created);
    ScheduledTask cleanup = store.create(cleanupTask("c", T0).build());
    assertThat(store.get(cleanup.id())).contains(cleanup);
  }

  @Test
  void every_time_option_of_a_task_survives_the_store_and_an_update_back_to_the_defaults() {
    ScheduledTask timed = TaskFixtures.timedTask("timed", T0);

    ScheduledTask created = store.create(timed);

    assertThat(created.timeOptions()).isEqualTo(timed.timeOptions());
    assertThat(store.get(timed.id())).contains(created);
    ScheduledTask plain = store.update(created.toBuilder().timeOptions(TimeOptions.DEFAULTS).build());
    assertThat(store.get(timed.id()).orElseThrow().timeOptions()).isEqualTo(TimeOptions.DEFAULTS);
    assertThat(store.get(timed.id())).contains(plain);
  }

  @Test
  void a_fire_skipped_for_its_date_is_kept_in_history_and_changes_no_stats() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim c = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    ExecutionRecord skipped = TaskFixtures.skippedDate(c.task(), c.dueAt(), clock.now());

    store.complete(completedWith(c, List.of(skipped), clock.now(), Optional.of(T0.plus(Duration.ofDays(1)))));

    assertThat(store.history(a.id(), 10)).containsExactly(skipped);
    ScheduledTask after = store.get(a.id()).orElseThrow();
    assertThat(after.stats()).isEqualTo(a.stats());
    assertThat(after.lastWindowEnd()).isEqualTo(a.lastWindowEnd());
    assertThat(after.nextRun()).contains(T0.plus(Duration.ofDays(1)));
  }

  @Test
  void create_of_an_existing_id_is_refused_and_keeps_the_stored_task() {
    ScheduledTask first = store.create(summaryTask("a", T0).build());

    assertThatThrownBy(() -> store.create(summaryTask("a", T0).name("impostor").build()))
        .isInstanceOf(SchedulingException.class)
        .hasMessageContaining("a");
    assertThat(store.get(first.id())).contains(first);
  }

  @Test
  void create_of_a_task_with_a_version_is_refused() {
    assertThatThrownBy(() -> store.create(summaryTask("a", T0).version(3).build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.get(TaskId.of("a"))).isEmpty();
  }

  @Test
  void update_with_the_stored_version_replaces_the_task_one_version_up() {
    ScheduledTask v1 = store.create(summaryTask("a", T0).build());

    ScheduledTask v2 = store.update(v1.toBuilder().name("renamed").status(TaskStatus.PAUSED).build());

    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.name()).isEqualTo("renamed");
    assertThat(store.get(v1.id())).contains(v2);
    assertThat(store.update(v2.toBuilder().status(TaskStatus.ACTIVE).build()).version()).isEqualTo(3);
  }

  @Test
  void stale_version_update_is_refused_and_changes_nothing() {
    ScheduledTask v1 = store.create(summaryTask("a", T0).build());
    ScheduledTask v2 = store.update(v1.toBuilder().name("first writer").build());

    assertThatThrownBy(() -> store.update(v1.toBuilder().name("second writer").build()))
        .isInstanceOfSatisfying(VersionConflictException.class, e -> {
          assertThat(e.taskId()).isEqualTo(v1.id());
          assertThat(e.expectedVersion()).isEqualTo(1);
          assertThat(e.actualVersion()).isEqualTo(2);
        });
    assertThat(store.get(v1.id())).contains(v2);
  }

  @Test
  void update_of_a_missing_task_is_refused() {
    ScheduledTask ghost = summaryTask("ghost", T0).version(1).build();

    assertThatThrownBy(() -> store.update(ghost)).isInstanceOf(TaskNotFoundException.class);
    assertThat(store.get(ghost.id())).isEmpty();
  }

  @Test
  void delete_removes_the_task_and_reports_whether_it_existed() {
    ScheduledTask a = store.create(summaryTask("a", T0).build());
    store.create(summaryTask("b", T0).build());

    assertThat(store.delete(a.id())).isTrue();
    assertThat(store.delete(a.id())).isFalse();
    assertThat(store.get(a.id())).isEmpty();
    assertThat(store.list(TaskQuery.all())).extracting(ScheduledTask::id).containsExactly(TaskId.of("b"));
  }

  @Test
  void a_deleted_id_can_be_created_again_at_version_1() {
    ScheduledTask a = store.create(summaryTask("a", T0).build());
    store.update(a);
    store.delete(a.id());

    assertThat(store.create(summaryTask("a", T0).name("again").build()).version()).isEqualTo(1);
    assertThat(store.get(a.id()).map(ScheduledTask::name)).contains("again");
  }

  @Test
  void list_filters_by_guild_status_and_kind_and_orders_by_id() {
    store.create(summaryTask("c", T0).build());
    store.create(summaryTask("a", T0).guildId(OTHER_GUILD).build());
    store.create(summaryTask("b", T0).status(TaskStatus.PAUSED).build());
    store.create(cleanupTask("d", T0).build());
    store.create(summaryTask("e", T0).status(TaskStatus.DISABLED).statusReason(Optional.of("broken")).build());

    assertThat(ids(TaskQuery.all())).containsExactly("a", "b", "c", "d", "e");
    assertThat(ids(TaskQuery.guild(GUILD))).containsExactly("b", "c", "d", "e");
    assertThat(ids(TaskQuery.guild(OTHER_GUILD))).containsExactly("a");
    assertThat(ids(TaskQuery.all().withStatus(TaskStatus.PAUSED, TaskStatus.DISABLED))).containsExactly("b", "e");
    assertThat(ids(TaskQuery.all().withKind(TaskKind.CLEANUP))).containsExactly("d");
    assertThat(ids(TaskQuery.guild(GUILD).withStatus(TaskStatus.ACTIVE).withKind(TaskKind.SUMMARY)))
        .containsExactly("c");
  }

  @Test
  void list_with_silence_alerts_selects_tasks_with_an_alert_set_or_told_and_no_others() {
    Instant told = T0.plusSeconds(60);
    store.create(summaryTask("a", T0).alertIfSilent(Optional.of(Duration.ofHours(2))).build());
    store.create(summaryTask("b", T0).build());
    store.create(summaryTask("c", T0).silenceAlertedAt(Optional.of(told)).build());
    store.create(summaryTask("d", T0).alertIfSilent(Optional.of(Duration.ofDays(1))).silenceAlertedAt(Optional.of(told))
        .status(TaskStatus.PAUSED).build());

    assertThat(ids(TaskQuery.all().withSilenceAlerts())).containsExactly("a", "c", "d");
    assertThat(ids(TaskQuery.all().withStatus(TaskStatus.ACTIVE).withSilenceAlerts())).containsExactly("a", "c");
    assertThat(ids(TaskQuery.all())).as("the filter is off by default").containsExactly("a", "b", "c", "d");
  }

  @Test
  void count_by_status_counts_every_task_once_in_its_current_status() {
    assertThat(store.countByStatus().values()).as("an empty store counts nothing").allMatch(n -> n == 0);
    store.create(summaryTask("a", T0).build());
    ScheduledTask b = store.create(summaryTask("b", T0).build());
    store.create(summaryTask("c", T0).status(TaskStatus.PAUSED).build());
    store.create(cleanupTask("d", T0).guildId(OTHER_GUILD).build());
    store.create(summaryTask("e", T0).status(TaskStatus.DISABLED).statusReason(Optional.of("broken")).build());
    store.update(b.toBuilder().status(TaskStatus.PAUSED).build());
    store.delete(TaskId.of("a"));

    Map<TaskStatus, Long> counts = store.countByStatus();
    assertThat(counts.getOrDefault(TaskStatus.ACTIVE, 0L)).isEqualTo(1);
    assertThat(counts.getOrDefault(TaskStatus.PAUSED, 0L)).isEqualTo(2);
    assertThat(counts.getOrDefault(TaskStatus.DISABLED, 0L)).isEqualTo(1);
    assertThat(counts.getOrDefault(TaskStatus.COMPLETED, 0L)).isZero();
  }

  // ---------------------------------------------------------------- claiming and leases

  @Test
  void claim_due_hands_out_only_active_due_tasks_earliest_first() {
    Instant now = clock.now();
    store.create(dueTask("late", T0, now.minusSeconds(60)));
    store.create(dueTask("early", T0, now.minusSeconds(7200)));
    store.create(dueTask("exactly-now", T0, now));
    store.create(dueTask("future", T0, now.plusSeconds(1)));
    store.create(summaryTask("paused", T0).nextRun(Optional.of(now.minusSeconds(9999)))
        .status(TaskStatus.PAUSED).build());
    store.create(summaryTask("disabled", T0).nextRun(Optional.of(now.minusSeconds(9999)))
        .status(TaskStatus.DISABLED).statusReason(Optional.of("too many failures")).build());
    store.create(summaryTask("finished", T0).nextRun(Optional.empty()).status(TaskStatus.COMPLETED).build());
    store.create(summaryTask("no-next-run", T0).nextRun(Optional.empty()).build());
    store.create(summaryTask("retrying", T0).nextRun(Optional.of(now.plusSeconds(3600)))
        .pending(Optional.of(new PendingRun(now.minusSeconds(600), 2, now.minusSeconds(300),
            TimeWindow.of(now.minusSeconds(4200), now.minusSeconds(600)), "timeout")))
        .build());

    List<Claim> claims = store.claimDue(now, 10, "node-1", LEASE);

    assertThat(claims).extracting(c -> c.task().id().value())
        .containsExactly("early", "retrying", "late", "exactly-now");
    assertThat(claims).extracting(Claim::dueAt).containsExactly(
        now.minusSeconds(7200), now.minusSeconds(300), now.minusSeconds(60), now);
    assertThat(claims).allSatisfy(c -> {
      assertThat(c.nodeId()).isEqualTo("node-1");
      assertThat(c.leaseUntil()).isEqualTo(now.plus(LEASE));
      assertThat(c.task()).isEqualTo(store.get(c.task().id()).orElseThrow());
    });
  }

  @Test
  void claim_due_respects_the_limit_and_leaves_the_rest_for_the_next_call() {
    Instant now = clock.now();
    for (int i = 0; i < 5; i++) {
      store.create(dueTask("t" + i, T0, now.minusSeconds(100 - i)));
    }

    assertThat(store.claimDue(now, 2, "node-1", LEASE)).extracting(c -> c.task().id().value())
        .containsExactly("t0", "t1");
    assertThat(store.claimDue(now, 0, "node-1", LEASE)).isEmpty();
    assertThat(store.claimDue(now, 10, "node-2", LEASE)).extracting(c -> c.task().id().value())
        .containsExactly("t2", "t3", "t4");
  }

  @Test
  void a_leased_task_is_not_handed_out_again_until_its_lease_expires() {
    store.create(dueTask("a", T0, T0));
    assertThat(store.claimDue(clock.now(), 10, "node-1", LEASE)).hasSize(1);

    assertThat(store.claimDue(clock.now(), 10, "node-1", LEASE)).isEmpty();
    assertThat(store.claimDue(clock.now(), 10, "node-2", LEASE)).isEmpty();
    clock.advance(LEASE.minusMillis(1));
    assertThat(store.claimDue(clock.now(), 10, "node-2", LEASE)).isEmpty();
  }

  @Test
  void an_expired_lease_lets_another_node_take_over_the_same_fire() {
    ScheduledTask a = store.create(dueTask("a", T0, T0.minusSeconds(30)));
    Claim first = store.claimDue(clock.now(), 10, "node-1", LEASE).get(0);

    clock.advance(LEASE);
    List<Claim> takeover = store.claimDue(clock.now(), 10, "node-2", LEASE);

    assertThat(takeover).hasSize(1);
    Claim second = takeover.get(0);
    assertThat(second.task().id()).isEqualTo(a.id());
    assertThat(second.dueAt()).isEqualTo(first.dueAt());
    assertThat(second.nodeId()).isEqualTo("node-2");
    assertThat(second.leaseUntil()).isEqualTo(clock.now().plus(LEASE));
  }

  @Test
  void a_claim_after_an_expired_or_handed_back_lease_of_the_same_fire_is_never_a_first_holder() {
    ScheduledTask a = store.create(dueTask("a", T0, T0.minusSeconds(30)));
    store.claimDue(clock.now(), 10, "node-1", LEASE);
    clock.advance(LEASE);
    Claim takeover = store.claimDue(clock.now(), 10, "node-2", LEASE).get(0);
    assertThat(takeover.firstHolder()).as("taken over after an expired lease").isFalse();

    assertThat(store.releaseLease(takeover)).isTrue();
    Claim again = store.claimDue(clock.now(), 10, "node-3", LEASE).get(0);
    assertThat(again.firstHolder()).as("claimed again after a hand-back").isFalse();
  }

  @Test
  void a_first_holder_is_only_ever_the_first_claim_of_each_due_time() {
    ScheduledTask a = store.create(dueTask("a", T0, T0.minusSeconds(30)));
    Claim first = store.claimDue(clock.now(), 10, "node-1", LEASE).get(0);
    // A store may not know (false is always safe); one that says true must say it for the first claim only.
    ScheduledTask done = store.complete(completed(first, clock.now(), clock.now().plusSeconds(60)));
    clock.advance(Duration.ofSeconds(61));
    Claim next = store.claimDue(clock.now(), 10, "node-1", LEASE).get(0);
    assertThat(next.dueAt()).isEqualTo(done.nextRun().orElseThrow());
    if (first.firstHolder()) {
      assertThat(next.firstHolder()).as("a new due time is a first claim again").isTrue();
    }
    assertThat(store.releaseLease(next)).isTrue();
    assertThat(store.claimDue(clock.now(), 10, "node-2", LEASE).get(0).firstHolder()).isFalse();
  }

  @Test
  void extend_lease_keeps_the_task_from_other_nodes() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim claim = store.claimDue(clock.now(), 10, "node-1", LEASE).get(0);

    assertThat(store.extendLease(claim, clock.now().plus(Duration.ofMinutes(10)))).isTrue();
    clock.advance(Duration.ofMinutes(5));

    assertThat(store.claimDue(clock.now(), 10, "node-2", LEASE)).isEmpty();
    assertThat(store.extendLease(claim, clock.now().plus(LEASE))).as("extended again").isTrue();
  }

  @Test
  void extend_lease_fails_for_a_node_whose_lease_was_taken_over() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim stale = store.claimDue(clock.now(), 10, "node-1", LEASE).get(0);
    clock.advance(LEASE.plusSeconds(1));
    Claim current = store.claimDue(clock.now(), 10, "node-2", LEASE).get(0);

    assertThat(store.extendLease(stale, clock.now().plus(LEASE))).isFalse();
    assertThat(store.extendLease(current, clock.now().plus(LEASE))).isTrue();
    store.delete(a.id());
    assertThat(store.extendLease(current, clock.now().plus(LEASE))).as("the task is gone").isFalse();
  }

  @Test
  void an_expired_lease_that_nobody_claimed_again_is_still_held_by_its_claim() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim claim = store.claimDue(clock.now(), 10, "node-1", LEASE).get(0);
    clock.advance(LEASE.plusSeconds(1));
    store.nextDueAt(clock.now());

    assertThat(store.extendLease(claim, clock.now().plus(LEASE))).isTrue();
    assertThat(store.claimDue(clock.now(), 10, "node-2", LEASE)).as("extended: not claimable").isEmpty();
    assertThat(store.get(a.id())).contains(a);
  }

  // ---------------------------------------------------------------- fencing

  @Test
  void every_claim_of_a_task_carries_a_larger_fencing_token() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    store.create(dueTask("b", T0, T0));
    List<Claim> firsts = store.claimDue(clock.now(), 10, "node-1", LEASE);
    Claim first = firsts.stream().filter(c -> c.task().id().equals(a.id())).findFirst().orElseThrow();
    clock.advance(LEASE.plusSeconds(1));
    Claim takenOver = store.claimDue(clock.now(), 1, "node-2", LEASE).get(0);
    assertThat(store.releaseLease(takenOver)).isTrue();
    Claim handedBack = store.claimDue(clock.now(), 10, "node-1", LEASE).stream()
        .filter(c -> c.task().id().equals(takenOver.task().id())).findFirst().orElseThrow();

    assertThat(firsts).extracting(Claim::fencingToken).doesNotHaveDuplicates();
    assertThat(handedBack.fencingToken()).isGreaterThan(takenOver.fencingToken());
    Claim earlier = firsts.stream().filter(c -> c.task().id().equals(takenOver.task().id())).findFirst()
        .orElseThrow();
    assertThat(takenOver.fencingToken()).isGreaterThan(earlier.fencingToken());
    assertThat(first.fencingToken()).isPositive();
  }

  @Test
  void a_stale_claim_of_the_same_node_can_neither_extend_release_nor_complete_the_newer_claim() {
    ScheduledTask a = store.create(dueTask("a", T0, T0.minusSeconds(30)));
    Claim stale = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    // The node's lease expired (a database outage, a long pause) and the same node claimed the same fire again.
    clock.advance(LEASE.plusSeconds(1));
    Claim current = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    assertThat(current.dueAt()).isEqualTo(stale.dueAt());
    assertThat(current.nodeId()).isEqualTo(stale.nodeId());

    assertThat(store.extendLease(stale, clock.now().plus(Duration.ofHours(1)))).as("stale extend").isFalse();
    assertThat(store.releaseLease(stale)).as("stale release").isFalse();
    assertThatThrownBy(() -> store.complete(completed(stale, clock.now(), T0.plus(Duration.ofHours(1)))))
        .as("stale completion").isInstanceOf(LeaseLostException.class);

    assertThat(store.get(a.id())).as("nothing changed").contains(a);
    assertThat(store.history(a.id(), 10)).isEmpty();
    assertThat(store.claimDue(clock.now(), 1, "node-2", LEASE)).as("the newer claim still holds the task")
        .isEmpty();
    clock.advance(LEASE.minusSeconds(1));
    assertThat(store.claimDue(clock.now(), 1, "node-2", LEASE)).as("its lease was not extended by the stale one")
        .isEmpty();
    ScheduledTask done = store.complete(completed(current, clock.now(), T0.plus(Duration.ofHours(1))));
    assertThat(done.version()).isEqualTo(a.version() + 1);
    assertThat(store.history(a.id(), 10)).hasSize(1);
  }

  @Test
  void a_stale_completion_refused_after_a_reclaim_leaves_the_next_fire_of_the_same_node_held() {
    // The failure seen on PostgreSQL: a completion queued during an outage must not be accepted once the same
    // node has claimed the fire again, nor may its refusal end the lease of that node's next claim.
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim stale = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    clock.advance(LEASE.plusSeconds(1));
    Claim rerun = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    ScheduledTask afterRerun = store.complete(completed(rerun, clock.now(), clock.now().plusSeconds(1)));
    clock.advance(Duration.ofSeconds(1));
    Claim next = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    assertThat(next.dueAt()).isEqualTo(afterRerun.nextRun().orElseThrow());

    assertThatThrownBy(() -> store.complete(completed(stale, clock.now(), T0.plus(Duration.ofHours(1)))))
        .isInstanceOf(LeaseLostException.class);
    assertThat(store.releaseLease(stale)).isFalse();
    assertThat(store.releaseLease(rerun)).as("a completed claim holds nothing").isFalse();

    assertThat(store.claimDue(clock.now(), 1, "node-2", LEASE)).as("node-1's next fire is still held").isEmpty();
    assertThat(store.get(a.id())).contains(afterRerun);
  }

  @Test
  void a_task_deleted_and_created_again_under_its_id_is_not_held_by_a_claim_of_the_old_one() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim old = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    store.delete(a.id());
    store.create(dueTask("a", T0, T0));
    Claim fresh = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);

    assertThat(fresh.fencingToken()).isNotEqualTo(old.fencingToken());
    assertThat(store.releaseLease(old)).isFalse();
    assertThat(store.extendLease(old, clock.now().plus(LEASE))).isFalse();
    assertThat(store.extendLease(fresh, clock.now().plus(LEASE))).isTrue();
  }

  @Test
  void release_lease_makes_the_task_claimable_again_unchanged() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim claim = store.claimDue(clock.now(), 10, "node-1", LEASE).get(0);

    assertThat(store.releaseLease(claim)).isTrue();
    assertThat(store.releaseLease(claim)).as("released once").isFalse();

    List<Claim> again = store.claimDue(clock.now(), 10, "node-2", LEASE);
    assertThat(again).extracting(Claim::task).containsExactly(a);
    assertThat(store.get(a.id())).contains(a);
  }

  @Test
  void lease_holders_are_the_nodes_of_live_leases_only() {
    Instant now = clock.now();
    ScheduledTask a = store.create(dueTask("a", T0, now.minusSeconds(20)));
    ScheduledTask b = store.create(dueTask("b", T0, now.minusSeconds(10)));
    store.create(dueTask("later", T0, now.plusSeconds(3600)));
    assertThat(store.leaseHolders(now)).isEmpty();

    Claim first = store.claimDue(now, 1, "node-1", LEASE).get(0);
    Claim second = store.claimDue(now, 1, "node-2", LEASE).get(0);
    assertThat(store.leaseHolders(now)).containsExactly(entry(a.id(), "node-1"), entry(b.id(), "node-2"));

    assertThat(store.releaseLease(second)).isTrue();
    assertThat(store.leaseHolders(now)).containsExactly(entry(a.id(), "node-1"));

    clock.advance(LEASE);
    assertThat(store.leaseHolders(clock.now())).as("expired, though nobody claimed the task again").isEmpty();
    assertThat(store.extendLease(first, clock.now().plus(LEASE))).as("asking changed nothing").isTrue();
    assertThat(store.leaseHolders(clock.now())).containsExactly(entry(a.id(), "node-1"));

    store.complete(completed(first, clock.now(), T0.plus(Duration.ofHours(1))));
    assertThat(store.leaseHolders(clock.now())).as("a completion ends the lease").isEmpty();
  }

  @Test
  void next_due_at_is_the_earliest_due_time_of_an_unleased_active_task() {
    Instant now = clock.now();
    assertThat(store.nextDueAt(now)).isEmpty();
    store.create(dueTask("later", T0, now.plusSeconds(600)));
    store.create(dueTask("sooner", T0, now.plusSeconds(300)));
    store.create(summaryTask("paused", T0).nextRun(Optional.of(now.plusSeconds(10)))
        .status(TaskStatus.PAUSED).build());

    assertThat(store.nextDueAt(now)).contains(now.plusSeconds(300));
  }

  @Test
  void next_due_at_does_not_report_a_task_held_by_a_live_lease() {
    Instant now = clock.now();
    store.create(dueTask("held", T0, now.minusSeconds(5)));
    store.create(dueTask("next", T0, now.plusSeconds(3600)));
    assertThat(store.nextDueAt(now)).contains(now.minusSeconds(5));
    store.claimDue(now, 1, "node-1", LEASE);

    Optional<Instant> next = store.nextDueAt(now);

    // Either the next free due time, or (as a wake-up hint) the moment the live lease expires.
    assertThat(next).hasValueSatisfying(t -> assertThat(t).isAfter(now).isBeforeOrEqualTo(now.plusSeconds(3600)));
    clock.advance(LEASE);
    assertThat(store.nextDueAt(clock.now())).contains(now.minusSeconds(5));
  }

  // ---------------------------------------------------------------- completion

  @Test
  void complete_applies_the_completion_bumps_the_version_appends_history_and_ends_the_lease() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim claim = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    clock.advance(Duration.ofSeconds(20));
    Completion completion = completed(claim, clock.now(), T0.plus(Duration.ofHours(1)));

    ScheduledTask done = store.complete(completion);

    ScheduledTask expected = completion.applyTo(a).toBuilder().version(2).build();
    assertThat(done).isEqualTo(expected);
    assertThat(store.get(a.id())).contains(expected);
    assertThat(done.stats().successes()).isEqualTo(1);
    assertThat(done.lastWindowEnd()).contains(T0);
    assertThat(store.history(a.id(), 10)).containsExactlyElementsOf(completion.records());
    assertThat(store.claimDue(clock.now(), 10, "node-1", LEASE)).as("next fire is in an hour").isEmpty();
    clock.set(T0.plus(Duration.ofHours(1)));
    assertThat(store.claimDue(clock.now(), 10, "node-2", LEASE)).extracting(Claim::dueAt)
        .containsExactly(T0.plus(Duration.ofHours(1)));
  }

  @Test
  void complete_keeps_changes_a_person_made_while_the_task_ran() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim claim = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    ScheduledTask paused = store.update(a.toBuilder().status(TaskStatus.PAUSED).schedule("every 2h")
        .nextRun(Optional.of(T0.plus(Duration.ofHours(2)))).build());

    ScheduledTask done = store.complete(completed(claim, clock.now(), T0.plus(Duration.ofHours(1))));

    assertThat(done.version()).isEqualTo(3);
    assertThat(done.status()).isEqualTo(TaskStatus.PAUSED);
    assertThat(done.schedule()).isEqualTo("every 2h");
    assertThat(done.nextRun()).isEqualTo(paused.nextRun());
    assertThat(done.stats().runs()).isEqualTo(1);
  }

  /**
   * The silence alert of a task (after how long, when it was told) and its last delivery survive the store, and a
   * completion keeps an alert written while the task ran (by another node's look).
   */
  @Test
  void silence_alert_fields_and_the_last_delivery_are_stored_and_kept_by_a_completion() {
    ScheduledTask a = store.create(dueTask("a", T0, T0).toBuilder().alertIfSilent(Optional.of(Duration.ofHours(36)))
        .build());
    assertThat(store.get(a.id()).orElseThrow().alertIfSilent()).contains(Duration.ofHours(36));
    Claim c = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    Instant alerted = clock.now().plusSeconds(5);
    store.update(store.get(a.id()).orElseThrow().toBuilder().silenceAlertedAt(Optional.of(alerted)).build());
    clock.advance(Duration.ofSeconds(10));

    ScheduledTask done = store.complete(completed(c, clock.now(), T0.plus(Duration.ofDays(1))));

    assertThat(done.silenceAlertedAt()).contains(alerted);
    assertThat(done.stats().lastDelivered()).contains(clock.now());
    ScheduledTask stored = store.get(a.id()).orElseThrow();
    assertThat(stored.silenceAlertedAt()).contains(alerted);
    assertThat(stored.alertIfSilent()).contains(Duration.ofHours(36));
    assertThat(stored.stats().lastDelivered()).contains(clock.now());
    assertThat(store.list(TaskQuery.all()).get(0)).isEqualTo(stored);
  }

  /** A backfill's pending run keeps its kind through the store: its window is fixed, its record replaces. */
  @Test
  void a_pending_backfill_run_is_stored_as_a_backfill() {
    ScheduledTask a = store.create(dueTask("a", T0, T0.plus(Duration.ofDays(1))));
    PendingRun backfill = PendingRun.backfill(T0.minus(Duration.ofDays(1)), T0,
        TimeWindow.of(T0.minus(Duration.ofDays(2)), T0.minus(Duration.ofDays(1))));
    store.update(a.toBuilder().pending(Optional.of(backfill)).build());

    assertThat(store.get(a.id()).orElseThrow().pending()).contains(backfill);
    assertThat(store.list(TaskQuery.all()).get(0).pending().orElseThrow().backfill()).isTrue();
    ScheduledTask asked = store.get(a.id()).orElseThrow();
    PendingRun runNow = new PendingRun(T0, 1, T0, TimeWindow.of(T0.minusSeconds(60), T0), "run now");
    store.update(asked.toBuilder().pending(Optional.of(runNow)).build());
    assertThat(store.get(a.id()).orElseThrow().pending().orElseThrow().backfill()).isFalse();
  }

  /**
   * A completion replaces the history records it names (a backfill's run of a fire that failed or was missed)
   * with its records of the same fires, and the stats stop counting them; a record of a fire it does not name is
   * still refused.
   */
  @Test
  void complete_replaces_the_records_it_names_and_still_refuses_other_recorded_fires() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim first = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    ExecutionRecord failed = TaskFixtures.record(a, T0, clock.now(), ExecutionOutcome.FAILED);
    Instant later = T0.plus(Duration.ofHours(1));
    ExecutionRecord missed = ExecutionRecord.missed(a.id(), a.guildId(), later, later.plus(Duration.ofHours(2)), 3,
        clock.now(), "scheduler was not running");
    store.complete(completedWith(first, List.of(failed, missed), clock.now(), Optional.of(T0.plus(Duration.ofDays(1)))));
    assertThat(store.get(a.id()).orElseThrow().stats().failures()).isEqualTo(1);
    assertThat(store.get(a.id()).orElseThrow().stats().missed()).isEqualTo(3);

    clock.advance(Duration.ofHours(4));
    ScheduledTask stored = store.get(a.id()).orElseThrow();
    store.update(stored.toBuilder().pending(Optional.of(PendingRun.backfill(T0, clock.now(),
        TimeWindow.of(T0.minus(Duration.ofHours(1)), T0)))).build());
    Claim backfill = store.claimDue(clock.now(), 1, "node-2", LEASE).get(0);
    ExecutionRecord ran = succeeded(a, T0, clock.now());
    ExecutionRecord ranLater = succeeded(a, later, clock.now());
    ExecutionRecord rest = ExecutionRecord.missed(a.id(), a.guildId(), later.plus(Duration.ofHours(1)),
        later.plus(Duration.ofHours(2)), 2, missed.startedAt(), "scheduler was not running");
    Completion c = new Completion(backfill, List.of(ran, ranLater, rest), stored.nextRun(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), clock.now(), List.of(),
        List.of(failed, missed));
    ScheduledTask done = store.complete(c);

    assertThat(store.history(a.id(), 10)).containsExactly(rest, ranLater, ran);
    assertThat(done.stats().failures()).isZero();
    assertThat(done.stats().successes()).isEqualTo(2);
    assertThat(done.stats().missed()).isEqualTo(2);
    assertThat(done.pending()).isEmpty();

    // Naming no replacement, a recorded fire is refused as ever.
    store.update(done.toBuilder().pending(Optional.of(PendingRun.backfill(T0, clock.now(),
        TimeWindow.of(T0.minus(Duration.ofHours(1)), T0)))).build());
    Claim again = store.claimDue(clock.now(), 1, "node-3", LEASE).get(0);
    assertThatThrownBy(() -> store.complete(completedWith(again, List.of(succeeded(a, T0, clock.now())),
        clock.now(), done.nextRun()))).isInstanceOf(SchedulingException.class);
    assertThat(store.history(a.id(), 10)).containsExactly(rest, ranLater, ran);
  }

  /**
   * A run asked for while the task ran (a pending run set since the claim, as {@code runNow} sets it) is kept by
   * a completion that leaves no retry of its own, and is due at once.
   */
  @Test
  void complete_keeps_a_run_asked_for_while_the_task_ran() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim claim = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    clock.advance(Duration.ofSeconds(20));
    Instant asked = clock.now();
    PendingRun runNow = new PendingRun(asked, 1, asked, TimeWindow.of(T0, asked), "run now");
    store.update(a.toBuilder().pending(Optional.of(runNow)).build());

    ScheduledTask done = store.complete(completed(claim, clock.now(), T0.plus(Duration.ofHours(1))));

    assertThat(done.pending()).contains(runNow);
    assertThat(store.get(a.id()).orElseThrow().pending()).contains(runNow);
    assertThat(store.claimDue(clock.now(), 10, "node-2", LEASE)).extracting(Claim::dueAt).containsExactly(asked);
  }

  /**
   * {@code completeThen} calls back exactly once, from any thread, with what {@code complete} would return or
   * throw; once it has, the completion is stored.
   */
  @Test
  void complete_then_calls_back_once_with_the_stored_task_or_the_refusal() throws InterruptedException {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim stale = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    clock.advance(LEASE.plusSeconds(1));
    Claim current = store.claimDue(clock.now(), 1, "node-2", LEASE).get(0);
    ConcurrentLinkedQueue<Object> outcomes = new ConcurrentLinkedQueue<>();
    CountDownLatch staleCalledBack = new CountDownLatch(1);
    CountDownLatch currentCalledBack = new CountDownLatch(1);

    store.completeThen(completed(stale, clock.now(), T0.plus(Duration.ofHours(1))), (stored, failure) -> {
      outcomes.add(failure != null ? failure : stored);
      staleCalledBack.countDown();
    });
    assertThat(staleCalledBack.await(10, TimeUnit.SECONDS)).as("the refused one called back").isTrue();
    store.completeThen(completed(current, clock.now(), T0.plus(Duration.ofHours(1))), (stored, failure) -> {
      outcomes.add(failure != null ? failure : stored);
      currentCalledBack.countDown();
    });
    assertThat(currentCalledBack.await(10, TimeUnit.SECONDS)).as("the stored one called back").isTrue();

    assertThat(outcomes).hasSize(2);
    List<Object> inOrder = new ArrayList<>(outcomes);
    assertThat(inOrder.get(0)).isInstanceOf(LeaseLostException.class);
    assertThat(inOrder.get(1)).isInstanceOfSatisfying(ScheduledTask.class, t -> {
      assertThat(t.version()).isEqualTo(2);
      assertThat(store.get(a.id())).contains(t);
    });
    assertThat(store.history(a.id(), 10)).hasSize(1);
  }

  @Test
  void complete_from_a_node_that_lost_its_lease_is_refused_and_writes_nothing() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim stale = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    clock.advance(LEASE.plusSeconds(1));
    Claim current = store.claimDue(clock.now(), 1, "node-2", LEASE).get(0);

    assertThatThrownBy(() -> store.complete(completed(stale, clock.now(), T0.plus(Duration.ofHours(1)))))
        .isInstanceOf(LeaseLostException.class);

    assertThat(store.get(a.id())).contains(a);
    assertThat(store.history(a.id(), 10)).isEmpty();
    assertThat(store.complete(completed(current, clock.now(), T0.plus(Duration.ofHours(1)))).version())
        .isEqualTo(2);
    assertThat(store.history(a.id(), 10)).hasSize(1);
  }

  @Test
  void complete_logs_the_delivery_keys_it_brings() {
    store.create(dueTask("a", T0, T0));
    Claim claim = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    store.complete(completed(claim, clock.now(), T0.plus(Duration.ofHours(1))).withDeliveryKeys(List.of("x/1")));

    assertThat(store.isDelivered("x/1")).isTrue();
    assertThat(store.recordDelivery("x/1", clock.now())).isFalse();
  }

  @Test
  void a_refused_completion_still_logs_its_delivery_keys_so_the_new_holder_does_not_send_again() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim stale = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    clock.advance(LEASE.plusSeconds(1));
    store.claimDue(clock.now(), 1, "node-2", LEASE);

    assertThatThrownBy(() -> store.complete(completed(stale, clock.now(), T0.plus(Duration.ofHours(1)))
        .withDeliveryKeys(List.of("x/1", "x/2")))).isInstanceOf(LeaseLostException.class);

    assertThat(store.isDelivered("x/1")).isTrue();
    assertThat(store.isDelivered("x/2")).isTrue();
    assertThat(store.get(a.id())).contains(a);
    assertThat(store.history(a.id(), 10)).isEmpty();
  }

  @Test
  void complete_after_a_release_is_refused() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim claim = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    assertThat(store.releaseLease(claim)).isTrue();

    assertThatThrownBy(() -> store.complete(completed(claim, clock.now(), T0.plus(Duration.ofHours(1)))))
        .isInstanceOf(LeaseLostException.class);
    assertThat(store.get(a.id())).contains(a);
  }

  @Test
  void a_duplicate_execution_record_is_refused_and_nothing_is_written() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim first = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    // A buggy scheduler computes the same next run again: the fire at T0 would run twice.
    ScheduledTask afterFirst = store.complete(completed(first, clock.now(), T0));
    Claim second = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    assertThat(second.dueAt()).isEqualTo(T0);
    List<ExecutionRecord> historyBefore = store.history(a.id(), 10);

    assertThatThrownBy(() -> store.complete(completed(second, clock.now(), T0.plus(Duration.ofHours(1)))))
        .isInstanceOf(SchedulingException.class)
        .isNotInstanceOf(LeaseLostException.class);

    assertThat(store.get(a.id())).contains(afterFirst);
    assertThat(store.history(a.id(), 10)).isEqualTo(historyBefore);
    assertThat(store.extendLease(second, clock.now().plus(LEASE))).as("the lease is still held").isTrue();
  }

  @Test
  void a_completion_with_a_record_already_in_history_appends_none_of_its_records() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim first = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    store.complete(completed(first, clock.now(), T0));
    Claim second = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    ExecutionRecord fresh = ExecutionRecord.missed(a.id(), a.guildId(), T0.minus(Duration.ofHours(3)),
        T0.minus(Duration.ofHours(2)), 2, clock.now(), "scheduler was down");
    ExecutionRecord duplicate = succeeded(a, T0, clock.now());

    assertThatThrownBy(() -> store.complete(completedWith(second, List.of(fresh, duplicate), clock.now(),
        Optional.of(T0.plus(Duration.ofHours(1)))))).isInstanceOf(SchedulingException.class);

    assertThat(store.history(a.id(), 10)).hasSize(1).doesNotContain(fresh);
  }

  @Test
  void complete_of_a_deleted_task_is_refused() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim claim = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    store.delete(a.id());

    assertThatThrownBy(() -> store.complete(completed(claim, clock.now(), T0.plus(Duration.ofHours(1)))))
        .isInstanceOf(SchedulingException.class);
    assertThat(store.get(a.id())).isEmpty();
    assertThat(store.history(a.id(), 10)).isEmpty();
  }

  @Test
  void complete_of_a_task_deleted_and_created_again_is_refused_and_leaves_the_new_task_alone() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim claim = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    store.delete(a.id());
    ScheduledTask again = store.create(dueTask("a", T0, T0));

    assertThatThrownBy(() -> store.complete(completed(claim, clock.now(), T0.plus(Duration.ofHours(1)))))
        .isInstanceOf(SchedulingException.class);
    assertThat(store.get(a.id())).contains(again);
    assertThat(store.history(a.id(), 10)).isEmpty();
    assertThat(store.claimDue(clock.now(), 10, "node-2", LEASE)).as("the new task is due and free")
        .extracting(c -> c.task().id()).containsExactly(a.id());
  }

  // ---------------------------------------------------------------- history and delivery log

  @Test
  void history_is_newest_fire_first_and_limited() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    for (int i = 0; i < 4; i++) {
      Claim c = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
      clock.advance(Duration.ofHours(1));
      ExecutionOutcome outcome = i % 2 == 0 ? ExecutionOutcome.SUCCEEDED : ExecutionOutcome.FAILED;
      store.complete(completedWith(c, List.of(TaskFixtures.record(c.task(), c.dueAt(), clock.now(), outcome)),
          clock.now(), Optional.of(c.dueAt().plus(Duration.ofHours(1)))));
    }

    List<ExecutionRecord> all = store.history(a.id(), 100);
    assertThat(all).extracting(ExecutionRecord::scheduledFor).containsExactly(
        T0.plus(Duration.ofHours(3)), T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(1)), T0);
    assertThat(all.get(0).outcome()).isEqualTo(ExecutionOutcome.FAILED);
    assertThat(all.get(0).errorMessage()).contains("403 Forbidden");
    assertThat(store.history(a.id(), 2)).containsExactlyElementsOf(all.subList(0, 2));
    assertThat(store.history(a.id(), 0)).isEmpty();
    assertThat(store.history(TaskId.of("other"), 10)).isEmpty();
    assertThat(store.get(a.id()).orElseThrow().stats().failures()).isEqualTo(2);
  }

  @Test
  void history_of_a_deleted_task_stays_until_pruned() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim c = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    store.complete(completed(c, clock.now(), T0.plus(Duration.ofHours(1))));

    store.delete(a.id());

    assertThat(store.history(a.id(), 10)).hasSize(1);
  }

  @Test
  void prune_history_removes_records_and_deliveries_finished_before_the_cutoff() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    for (int i = 0; i < 3; i++) {
      Claim c = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
      clock.advance(Duration.ofHours(1));
      store.complete(completed(c, clock.now(), c.dueAt().plus(Duration.ofHours(1))));
      assertThat(store.recordDelivery("delivery-" + i, clock.now())).isTrue();
    }
    Instant cutoff = T0.plus(Duration.ofHours(2)).plusSeconds(1);

    int removed = store.pruneHistory(cutoff);

    assertThat(removed).isEqualTo(2);
    assertThat(store.history(a.id(), 10)).extracting(ExecutionRecord::scheduledFor)
        .containsExactly(T0.plus(Duration.ofHours(2)));
    assertThat(store.isDelivered("delivery-0")).isFalse();
    assertThat(store.isDelivered("delivery-1")).isFalse();
    assertThat(store.isDelivered("delivery-2")).isTrue();
    assertThat(store.pruneHistory(cutoff)).isZero();
    assertThat(store.get(a.id()).orElseThrow().stats().runs()).as("stats are not history").isEqualTo(3);
  }

  /**
   * A prune of one guild removes that guild's old records (a removed task's too) and the delivery-log entries of
   * their executions, and touches no other guild's records or entries, nor entries of no known execution; a prune of
   * every guild then removes the rest. Each says how much it removed.
   */
  @Test
  void prune_of_one_guild_removes_only_its_records_and_their_deliveries() {
    ScheduledTask mine = store.create(dueTask("a", T0, T0));
    ScheduledTask theirs = store.create(summaryTask("b", T0).guildId(OTHER_GUILD).nextRun(Optional.of(T0)).build());
    for (Claim c : store.claimDue(clock.now(), 2, "node-1", LEASE)) {
      store.complete(completed(c, clock.now(), T0.plus(Duration.ofDays(1))));
      store.recordDelivery(ExecutionRecordKeys.key(c), clock.now());
    }
    store.recordDelivery("no-execution/discord_channel:3001", clock.now());
    store.delete(mine.id());
    clock.advance(Duration.ofDays(10));

    org.summarybot.scheduling.port.Pruned pruned = store.prune(Optional.of(GUILD), clock.now());

    assertThat(pruned).isEqualTo(new org.summarybot.scheduling.port.Pruned(1, 1));
    assertThat(store.history(mine.id(), 10)).isEmpty();
    assertThat(store.history(theirs.id(), 10)).hasSize(1);
    assertThat(store.isDelivered(ExecutionRecordKeys.key(mine, T0))).isFalse();
    assertThat(store.isDelivered(ExecutionRecordKeys.key(theirs, T0))).isTrue();
    assertThat(store.isDelivered("no-execution/discord_channel:3001")).isTrue();
    assertThat(store.prune(Optional.of(GUILD), clock.now())).isEqualTo(new org.summarybot.scheduling.port.Pruned(0, 0));

    assertThat(store.prune(Optional.empty(), clock.now())).isEqualTo(new org.summarybot.scheduling.port.Pruned(1, 2));
    assertThat(store.history(theirs.id(), 10)).isEmpty();
  }

  /** A cleanup's record keeps what it removed; an operator task (every guild) is stored as one. */
  @Test
  void a_cleanup_record_keeps_its_counts_and_an_operator_task_its_place() {
    ScheduledTask op = store.create(cleanupTask("op", T0).guildId(org.summarybot.scheduling.model.GuildId.OPERATOR)
        .nextRun(Optional.of(T0)).build());
    assertThat(store.get(op.id()).orElseThrow().isOperatorTask()).isTrue();
    assertThat(store.list(TaskQuery.guild(GUILD))).isEmpty();
    Claim c = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    ExecutionRecord r = succeeded(op, T0, clock.now()).withRemoved(
        new org.summarybot.scheduling.model.CleanupCounts(12, 30, 4));

    store.complete(completedWith(c, List.of(r), clock.now(), Optional.of(T0.plus(Duration.ofDays(1)))));

    assertThat(store.history(op.id(), 10)).containsExactly(r);
    assertThat(store.history(op.id(), 10).get(0).removed())
        .contains(new org.summarybot.scheduling.model.CleanupCounts(12, 30, 4));
  }

  @Test
  void record_delivery_is_true_once_then_false() {
    assertThat(store.isDelivered("exec-1/discord_channel:3001")).isFalse();

    assertThat(store.recordDelivery("exec-1/discord_channel:3001", clock.now())).isTrue();
    assertThat(store.recordDelivery("exec-1/discord_channel:3001", clock.now().plusSeconds(5))).isFalse();

    assertThat(store.isDelivered("exec-1/discord_channel:3001")).isTrue();
    assertThat(store.isDelivered("exec-1/console:")).isFalse();
  }

  // ---------------------------------------------------------------- concurrency

  // ---------------------------------------------------------------- paid summaries

  @Test
  void a_records_usage_and_excuse_survive_and_an_excused_failure_does_not_count_towards_auto_disable() {
    ScheduledTask a = store.create(dueTask("a", T0, T0));
    Claim claim = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    ExecutionRecord excused = TaskFixtures.paidFailure(a, T0, T0.plusSeconds(5), true);

    ScheduledTask done = store.complete(completedWith(claim, List.of(excused), T0.plusSeconds(5),
        Optional.of(T0.plus(Duration.ofHours(1)))));

    assertThat(store.history(a.id(), 10)).containsExactly(excused);
    assertThat(done.stats().failures()).isEqualTo(1);
    assertThat(done.stats().consecutiveFailures()).isZero();

    clock.set(T0.plus(Duration.ofHours(1)));
    Claim next = store.claimDue(clock.now(), 1, "node-1", LEASE).get(0);
    ExecutionRecord counted = TaskFixtures.paidFailure(a, clock.now(), clock.now().plusSeconds(5), false);
    ScheduledTask after = store.complete(completedWith(next, List.of(counted), clock.now().plusSeconds(5),
        Optional.of(clock.now().plus(Duration.ofHours(1)))));
    assertThat(store.history(a.id(), 10)).containsExactly(counted, excused);
    assertThat(after.stats().consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void spend_is_charged_within_the_limit_and_a_refused_charge_closes_the_day() {
    java.time.LocalDate day = java.time.LocalDate.of(2026, 3, 2);
    assertThat(store.spend(day)).isEqualTo(DaySpend.none(day));

    assertThat(store.chargeSpend(day, 600, 1000)).isEqualTo(new DaySpend(day, 600, false));
    assertThat(store.chargeSpend(day, 300, 1000)).isEqualTo(new DaySpend(day, 900, false));
    assertThat(store.chargeSpend(day, 200, 1000)).as("over the limit: refused, the day closes")
        .isEqualTo(new DaySpend(day, 900, true));
    assertThat(store.chargeSpend(day, 50, 1000)).as("a closed day takes no more").isEqualTo(new DaySpend(day, 900, true));
    assertThat(store.chargeSpend(day, -100, 1000)).as("a refund always applies").isEqualTo(new DaySpend(day, 800, true));
    assertThat(store.chargeSpend(day, 70, DaySpend.NO_LIMIT)).as("a settlement always applies")
        .isEqualTo(new DaySpend(day, 870, true));
    assertThat(store.spend(day)).isEqualTo(new DaySpend(day, 870, true));
    assertThat(store.spend(day.plusDays(1))).as("each UTC day is its own").isEqualTo(DaySpend.none(day.plusDays(1)));
    assertThat(store.chargeSpend(day.plusDays(1), 1000, 1000)).isEqualTo(new DaySpend(day.plusDays(1), 1000, false));
  }

  @Test
  void concurrent_charges_never_take_a_day_over_its_limit() throws InterruptedException {
    assumeThat(supportsConcurrentClaimers()).as("the store supports concurrent callers").isTrue();
    java.time.LocalDate day = java.time.LocalDate.of(2026, 3, 2);
    AtomicInteger accepted = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread th = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < 10; i++) {
            if (!store.chargeSpend(day, 100, 2_050).closed()) {
              accepted.incrementAndGet();
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
          errors.add(e);
        }
      });
      th.start();
      threads.add(th);
    }
    start.countDown();
    for (Thread th : threads) {
      th.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertThat(errors).isEmpty();
    assertThat(accepted.get()).isEqualTo(20);
    assertThat(store.spend(day)).isEqualTo(new DaySpend(day, 2_000, true));
  }

  @Test
  void concurrent_claimers_never_receive_the_same_fire_twice() throws InterruptedException {
    assumeThat(supportsConcurrentClaimers()).as("store supports concurrent claimers").isTrue();
    assertConcurrentClaimersNeverShareAFire(store, clock.now(), 4, 60, 4);
  }

  @Test
  void health_of_a_fresh_store_is_healthy() {
    assertThat(store.health().isHealthy()).isTrue();
  }

  /**
   * Creates {@code tasks} tasks due at {@code start - (firesPerTask - 1) hours} with an hourly next run and lets
   * {@code claimers} threads, each its own node, claim (a few at a time) and complete with the next fire until
   * every fire ran. Fails when any (task, fire time) is handed out twice, a completion is refused, any fire is
   * left over, or the work does not finish within 60 s.
   *
   * @param store an empty store
   */
  public static void assertConcurrentClaimersNeverShareAFire(
      TaskStore store, Instant start, int claimers, int tasks, int firesPerTask) throws InterruptedException {
    Instant firstFire = start.minus(Duration.ofHours(firesPerTask - 1));
    for (int i = 0; i < tasks; i++) {
      store.create(dueTask(String.format("c%04d", i), firstFire.minusSeconds(3600), firstFire));
    }
    int expected = tasks * firesPerTask;
    Map<String, String> claimedBy = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    AtomicInteger completedCount = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(claimers);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Supplier<Boolean> stop = () -> completedCount.get() >= expected || !problems.isEmpty()
        || System.nanoTime() > deadline;
    List<Thread> threads = new ArrayList<>();
    for (int n = 0; n < claimers; n++) {
      String node = "node-" + n;
      Thread t = new Thread(() -> {
        try {
          go.await();
          while (!stop.get()) {
            List<Claim> claims = store.claimDue(start, 3, node, Duration.ofHours(1));
            if (claims.isEmpty()) {
              Thread.yield();
            }
            for (Claim c : claims) {
              String fire = c.task().id() + "@" + c.dueAt();
              String earlier = claimedBy.putIfAbsent(fire, node);
              if (earlier != null) {
                problems.add(fire + " was handed to " + earlier + " and again to " + node);
                continue;
              }
              try {
                store.complete(completed(c, start, c.dueAt().plus(Duration.ofHours(1))));
                completedCount.incrementAndGet();
              } catch (RuntimeException e) {
                problems.add(node + " could not complete " + fire + ": " + e);
              }
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          problems.add(node + " failed: " + e);
        } finally {
          finished.countDown();
        }
      }, "claimer-" + node);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    go.countDown();
    boolean done = finished.await(90, TimeUnit.SECONDS);

    assertThat(done).as("claimers finished within the bound").isTrue();
    assertThat(problems).as("fires handed out twice or refused").isEmpty();
    assertThat(completedCount.get()).as("every fire ran exactly once").isEqualTo(expected);
    assertThat(store.claimDue(start, expected + 1, "checker", Duration.ofMinutes(1))).isEmpty();
    for (int i = 0; i < tasks; i++) {
      TaskId id = TaskId.of(String.format("c%04d", i));
      assertThat(store.get(id).orElseThrow().nextRun()).contains(start.plus(Duration.ofHours(1)));
      assertThat(store.history(id, firesPerTask + 1)).hasSize(firesPerTask);
    }
  }

  // ---- guild settings and interaction claims (the Discord command surface) ----

  @Test
  void guild_settings_are_kept_per_guild_and_a_save_replaces_the_guilds_earlier_one() {
    assertThat(store.guildSettings(GUILD)).isEmpty();

    store.saveGuildSettings(new GuildSettings(GUILD, java.time.ZoneId.of("Europe/Berlin")));
    store.saveGuildSettings(new GuildSettings(OTHER_GUILD, java.time.ZoneId.of("Asia/Tokyo")));
    store.saveGuildSettings(new GuildSettings(GUILD, java.time.ZoneId.of("America/New_York")));

    assertThat(store.guildSettings(GUILD)).contains(new GuildSettings(GUILD, java.time.ZoneId.of("America/New_York")));
    assertThat(store.guildSettings(OTHER_GUILD))
        .contains(new GuildSettings(OTHER_GUILD, java.time.ZoneId.of("Asia/Tokyo")));
  }

  @Test
  void every_guilds_settings_are_listed_by_guild_id_and_removing_one_leaves_the_others_and_the_tasks() {
    assertThat(store.allGuildSettings()).isEmpty();
    assertThat(store.removeGuildSettings(GUILD)).as("nothing to remove").isFalse();
    ScheduledTask task = store.create(summaryTask("guild-task", clock.now()).build());
    GuildSettings other = new GuildSettings(OTHER_GUILD, java.time.ZoneId.of("Asia/Tokyo"));
    GuildSettings mine = new GuildSettings(GUILD, java.time.ZoneId.of("Europe/Berlin"));

    store.saveGuildSettings(other);
    store.saveGuildSettings(mine);

    assertThat(GUILD.compareTo(OTHER_GUILD)).as("fixture order").isNegative();
    assertThat(store.allGuildSettings()).containsExactly(mine, other);

    assertThat(store.removeGuildSettings(GUILD)).isTrue();

    assertThat(store.guildSettings(GUILD)).isEmpty();
    assertThat(store.allGuildSettings()).containsExactly(other);
    assertThat(store.removeGuildSettings(GUILD)).as("already gone").isFalse();
    assertThat(store.get(task.id())).contains(task);

    store.saveGuildSettings(new GuildSettings(GUILD, java.time.ZoneId.of("UTC")));
    assertThat(store.guildSettings(GUILD)).as("saved again after removal")
        .contains(new GuildSettings(GUILD, java.time.ZoneId.of("UTC")));
  }

  @Test
  void an_interaction_is_claimed_by_the_first_node_only_until_its_claim_expires() {
    Duration keep = Duration.ofMinutes(15);

    assertThat(store.claimInteraction("1200000000000000001", "node-a", clock.now(), keep)).isTrue();
    assertThat(store.claimInteraction("1200000000000000001", "node-b", clock.now(), keep)).isFalse();
    assertThat(store.claimInteraction("1200000000000000001", "node-a", clock.now().plusSeconds(60), keep)).isFalse();
    assertThat(store.claimInteraction("1200000000000000002", "node-b", clock.now(), keep)).isTrue();

    clock.advance(keep);
    assertThat(store.claimInteraction("1200000000000000001", "node-b", clock.now(), keep))
        .as("an expired claim is gone").isTrue();
  }

  @Test
  void of_many_threads_claiming_one_interaction_exactly_one_wins() throws Exception {
    assumeThat(supportsConcurrentClaimers()).as("store supports concurrent claimers").isTrue();
    int nodes = 8;
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger winners = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      String node = "node-" + i;
      Thread t = new Thread(() -> {
        try {
          go.await();
          if (store.claimInteraction("1300000000000000001", node, T0, Duration.ofMinutes(15))) {
            winners.incrementAndGet();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(winners.get()).isEqualTo(1);
  }

  private List<String> ids(TaskQuery q) {
    return store.list(q).stream().map(t -> t.id().value()).toList();
  }
}

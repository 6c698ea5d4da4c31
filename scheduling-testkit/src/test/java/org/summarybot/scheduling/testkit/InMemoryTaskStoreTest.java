package org.summarybot.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.summarybot.scheduling.testkit.TaskFixtures.summaryTask;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.LeaseLostException;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;
import org.summarybot.scheduling.store.InMemoryTaskStore;

/** Core's in-memory store passes the whole contract, nothing skipped; and its id table holds under churn. */
class InMemoryTaskStoreTest extends TaskStoreContract {
  private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");

  @Override
  protected TaskStore newStore() {
    return new InMemoryTaskStore();
  }

  @Test
  void a_claim_is_completed_only_by_the_store_that_made_it() {
    InMemoryTaskStore a = new InMemoryTaskStore();
    InMemoryTaskStore b = new InMemoryTaskStore();
    Instant now = Instant.parse("2025-03-03T10:00:00Z");
    a.create(TaskFixtures.dueTask("t", T0, T0));
    b.create(TaskFixtures.dueTask("t", T0, T0));
    Claim fromA = a.claimDue(now, 1, "node-1", java.time.Duration.ofMinutes(1)).get(0);

    // b holds a task with the same id, not leased: a's claim (and the entry it carries) means nothing to b.
    assertThatThrownBy(() -> b.complete(TaskFixtures.completed(fromA, now, T0.plusSeconds(3600))))
        .isInstanceOf(LeaseLostException.class);
    assertThat(b.get(TaskId.of("t")).orElseThrow().version()).isEqualTo(1);
    assertThat(a.complete(TaskFixtures.completed(fromA, now, T0.plusSeconds(3600))).version()).isEqualTo(2);
  }

  @Test
  void completing_a_claim_of_a_deleted_task_says_the_task_is_gone() {
    InMemoryTaskStore s = new InMemoryTaskStore();
    Instant now = Instant.parse("2025-03-03T10:00:00Z");
    s.create(TaskFixtures.dueTask("t", T0, T0));
    Claim claim = s.claimDue(now, 1, "node-1", java.time.Duration.ofMinutes(1)).get(0);
    s.delete(TaskId.of("t"));

    // Not "lease lost": the engine logs a removed task's result as dropped, not as a takeover.
    assertThatThrownBy(() -> s.complete(TaskFixtures.completed(claim, now, T0.plusSeconds(3600))))
        .isInstanceOf(TaskNotFoundException.class);
  }

  @Test
  void tasks_sharing_a_lease_bucket_come_back_once_each_after_extend_release_and_expiry() {
    InMemoryTaskStore s = new InMemoryTaskStore();
    Instant now = Instant.parse("2025-03-03T10:00:00Z");
    java.time.Duration lease = java.time.Duration.ofMinutes(1);
    for (int i = 0; i < 6; i++) {
      s.create(TaskFixtures.dueTask("t" + i, T0, T0));
    }
    List<Claim> claims = s.claimDue(now, 10, "node-1", lease);
    assertThat(claims).hasSize(6).allSatisfy(c -> assertThat(c.leaseUntil()).isEqualTo(now.plus(lease)));
    // One of the bucket extended, one handed back, the rest left to expire.
    assertThat(s.extendLease(claims.get(0), now.plus(lease).plusSeconds(120))).isTrue();
    assertThat(s.releaseLease(claims.get(1))).isTrue();
    assertThat(s.claimDue(now, 10, "node-2", lease.multipliedBy(10))).extracting(c -> c.task().id().value())
        .containsExactly("t1");

    Instant afterExpiry = now.plus(lease).plusSeconds(1);
    assertThat(s.claimDue(afterExpiry, 10, "node-2", lease.multipliedBy(10))).extracting(c -> c.task().id().value())
        .containsExactlyInAnyOrder("t2", "t3", "t4", "t5");
    Instant afterExtension = now.plus(lease).plusSeconds(121);
    assertThat(s.claimDue(afterExtension, 10, "node-3", lease)).extracting(c -> c.task().id().value())
        .containsExactly("t0");
    assertThat(s.nextDueAt(afterExtension)).as("every lease is held, the nearest expiry is next")
        .contains(afterExtension.plus(lease));
  }

  /**
   * "Aa" and "BB" have the same String hash, so ids spelled from them collide by the thousand: long probe runs
   * in the id table, across its growth and across removals that must close their gaps.
   */
  @Test
  void ids_with_equal_hashes_survive_any_order_of_creates_and_deletes() {
    InMemoryTaskStore s = new InMemoryTaskStore();
    // 300 groups of 64 ids; within a group every id has the same hash, and the groups' runs overlap, some
    // across the end of the table (where closing a gap must wrap around).
    List<String> colliding = new ArrayList<>();
    for (int group = 0; group < 300; group++) {
      for (int bits = 0; bits < 1 << 6; bits++) {
        StringBuilder id = new StringBuilder("g" + group + "-");
        for (int b = 0; b < 6; b++) {
          id.append((bits >> b & 1) == 0 ? "Aa" : "BB");
        }
        colliding.add(id.toString());
      }
    }
    assertThat(colliding.subList(0, 64).stream().map(String::hashCode).distinct()).hasSize(1);
    List<String> ids = new ArrayList<>(colliding);
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 3_000; i++) {
      ids.add(TaskId.random().value());
      ids.add("text-" + random.nextInt(1_000_000));
    }
    Set<String> expected = new HashSet<>();
    for (int step = 0; step < 100_000; step++) {
      String id = ids.get(random.nextInt(ids.size()));
      if (random.nextInt(3) == 0) {
        assertThat(s.delete(TaskId.of(id))).as("delete %s at step %d", id, step).isEqualTo(expected.remove(id));
      } else if (expected.add(id)) {
        s.create(summaryTask(id, T0).build());
      } else {
        assertThat(s.get(TaskId.of(id))).as("get %s at step %d", id, step).isPresent();
      }
    }
    assertThat(s.size()).isEqualTo(expected.size());
    for (String id : ids) {
      assertThat(s.get(TaskId.of(id)).isPresent()).as("get %s", id).isEqualTo(expected.contains(id));
    }
    assertThat(s.list(TaskQuery.all())).extracting(ScheduledTask::id).extracting(TaskId::value)
        .containsExactlyInAnyOrderElementsOf(expected);
  }
}

package org.summarybot.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.testkit.TaskFixtures.summaryTask;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
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

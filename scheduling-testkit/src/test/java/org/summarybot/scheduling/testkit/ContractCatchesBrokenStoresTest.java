package org.summarybot.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;
import org.summarybot.scheduling.store.InMemoryTaskStore;

/**
 * A contract that passes everything proves nothing: these stores are broken on purpose, and the contract must
 * fail for them. The broken contracts are nested classes, so the build's test run does not pick them up; they
 * run here through the JUnit Platform launcher.
 */
class ContractCatchesBrokenStoresTest {

  @Test
  void a_store_that_hands_one_fire_to_two_claimers_fails_the_concurrency_contract() throws InterruptedException {
    TaskExecution run = run(selectMethod(DoubleHandingContract.class,
        "concurrent_claimers_never_receive_the_same_fire_twice"));

    assertThat(run.summary.getTestsFoundCount()).isEqualTo(1);
    assertThat(run.summary.getTotalFailureCount()).isEqualTo(1);
    assertThatThrownBy(() -> TaskStoreContract.assertConcurrentClaimersNeverShareAFire(
            new DoubleHandingStore(), Instant.parse("2026-01-01T00:00:00Z"), 3, 20, 2))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("handed to");
  }

  @Test
  void a_store_that_lets_every_node_claim_an_interaction_fails_the_interaction_contract() {
    TaskExecution run = run(selectMethod(EveryNodeAnswersContract.class,
        "an_interaction_is_claimed_by_the_first_node_only_until_its_claim_expires"));
    TaskExecution concurrent = run(selectMethod(EveryNodeAnswersContract.class,
        "of_many_threads_claiming_one_interaction_exactly_one_wins"));

    assertThat(run.summary.getTotalFailureCount()).isEqualTo(1);
    assertThat(concurrent.summary.getTotalFailureCount()).isEqualTo(1);
  }

  @Test
  void a_store_that_hands_one_fire_to_two_claimers_fails_the_lease_contract() {
    TaskExecution run = run(selectMethod(DoubleHandingContract.class,
        "a_leased_task_is_not_handed_out_again_until_its_lease_expires"));

    assertThat(run.summary.getTotalFailureCount()).isEqualTo(1);
  }

  @Test
  void a_store_that_ignores_versions_fails_the_version_contract() {
    TaskExecution run = run(selectMethod(LastWriterWinsContract.class,
        "stale_version_update_is_refused_and_changes_nothing"));

    assertThat(run.summary.getTotalFailureCount()).isEqualTo(1);
  }

  @Test
  void a_store_that_appends_duplicate_records_fails_the_exactly_once_contract() {
    TaskExecution run = run(selectMethod(DuplicateHistoryContract.class,
        "a_duplicate_execution_record_is_refused_and_nothing_is_written"));

    assertThat(run.summary.getTotalFailureCount()).isEqualTo(1);
  }

  @Test
  void a_store_that_identifies_leases_by_node_id_fails_the_fencing_contract() {
    TaskExecution run = run(selectMethod(NodeIdLeaseContract.class,
        "a_stale_claim_of_the_same_node_can_neither_extend_release_nor_complete_the_newer_claim"));
    TaskExecution reclaim = run(selectMethod(NodeIdLeaseContract.class,
        "a_stale_completion_refused_after_a_reclaim_leaves_the_next_fire_of_the_same_node_held"));

    assertThat(run.summary.getTotalFailureCount()).isEqualTo(1);
    assertThat(reclaim.summary.getTotalFailureCount()).isEqualTo(1);
  }

  @Test
  void a_store_that_lists_expired_leases_as_held_fails_the_lease_holders_contract() {
    TaskExecution run = run(selectMethod(ExpiredHoldersContract.class,
        "lease_holders_are_the_nodes_of_live_leases_only"));

    assertThat(run.summary.getTestsFoundCount()).isEqualTo(1);
    assertThat(run.summary.getTotalFailureCount()).isEqualTo(1);
  }

  @Test
  void a_correct_store_passes_every_contract_test_through_the_same_launcher() {
    TaskExecution run = run(selectClass(InMemoryTaskStoreTest.class));

    assertThat(run.summary.getTestsFoundCount()).isGreaterThan(25);
    assertThat(run.summary.getTotalFailureCount()).isZero();
    assertThat(run.summary.getTestsSkippedCount() + run.summary.getTestsAbortedCount()).isZero();
  }

  // ---------------------------------------------------------------- the launcher

  private record TaskExecution(TestExecutionSummary summary) {}

  private static TaskExecution run(DiscoverySelector selector) {
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selector)
        .filters(EngineFilter.includeEngines("junit-jupiter"))
        .build(), listener);
    return new TaskExecution(listener.getSummary());
  }

  // ---------------------------------------------------------------- broken stores

  static class DoubleHandingContract extends TaskStoreContract {
    @Override
    protected TaskStore newStore() {
      return new DoubleHandingStore();
    }
  }

  /**
   * Matches a lease by its holder's node id, as the SQL store did before fencing: any claim of a node acts for
   * that node's latest claim of the task.
   */
  static class NodeIdLeaseContract extends TaskStoreContract {
    @Override
    protected TaskStore newStore() {
      return new ForwardingStore() {
        private final java.util.Map<String, Claim> latest = new java.util.concurrent.ConcurrentHashMap<>();

        private Claim asLatest(Claim c) {
          Claim l = latest.get(c.task().id().value() + "/" + c.nodeId());
          return l != null ? l : c;
        }

        @Override
        public List<Claim> claimDue(Instant now, int limit, String nodeId, Duration lease) {
          List<Claim> out = delegate.claimDue(now, limit, nodeId, lease);
          out.forEach(c -> latest.put(c.task().id().value() + "/" + nodeId, c));
          return out;
        }

        @Override
        public boolean extendLease(Claim claim, Instant until) {
          return delegate.extendLease(asLatest(claim), until);
        }

        @Override
        public boolean releaseLease(Claim claim) {
          return delegate.releaseLease(asLatest(claim));
        }

        @Override
        public ScheduledTask complete(Completion c) {
          return delegate.complete(new Completion(asLatest(c.claim()), c.records(), c.nextRun(), c.pending(),
              c.windowEnd(), c.newStatus(), c.statusReason(), c.disabledDestinations(), c.completedAt(),
              c.deliveryKeys()));
        }
      };
    }
  }

  /** Lists every lease it ever handed out, expired ones too, as a query that forgets the lease's end would. */
  static class ExpiredHoldersContract extends TaskStoreContract {
    @Override
    protected TaskStore newStore() {
      return new ForwardingStore() {
        @Override
        public Map<TaskId, String> leaseHolders(Instant now) {
          return delegate.leaseHolders(Instant.MIN);
        }
      };
    }
  }

  static class LastWriterWinsContract extends TaskStoreContract {
    @Override
    protected TaskStore newStore() {
      return new ForwardingStore() {
        @Override
        public ScheduledTask update(ScheduledTask task) {
          long stored = delegate.get(task.id()).map(ScheduledTask::version).orElse(task.version());
          return delegate.update(task.toBuilder().version(stored).build());
        }
      };
    }
  }

  /** Claims every interaction for every node, so each node receiving it would answer. */
  static class EveryNodeAnswersContract extends TaskStoreContract {
    @Override
    protected TaskStore newStore() {
      return new ForwardingStore() {
        @Override
        public boolean claimInteraction(String interactionId, String nodeId, Instant now, Duration keep) {
          delegate.claimInteraction(interactionId, nodeId, now, keep);
          return true;
        }
      };
    }
  }

  static class DuplicateHistoryContract extends TaskStoreContract {
    @Override
    protected TaskStore newStore() {
      return new ForwardingStore() {
        @Override
        public ScheduledTask complete(Completion c) {
          // Drops records whose fire is already recorded instead of refusing the completion.
          List<ExecutionRecord> fresh = c.records().stream()
              .filter(r -> delegate.history(r.taskId(), Integer.MAX_VALUE).stream()
                  .noneMatch(h -> h.scheduledFor().equals(r.scheduledFor())))
              .toList();
          return delegate.complete(new Completion(c.claim(), fresh, c.nextRun(), c.pending(), c.windowEnd(),
              c.newStatus(), c.statusReason(), c.disabledDestinations(), c.completedAt()));
        }
      };
    }
  }

  /**
   * Hands every claim out a second time, to whichever node calls next, as a store with a lost-update bug in
   * its lease would.
   */
  static final class DoubleHandingStore extends ForwardingStore {
    private List<Claim> previous = List.of();

    @Override
    public synchronized List<Claim> claimDue(Instant now, int limit, String nodeId, Duration lease) {
      List<Claim> out = new ArrayList<>(delegate.claimDue(now, limit, nodeId, lease));
      for (Claim c : previous) {
        out.add(new Claim(c.task(), c.dueAt(), nodeId, c.fencingToken(), now.plus(lease), false));
      }
      previous = out.isEmpty() ? previous : List.copyOf(out.subList(0, Math.min(1, out.size())));
      return out;
    }
  }

  abstract static class ForwardingStore implements TaskStore {
    final InMemoryTaskStore delegate = new InMemoryTaskStore();

    @Override
    public org.summarybot.scheduling.port.DaySpend chargeSpend(java.time.LocalDate day, long micros, long limit) {
      return delegate.chargeSpend(day, micros, limit);
    }

    @Override
    public org.summarybot.scheduling.port.DaySpend spend(java.time.LocalDate day) {
      return delegate.spend(day);
    }

    @Override
    public ScheduledTask create(ScheduledTask task) {
      return delegate.create(task);
    }

    @Override
    public Optional<ScheduledTask> get(TaskId id) {
      return delegate.get(id);
    }

    @Override
    public ScheduledTask update(ScheduledTask task) {
      return delegate.update(task);
    }

    @Override
    public boolean delete(TaskId id) {
      return delegate.delete(id);
    }

    @Override
    public List<ScheduledTask> list(TaskQuery query) {
      return delegate.list(query);
    }

    @Override
    public List<Claim> claimDue(Instant now, int limit, String nodeId, Duration lease) {
      return delegate.claimDue(now, limit, nodeId, lease);
    }

    @Override
    public Optional<Instant> nextDueAt(Instant now) {
      return delegate.nextDueAt(now);
    }

    @Override
    public Map<TaskId, String> leaseHolders(Instant now) {
      return delegate.leaseHolders(now);
    }

    @Override
    public boolean extendLease(Claim claim, Instant until) {
      return delegate.extendLease(claim, until);
    }

    @Override
    public boolean releaseLease(Claim claim) {
      return delegate.releaseLease(claim);
    }

    @Override
    public ScheduledTask complete(Completion completion) {
      return delegate.complete(completion);
    }

    @Override
    public List<ExecutionRecord> history(TaskId id, int limit) {
      return delegate.history(id, limit);
    }

    @Override
    public org.summarybot.scheduling.port.Pruned prune(Optional<org.summarybot.scheduling.model.GuildId> guild,
        Instant olderThan) {
      return delegate.prune(guild, olderThan);
    }

    @Override
    public boolean recordDelivery(String deliveryKey, Instant at) {
      return delegate.recordDelivery(deliveryKey, at);
    }

    @Override
    public boolean isDelivered(String deliveryKey) {
      return delegate.isDelivered(deliveryKey);
    }

    @Override
    public Optional<org.summarybot.scheduling.model.GuildSettings> guildSettings(
        org.summarybot.scheduling.model.GuildId guild) {
      return delegate.guildSettings(guild);
    }

    @Override
    public void saveGuildSettings(org.summarybot.scheduling.model.GuildSettings settings) {
      delegate.saveGuildSettings(settings);
    }

    @Override
    public List<org.summarybot.scheduling.model.GuildSettings> allGuildSettings() {
      return delegate.allGuildSettings();
    }

    @Override
    public boolean removeGuildSettings(org.summarybot.scheduling.model.GuildId guild) {
      return delegate.removeGuildSettings(guild);
    }

    @Override
    public boolean claimInteraction(String interactionId, String nodeId, Instant now, Duration keep) {
      return delegate.claimInteraction(interactionId, nodeId, now, keep);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}

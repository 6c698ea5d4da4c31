package org.summarybot.scheduling.app;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.port.Pruned;
import org.summarybot.scheduling.port.StoreHealth;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;

/**
 * A view of a store through which a scheduler claims only one task, and once {@link #onlyExecution} is set, only
 * that execution of it (the run asked for, and its retries): claims of other due tasks, and of the task's regular
 * fires falling due meanwhile, are handed back at once, untouched, so {@code tasks run-now} runs exactly the one
 * execution it was asked for and leaves the rest to the daemon. Everything else passes through.
 */
final class OneTaskStore implements TaskStore {
  private final TaskStore store;
  private final TaskId only;
  private volatile Instant execution;

  OneTaskStore(TaskStore store, TaskId only) {
    this.store = store;
    this.only = only;
  }

  /** From now on, claims of the task are kept only for its pending run of {@code scheduledFor}. */
  void onlyExecution(Instant scheduledFor) {
    this.execution = scheduledFor;
  }

  @Override
  public List<Claim> claimDue(Instant now, int limit, String nodeId, Duration lease) {
    List<Claim> mine = new ArrayList<>(1);
    Instant wanted = execution;
    for (Claim c : store.claimDue(now, limit, nodeId, lease)) {
      boolean ours = c.task().id().equals(only) && (wanted == null
          || c.task().pending().filter(p -> p.scheduledFor().equals(wanted)).isPresent());
      if (ours) {
        mine.add(c);
      } else {
        store.releaseLease(c);
      }
    }
    return mine;
  }

  @Override
  public Optional<Instant> nextDueAt(Instant now) {
    return store.get(only).filter(ScheduledTask::isActive).flatMap(ScheduledTask::dueAt);
  }

  @Override public ScheduledTask create(ScheduledTask task) { return store.create(task); }
  @Override public Optional<ScheduledTask> get(TaskId id) { return store.get(id); }
  @Override public ScheduledTask update(ScheduledTask task) { return store.update(task); }
  @Override public boolean delete(TaskId id) { return store.delete(id); }
  @Override public List<ScheduledTask> list(TaskQuery query) { return store.list(query); }
  @Override public Map<TaskId, String> leaseHolders(Instant now) { return store.leaseHolders(now); }
  @Override public boolean extendLease(Claim claim, Instant until) { return store.extendLease(claim, until); }
  @Override public boolean releaseLease(Claim claim) { return store.releaseLease(claim); }
  @Override public ScheduledTask complete(Completion completion) { return store.complete(completion); }
  @Override public List<ExecutionRecord> history(TaskId id, int limit) { return store.history(id, limit); }
  @Override public Pruned prune(Optional<GuildId> guild, Instant olderThan) { return store.prune(guild, olderThan); }
  @Override public boolean recordDelivery(String deliveryKey, Instant at) { return store.recordDelivery(deliveryKey, at); }
  @Override public boolean isDelivered(String deliveryKey) { return store.isDelivered(deliveryKey); }
  @Override public Optional<GuildSettings> guildSettings(GuildId guild) { return store.guildSettings(guild); }
  @Override public void saveGuildSettings(GuildSettings settings) { store.saveGuildSettings(settings); }
  @Override public List<GuildSettings> allGuildSettings() { return store.allGuildSettings(); }
  @Override public boolean removeGuildSettings(GuildId guild) { return store.removeGuildSettings(guild); }
  @Override public boolean claimInteraction(String interactionId, String nodeId, Instant now, Duration keep) {
    return store.claimInteraction(interactionId, nodeId, now, keep);
  }
  @Override public StoreHealth health() { return store.health(); }
  @Override public void close() { store.close(); }

  @Override
  public org.summarybot.scheduling.port.DaySpend chargeSpend(java.time.LocalDate day, long micros, long limitMicros) {
    return store.chargeSpend(day, micros, limitMicros);
  }

  @Override
  public org.summarybot.scheduling.port.DaySpend spend(java.time.LocalDate day) {
    return store.spend(day);
  }
}

package org.summarybot.scheduling.engine;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.summarybot.scheduling.model.CleanupCounts;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.Pruned;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;

/**
 * The run of a {@code CLEANUP} task: prunes the execution history and delivery log older than its retention, of
 * its guild or, for an operator task, of every guild, and asks each delivery channel to prune what it keeps of
 * its deliveries to the destinations of the tasks in that scope (the summary files of {@code file:}
 * destinations); returns how much went.
 */
final class Cleanup {
  private static final System.Logger LOG = System.getLogger(TaskScheduler.class.getName());

  private final TaskStore store;
  private final Map<DestinationType, DeliveryChannel> channels;

  Cleanup(TaskStore store, Map<DestinationType, DeliveryChannel> channels) {
    this.store = store;
    this.channels = channels;
  }

  CleanupCounts run(ScheduledTask task, Instant now) {
    Instant cutoff = now.minus(task.retention().orElseThrow());
    Optional<GuildId> scope = task.isOperatorTask() ? Optional.empty() : Optional.of(task.guildId());
    Pruned pruned = store.prune(scope, cutoff);
    Map<DestinationType, Map<String, Destination>> byType = new LinkedHashMap<>();
    for (ScheduledTask t : store.list(scope.map(TaskQuery::guild).orElse(TaskQuery.all()))) {
      for (Destination d : t.destinations()) {
        byType.computeIfAbsent(d.type(), k -> new LinkedHashMap<>()).putIfAbsent(d.key(), d);
      }
    }
    int files = 0;
    for (Map.Entry<DestinationType, Map<String, Destination>> e : byType.entrySet()) {
      DeliveryChannel channel = channels.get(e.getKey());
      if (channel != null) {
        files += channel.prune(new ArrayList<>(e.getValue().values()), cutoff);
      }
    }
    CleanupCounts counts = new CleanupCounts(pruned.history(), pruned.deliveries(), files);
    LOG.log(Level.INFO, "task {0}: removed {1} older than {2} ({3})", task.id(), counts.describe(), cutoff,
        scope.map(g -> "guild " + g).orElse("every guild"));
    return counts;
  }
}

package org.summarybot.scheduling.engine;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.ExecutionException;
import org.summarybot.scheduling.SchedulingException;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.port.Trigger;
import org.summarybot.scheduling.port.TriggerFactory;

/** Triggers of tasks, parsed once and kept in a bounded cache (many tasks share a schedule). */
final class Triggers {
  private record Key(String schedule, ZoneId zone, Instant anchor) {}

  private final TriggerFactory factory;
  private final Cache<Key, Trigger> cache = CacheBuilder.newBuilder().maximumSize(10_000).build();

  Triggers(TriggerFactory factory) {
    this.factory = factory;
  }

  TriggerFactory factory() {
    return factory;
  }

  /** The trigger of a task; its elapsed-time grid is anchored at the task's creation. */
  Trigger of(ScheduledTask task) {
    return of(task.schedule(), task.zone(), task.createdAt());
  }

  Trigger of(String schedule, ZoneId zone, Instant anchor) {
    try {
      return cache.get(new Key(schedule, zone, anchor), () -> factory.create(schedule, zone, anchor));
    } catch (ExecutionException e) {
      throw new SchedulingException("could not parse schedule '" + schedule + "'", e.getCause());
    } catch (com.google.common.util.concurrent.UncheckedExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}

package org.summarybot.scheduling.store;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.summarybot.scheduling.model.GuildId;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.summarybot.scheduling.model.ExecutionRecord;

/**
 * The history of one task in an {@link InMemoryTaskStore}, kept compact: null while it has none, the one
 * {@link ExecutionRecord} while it has one (most tasks that ever ran: one-shots), else a {@link NavigableMap} by
 * scheduled fire. These functions read and change that form.
 */
final class TaskHistory {
  private TaskHistory() {}

  @SuppressWarnings("unchecked")
  static NavigableMap<Instant, ExecutionRecord> map(Object history) {
    return (NavigableMap<Instant, ExecutionRecord>) history;
  }

  static boolean recorded(Object history, Instant fire) {
    return history instanceof ExecutionRecord one ? one.scheduledFor().equals(fire) : map(history).containsKey(fire);
  }

  /** {@code history} with {@code r} added: a second record turns the single record into a map. */
  static Object withRecord(Object history, ExecutionRecord r) {
    if (history == null) {
      return r;
    }
    NavigableMap<Instant, ExecutionRecord> m;
    if (history instanceof ExecutionRecord one) {
      m = new TreeMap<>();
      m.put(one.scheduledFor(), one);
    } else {
      m = map(history);
    }
    m.put(r.scheduledFor(), r);
    return m;
  }

  static int count(Object history) {
    return history == null ? 0 : history instanceof ExecutionRecord ? 1 : map(history).size();
  }

  /**
   * {@code history} without the records finished before {@code olderThan} (of {@code guild} only, when given),
   * each told to {@code removed}; null when none is left.
   */
  static Object pruned(Object history, Instant olderThan, Optional<GuildId> guild,
      Consumer<ExecutionRecord> removed) {
    Predicate<ExecutionRecord> old = r -> r.finishedAt().isBefore(olderThan)
        && (guild.isEmpty() || r.guildId().equals(guild.get()));
    if (history instanceof ExecutionRecord one) {
      if (old.test(one)) {
        removed.accept(one);
        return null;
      }
      return one;
    }
    NavigableMap<Instant, ExecutionRecord> h = map(history);
    h.values().removeIf(r -> {
      boolean gone = old.test(r);
      if (gone) {
        removed.accept(r);
      }
      return gone;
    });
    return h.isEmpty() ? null : h;
  }
}

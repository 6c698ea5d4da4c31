package org.summarybot.scheduling.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryRequest;
import org.summarybot.scheduling.port.ExternalServiceException;
import org.summarybot.scheduling.port.MessageBatch;
import org.summarybot.scheduling.port.MessageSource;
import org.summarybot.scheduling.port.Notification;
import org.summarybot.scheduling.port.Notifier;
import org.summarybot.scheduling.port.Summarizer;
import org.summarybot.scheduling.port.SummaryRequest;

/** Small in-memory port implementations for engine tests: real objects with scripted answers, not mocks. */
final class Fakes {
  private Fakes() {}

  /** A channel history held in memory; fetch honours the half-open window and the cap. */
  static final class Channels implements MessageSource {
    final Map<ChannelId, List<Message>> messages = new HashMap<>();
    final List<TimeWindow> fetched = new CopyOnWriteArrayList<>();
    /** The guild of each guild-aware fetch, in call order. */
    final List<GuildId> guilds = new CopyOnWriteArrayList<>();
    final Deque<ExternalServiceException> failures = new ArrayDeque<>();

    Channels post(ChannelId channel, Instant at, String author, String text) {
      List<Message> list = messages.computeIfAbsent(channel, c -> new ArrayList<>());
      list.add(new Message("m" + (list.size() + 1) + "-" + channel, channel, author, author, false, text, at,
          Optional.empty(), 0, 0));
      return this;
    }

    @Override
    public synchronized MessageBatch fetch(GuildId guild, ChannelId channel, TimeWindow window, int maxMessages,
        boolean includeBots) {
      guilds.add(guild);
      return fetch(channel, window, maxMessages, includeBots);
    }

    @Override
    public synchronized MessageBatch fetch(ChannelId channel, TimeWindow window, int maxMessages, boolean includeBots) {
      fetched.add(window);
      if (!failures.isEmpty()) {
        throw failures.poll();
      }
      List<Message> out = new ArrayList<>();
      for (Message m : messages.getOrDefault(channel, List.of())) {
        if (window.contains(m.timestamp()) && (includeBots || !m.authorIsBot())) {
          out.add(m);
        }
      }
      boolean truncated = out.size() > maxMessages;
      return new MessageBatch(truncated ? out.subList(0, maxMessages) : out, truncated);
    }
  }

  /** Summarises by counting. */
  static final class CountingSummarizer implements Summarizer {
    @Override
    public Summary summarize(SummaryRequest r) {
      return new Summary("Summary of " + r.taskName(), r.messages().size() + " messages", List.of(),
          r.messages().size(), r.window());
    }
  }

  /** A delivery channel answering from a script per destination key, recording what it delivered. */
  static final class ScriptedChannel implements DeliveryChannel {
    final Map<String, Deque<DeliveryOutcome>> script = new HashMap<>();
    final List<DeliveryRequest> delivered = new CopyOnWriteArrayList<>();
    final List<DeliveryRequest> calls = new CopyOnWriteArrayList<>();
    volatile Runnable onCall = () -> {};

    ScriptedChannel then(String destinationKey, DeliveryOutcome... outcomes) {
      script.computeIfAbsent(destinationKey, k -> new ArrayDeque<>()).addAll(List.of(outcomes));
      return this;
    }

    ScriptedChannel alwaysFail(String destinationKey, int times, DeliveryOutcome outcome) {
      for (int i = 0; i < times; i++) {
        then(destinationKey, outcome);
      }
      return this;
    }

    @Override
    public DeliveryOutcome deliver(DeliveryRequest request) {
      calls.add(request);
      onCall.run();
      DeliveryOutcome out;
      synchronized (this) {
        Deque<DeliveryOutcome> q = script.get(request.destination().key());
        out = q == null || q.isEmpty() ? DeliveryOutcome.delivered("ok") : q.poll();
      }
      if (out instanceof DeliveryOutcome.Delivered) {
        delivered.add(request);
      }
      return out;
    }

    /** What cleanups asked this channel to prune: the destinations and the cutoff of each call. */
    final List<Map.Entry<List<org.summarybot.scheduling.model.Destination>, java.time.Instant>> pruned =
        new CopyOnWriteArrayList<>();
    /** How many items each prune says it removed. */
    volatile int pruneRemoves;

    @Override
    public int prune(List<org.summarybot.scheduling.model.Destination> destinations, java.time.Instant olderThan) {
      pruned.add(Map.entry(destinations, olderThan));
      return pruneRemoves;
    }

    long deliveredTo(String key) {
      return delivered.stream().filter(r -> r.destination().key().equals(key)).count();
    }
  }

  static final class Notifications implements Notifier {
    final List<Notification> received = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void notify(Notification n) {
      received.add(n);
    }

    <T extends Notification> long count(Class<T> type) {
      synchronized (received) {
        return received.stream().filter(type::isInstance).count();
      }
    }
  }

  static DeliveryOutcome transientFailure(String why) {
    return DeliveryOutcome.retryLater(why, Optional.empty());
  }

  static DeliveryOutcome retryAfter(Duration d) {
    return DeliveryOutcome.retryLater("429 too many requests", Optional.of(d));
  }

  /** Passes every call to another store; tests override what they watch. */
  static class ForwardingStore implements org.summarybot.scheduling.port.TaskStore {
    private final org.summarybot.scheduling.port.TaskStore d;

    ForwardingStore(org.summarybot.scheduling.port.TaskStore d) {
      this.d = d;
    }

    @Override public org.summarybot.scheduling.model.ScheduledTask create(org.summarybot.scheduling.model.ScheduledTask task) { return d.create(task); }
    @Override public java.util.Optional<org.summarybot.scheduling.model.ScheduledTask> get(org.summarybot.scheduling.model.TaskId id) { return d.get(id); }
    @Override public org.summarybot.scheduling.model.ScheduledTask update(org.summarybot.scheduling.model.ScheduledTask task) { return d.update(task); }
    @Override public boolean delete(org.summarybot.scheduling.model.TaskId id) { return d.delete(id); }
    @Override public List<org.summarybot.scheduling.model.ScheduledTask> list(org.summarybot.scheduling.port.TaskQuery q) { return d.list(q); }
    @Override public List<org.summarybot.scheduling.port.Claim> claimDue(java.time.Instant now, int limit, String node, java.time.Duration lease) { return d.claimDue(now, limit, node, lease); }
    @Override public java.util.Optional<java.time.Instant> nextDueAt(java.time.Instant now) { return d.nextDueAt(now); }
    @Override public java.util.Map<org.summarybot.scheduling.model.TaskId, String> leaseHolders(java.time.Instant now) { return d.leaseHolders(now); }
    @Override public boolean extendLease(org.summarybot.scheduling.port.Claim c, java.time.Instant until) { return d.extendLease(c, until); }
    @Override public boolean releaseLease(org.summarybot.scheduling.port.Claim c) { return d.releaseLease(c); }
    @Override public org.summarybot.scheduling.model.ScheduledTask complete(org.summarybot.scheduling.port.Completion c) { return d.complete(c); }
    @Override public List<org.summarybot.scheduling.model.ExecutionRecord> history(org.summarybot.scheduling.model.TaskId id, int limit) { return d.history(id, limit); }
    @Override public org.summarybot.scheduling.port.Pruned prune(java.util.Optional<org.summarybot.scheduling.model.GuildId> guild, java.time.Instant olderThan) { return d.prune(guild, olderThan); }
    @Override public boolean recordDelivery(String key, java.time.Instant at) { return d.recordDelivery(key, at); }
    @Override public boolean isDelivered(String key) { return d.isDelivered(key); }
    @Override public Optional<org.summarybot.scheduling.model.GuildSettings> guildSettings(
        org.summarybot.scheduling.model.GuildId g) { return d.guildSettings(g); }
    @Override public void saveGuildSettings(org.summarybot.scheduling.model.GuildSettings s) { d.saveGuildSettings(s); }
    @Override public List<org.summarybot.scheduling.model.GuildSettings> allGuildSettings() { return d.allGuildSettings(); }
    @Override public boolean removeGuildSettings(org.summarybot.scheduling.model.GuildId g) { return d.removeGuildSettings(g); }
    @Override public boolean claimInteraction(String id, String node, Instant now, Duration keep) {
      return d.claimInteraction(id, node, now, keep);
    }
    @Override public org.summarybot.scheduling.port.DaySpend chargeSpend(java.time.LocalDate day, long micros, long limit) { return d.chargeSpend(day, micros, limit); }
    @Override public org.summarybot.scheduling.port.DaySpend spend(java.time.LocalDate day) { return d.spend(day); }
    @Override public void close() { d.close(); }
  }
}

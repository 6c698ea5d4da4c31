package org.summarybot.scheduling.engine;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.DeliveryStatus;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryRequest;
import org.summarybot.scheduling.port.TaskStore;

/**
 * Delivers an attempt's summary to each destination not yet in the delivery log for its execution, and logs each
 * delivery; the last one is logged with the completion instead (nothing slow happens in between). A destination
 * that is gone is disabled on its own and the others go on; a channel that throws counts as a transient failure.
 */
final class Deliverer {
  private static final System.Logger LOG = System.getLogger(TaskScheduler.class.getName());

  private final TaskStore store;
  private final Clock clock;
  private final Map<DestinationType, DeliveryChannel> channels;

  Deliverer(TaskStore store, Clock clock, Map<DestinationType, DeliveryChannel> channels) {
    this.store = store;
    this.clock = clock;
    this.channels = channels;
  }

  /** Delivers {@code summary} to each of {@code targets} not yet delivered; sets the attempt's outcome. */
  void deliver(Attempt a, List<Destination> targets, Summary summary) {
    if (a.messageCount == 0) {
      a.messageCount = summary.messageCount();
    }
    int delivered = 0;
    for (int i = 0; i < targets.size(); i++) {
      Destination d = targets.get(i);
      String key = a.id.deliveryKey(d);
      if (!a.logKnownEmpty && store.isDelivered(key)) {
        a.deliveries.add(DeliveryResult.delivered(d.describe()));
        delivered++;
        continue;
      }
      DeliveryOutcome out = send(a, d, summary, key);
      if (out instanceof DeliveryOutcome.Delivered) {
        if (i == targets.size() - 1) {
          a.deferredKeys = List.of(key);
        } else {
          store.recordDelivery(key, clock.now());
        }
        a.deliveries.add(DeliveryResult.delivered(d.describe()));
        delivered++;
      } else if (out instanceof DeliveryOutcome.TransientFailure t) {
        a.deliveries.add(new DeliveryResult(d.describe(), DeliveryStatus.RETRYING, Optional.of(t.reason())));
        a.fail(false, "DeliveryFailed", d.describe() + ": " + t.reason(), t.retryAfter());
      } else if (out instanceof DeliveryOutcome.PermanentFailure p) {
        if (p.destinationGone()) {
          a.deliveries.add(new DeliveryResult(d.describe(), DeliveryStatus.DISABLED, Optional.of(p.reason())));
          a.destinationGone(d, p.reason());
        } else {
          a.deliveries.add(new DeliveryResult(d.describe(), DeliveryStatus.FAILED, Optional.of(p.reason())));
          a.fail(true, "DeliveryFailed", d.describe() + ": " + p.reason(), Optional.empty());
        }
      }
    }
    if (a.outcome == null) {
      if (delivered == 0) {
        a.fail(true, "NoDestination", "every destination failed permanently and was disabled", Optional.empty());
      } else {
        a.outcome = ExecutionOutcome.SUCCEEDED;
      }
    }
  }

  private DeliveryOutcome send(Attempt a, Destination d, Summary summary, String key) {
    DeliveryChannel channel = channels.get(d.type());
    if (channel == null) {
      return DeliveryOutcome.failed("no delivery channel for " + d.type() + " is configured on this node");
    }
    try {
      return channel.deliver(new DeliveryRequest(a.id, a.task, d, summary, a.scheduledFor, a.number,
          new StoreJournal(store, key, clock, a.logKnownEmpty)));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "delivery channel for " + d.type() + " threw instead of returning an outcome", e);
      return DeliveryOutcome.retryLater(e.getClass().getSimpleName() + ": " + e.getMessage(), Optional.empty());
    }
  }

  /**
   * A delivery journal backed by the store's delivery log, one key per part; when the log is known to hold
   * nothing of this execution, parts are not looked up.
   */
  private record StoreJournal(TaskStore store, String key, Clock clock, boolean knownEmpty)
      implements DeliveryJournal {
    @Override
    public boolean isDelivered(String part) {
      return !knownEmpty && store.isDelivered(key + "#" + part);
    }

    @Override
    public void markDelivered(String part) {
      store.recordDelivery(key + "#" + part, clock.now());
    }
  }
}

package org.summarybot.scheduling.port;

import java.time.Instant;
import java.util.List;
import org.summarybot.scheduling.model.Destination;

/**
 * Delivers summaries to destinations of one {@link org.summarybot.scheduling.model.DestinationType}.
 *
 * <p>Contract: returns an outcome for every expected failure and never throws for one (an exception is
 * treated as a transient failure and logged as a bug). It sends only parts the request's journal does not
 * have, and carries the request's idempotency key where the receiver supports one, so a retry never
 * double-posts. It never logs or returns secrets.
 */
public interface DeliveryChannel {
  DeliveryOutcome deliver(DeliveryRequest request);

  /**
   * For a cleanup task: deletes what this channel itself keeps of its deliveries to {@code destinations} (the
   * summary files a file channel wrote in their directories) from before {@code olderThan}, and nothing else;
   * returns how many items went. Most channels keep nothing (a Discord message or a webhook call is the receiver's)
   * and return 0, the default. Throws {@link ExternalServiceException} when it cannot look.
   */
  default int prune(List<Destination> destinations, Instant olderThan) {
    return 0;
  }
}

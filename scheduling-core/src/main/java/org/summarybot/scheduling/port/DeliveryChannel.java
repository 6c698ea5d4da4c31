package org.summarybot.scheduling.port;

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
}

package org.summarybot.scheduling.port;

import org.summarybot.scheduling.model.Summary;

/** Turns messages into a {@link Summary}. May be a deterministic local implementation or a remote model. */
public interface Summarizer {
  /**
   * Summarises the request. With no messages (a task whose {@code minMessages} is 0), it says the channel was
   * quiet.
   *
   * @throws ExternalServiceException when a remote summarizer fails (transiently or permanently)
   */
  Summary summarize(SummaryRequest request);
}

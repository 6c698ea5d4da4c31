package org.summarybot.scheduling.port;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/** How one delivery ended. Expected failures are outcomes, not exceptions. */
public sealed interface DeliveryOutcome {

  /** The destination has the summary. {@code detail} is a short safe note (a message id, a file path). */
  record Delivered(String detail) implements DeliveryOutcome {
    public Delivered {
      requireNonNull(detail, "detail");
    }
  }

  /**
   * It may work later (network, 5xx, 429, timeout): the execution retries this destination with backoff;
   * {@code retryAfter} is the server's wish, used when longer than the backoff.
   */
  record TransientFailure(String reason, Optional<Duration> retryAfter) implements DeliveryOutcome {
    public TransientFailure {
      requireNonNull(reason, "reason");
      requireNonNull(retryAfter, "retryAfter");
    }
  }

  /**
   * It will not work by retrying (4xx, invalid target). When {@code destinationGone} (unknown channel, missing
   * permission, HTTP 410) the destination is disabled with the reason until a person resumes the task.
   */
  record PermanentFailure(String reason, boolean destinationGone) implements DeliveryOutcome {
    public PermanentFailure {
      requireNonNull(reason, "reason");
    }
  }

  static DeliveryOutcome delivered(String detail) {
    return new Delivered(detail);
  }

  static DeliveryOutcome retryLater(String reason, Optional<Duration> retryAfter) {
    return new TransientFailure(reason, retryAfter);
  }

  static DeliveryOutcome failed(String reason) {
    return new PermanentFailure(reason, false);
  }

  static DeliveryOutcome gone(String reason) {
    return new PermanentFailure(reason, true);
  }
}

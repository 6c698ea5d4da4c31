package org.summarybot.scheduling.port;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import org.summarybot.scheduling.model.SchedulingException;

/**
 * A port's expected failure: a message source or summarizer could not do its work. Transient failures
 * ({@code permanent == false}: network, 5xx, rate limits, timeouts) are retried with backoff, honouring
 * {@code retryAfter} when it is longer; permanent ones (unknown channel, missing permission, invalid input)
 * are not. Messages must never contain secrets.
 */
public class ExternalServiceException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  private final boolean permanent;
  private final transient Optional<Duration> retryAfter;

  public ExternalServiceException(String message, boolean permanent, Optional<Duration> retryAfter, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
    this.retryAfter = requireNonNull(retryAfter, "retryAfter");
  }

  public static ExternalServiceException permanent(String message) {
    return new ExternalServiceException(message, true, Optional.empty(), null);
  }

  public static ExternalServiceException transientFailure(String message, Optional<Duration> retryAfter) {
    return new ExternalServiceException(message, false, retryAfter, null);
  }

  public boolean permanent() {
    return permanent;
  }

  public Optional<Duration> retryAfter() {
    return retryAfter == null ? Optional.empty() : retryAfter;
  }
}

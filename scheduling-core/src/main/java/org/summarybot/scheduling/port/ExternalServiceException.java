package org.summarybot.scheduling.port;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import org.summarybot.scheduling.model.SchedulingException;

/**
 * A port's expected failure: a message source or summarizer could not do its work. Transient failures
 * ({@code permanent == false}: network, 5xx, rate limits, timeouts) are retried with backoff, honouring
 * {@code retryAfter} when it is longer; permanent ones (unknown channel, missing permission, invalid input)
 * are not. An excused failure ({@link #excused}: a day's summarizer budget is spent) is permanent for the
 * execution but not the task's fault, so it does not count towards auto-disable. Messages must never contain
 * secrets.
 */
public class ExternalServiceException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  private final boolean permanent;
  private final transient Optional<Duration> retryAfter;
  private final boolean excused;

  public ExternalServiceException(String message, boolean permanent, Optional<Duration> retryAfter, Throwable cause) {
    this(message, permanent, retryAfter, cause, false);
  }

  private ExternalServiceException(String message, boolean permanent, Optional<Duration> retryAfter, Throwable cause,
      boolean excused) {
    super(message, cause);
    this.permanent = permanent;
    this.retryAfter = requireNonNull(retryAfter, "retryAfter");
    this.excused = excused;
  }

  /**
   * A failure that ends the execution without a retry and is not the task's fault (the day's summarizer budget
   * is spent): recorded as failed, not counted towards auto-disable.
   */
  public static ExternalServiceException excused(String message) {
    return new ExternalServiceException(message, true, Optional.empty(), null, true);
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

  /** Whether the failure is not counted towards auto-disable (it is then permanent). */
  public boolean excused() {
    return excused;
  }

  public Optional<Duration> retryAfter() {
    return retryAfter == null ? Optional.empty() : retryAfter;
  }
}

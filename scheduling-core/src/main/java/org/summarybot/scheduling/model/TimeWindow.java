package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import org.summarybot.scheduling.model.ValidationException;

/** A half-open span of time {@code [from, to)}: a message at {@code from} is inside, one at {@code to} is not. */
public record TimeWindow(Instant from, Instant to) {
  public TimeWindow {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new ValidationException("window", "from " + from + " must be before to " + to);
    }
  }

  public static TimeWindow of(Instant from, Instant to) {
    return new TimeWindow(from, to);
  }

  public boolean contains(Instant t) {
    return !t.isBefore(from) && t.isBefore(to);
  }

  public Duration length() {
    return Duration.between(from, to);
  }

  @Override
  public String toString() {
    return "[" + from + ", " + to + ")";
  }
}

package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with an input: where it is ({@code field}, such as {@code schedule} or
 * {@code destinations[1].target}) and what is wrong with it.
 */
public record Problem(String field, String message) {
  public Problem {
    requireNonNull(field, "field");
    requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}

package org.summarybot.scheduling.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/**
 * The identity of one execution: derived from (task, scheduled fire time) alone, so it is the same for every
 * attempt, on every node and after every restart. Idempotency keys of deliveries derive from it.
 */
public record ExecutionId(String value) {
  public ExecutionId {
    requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("execution id is blank");
    }
  }

  /** The id of the execution of {@code task} for the fire scheduled at {@code scheduledFor}. */
  public static ExecutionId of(TaskId task, Instant scheduledFor) {
    String name = task.value() + "@" + scheduledFor.toEpochMilli();
    return new ExecutionId(UUID.nameUUIDFromBytes(name.getBytes(UTF_8)).toString());
  }

  /** A key for one delivery of this execution to one destination, stable across retries and restarts. */
  public String deliveryKey(Destination destination) {
    return value + "/" + destination.key();
  }

  @Override
  public String toString() {
    return value;
  }
}

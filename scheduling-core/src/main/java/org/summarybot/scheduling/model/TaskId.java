package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.util.UUID;
import org.summarybot.scheduling.ValidationException;

/** The identity of a task: 1-64 characters of letters, digits, {@code -} and {@code _}. Names need not be unique; ids are. */
public record TaskId(String value) implements Comparable<TaskId> {
  public TaskId {
    requireNonNull(value, "value");
    if (!wellFormed(value)) {
      throw new ValidationException("id", "'" + value + "' is not a task id (1-64 letters, digits, '-' or '_')");
    }
  }

  private static boolean wellFormed(String v) {
    int n = v.length();
    if (n < 1 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = v.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  public static TaskId of(String value) {
    return new TaskId(value);
  }

  /**
   * A new random id: a version-4 UUID. Ids are identities, not secrets, so the 122 random bits come from the
   * fast thread-local generator rather than SecureRandom.
   */
  public static TaskId random() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new TaskId(new UUID(hi, lo).toString());
  }

  @Override
  public int compareTo(TaskId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

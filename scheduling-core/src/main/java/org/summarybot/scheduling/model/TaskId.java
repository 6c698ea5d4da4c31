package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.util.UUID;
import java.util.regex.Pattern;
import org.summarybot.scheduling.ValidationException;

/** The identity of a task: 1-64 characters of letters, digits, {@code -} and {@code _}. Names need not be unique; ids are. */
public record TaskId(String value) implements Comparable<TaskId> {
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public TaskId {
    requireNonNull(value, "value");
    if (!FORM.matcher(value).matches()) {
      throw new ValidationException("id", "'" + value + "' is not a task id (1-64 letters, digits, '-' or '_')");
    }
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

package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import org.summarybot.scheduling.model.ValidationException;

/**
 * The identity of a task: 1-64 characters of letters, digits, {@code -} and {@code _}. Names need not be
 * unique; ids are.
 *
 * <p>Two ids are equal when their text is, and they sort as their text does. Ids in the form the scheduler
 * gives new tasks (a UUID in lower-case hex, {@code 8-4-4-4-12}) are held as their 128 bits rather than as
 * text: a store of a million tasks keeps 32 bytes per id instead of about 100. {@link #value()} then spells the
 * text anew on each call.
 */
public final class TaskId implements Comparable<TaskId> {
  /** The id's text when it is not a lower-case UUID, else null and the id is {@link #hi}/{@link #lo}. */
  private final String text;
  private final long hi;
  private final long lo;

  private TaskId(String text, long hi, long lo) {
    this.text = text;
    this.hi = hi;
    this.lo = lo;
  }

  /** The id with this text; a clear error when the text is not an id. */
  public static TaskId of(String value) {
    requireNonNull(value, "value");
    if (UuidText.isLowerCaseUuid(value)) {
      return new TaskId(null, UuidText.hi(value), UuidText.lo(value));
    }
    if (!wellFormed(value)) {
      throw new ValidationException("id", "'" + value + "' is not a task id (1-64 letters, digits, '-' or '_')");
    }
    return new TaskId(value, 0, 0);
  }

  /**
   * A new random id: a version-4 UUID. Ids are identities, not secrets, so the 122 random bits come from the
   * fast thread-local generator rather than SecureRandom.
   */
  public static TaskId random() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new TaskId(null, hi, lo);
  }

  /** The id's text. */
  public String value() {
    return text != null ? text : UuidText.text(hi, lo);
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

  /**
   * Writes the id's text as ASCII bytes into {@code out} from {@code at}, returning the position after it:
   * derived ids (executions) are built without spelling the text as a string first.
   */
  int writeAscii(byte[] out, int at) {
    if (text != null) {
      for (int i = 0; i < text.length(); i++) {
        out[at++] = (byte) text.charAt(i);
      }
      return at;
    }
    return UuidText.write(out, at, hi, lo);
  }

  /** How many characters the id's text has. */
  int length() {
    return text != null ? text.length() : UuidText.LENGTH;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TaskId other)) {
      return false;
    }
    return text == null ? other.text == null && hi == other.hi && lo == other.lo : text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text != null ? text.hashCode() : Long.hashCode(hi * 31 + lo);
  }

  /** The order of the ids' text. */
  @Override
  public int compareTo(TaskId o) {
    if (text == null && o.text == null) {
      // Lower-case hex of fixed length sorts as the unsigned number it spells.
      int c = Long.compareUnsigned(hi, o.hi);
      return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }
    return value().compareTo(o.value());
  }

  @Override
  public String toString() {
    return value();
  }
}

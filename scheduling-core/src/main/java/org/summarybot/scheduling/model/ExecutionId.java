package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

/**
 * The identity of one execution: derived from (task, scheduled fire time) alone, so it is the same for every
 * attempt, on every node and after every restart. Idempotency keys of deliveries derive from it.
 *
 * <p>Two ids are equal when their text is. An id whose text is a lower-case UUID is held as its 128 bits, not as
 * text: every execution record keeps one, and {@link #value()} spells the text anew on each call. A derived id
 * ({@link #of}) keeps its task and fire time and computes its bits (an MD5 digest) the first time its text,
 * equality or hash is asked for: an execution whose id is never read (such as one recorded only in memory)
 * never pays for the digest. Safe to share between threads.
 */
public final class ExecutionId {
  /** The id's text when it is not a lower-case UUID, else null. */
  private final String text;
  /** For a derived id: its task; null for an id made from text. */
  private final TaskId task;
  /** An id made from a lower-case UUID text: its bits. A derived id: its fire time in epoch millis, and 0. */
  private final long hi;
  private final long lo;
  /**
   * A derived id's bits once computed (racy single-check: threads that race compute the same value, and
   * {@link UUID}'s fields are final, so a reference seen is a value seen whole).
   */
  private UUID bits;

  /** The id with this text, as stored; any non-blank text. */
  public ExecutionId(String value) {
    requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("execution id is blank");
    }
    this.task = null;
    if (UuidText.isLowerCaseUuid(value)) {
      this.text = null;
      this.hi = UuidText.hi(value);
      this.lo = UuidText.lo(value);
    } else {
      this.text = value;
      this.hi = 0;
      this.lo = 0;
    }
  }

  private ExecutionId(TaskId task, long millis) {
    this.text = null;
    this.task = task;
    this.hi = millis;
    this.lo = 0;
  }

  /**
   * The id of the execution of {@code task} for the fire scheduled at {@code scheduledFor}: the RFC 4122
   * version-3 (MD5, name-based) UUID of {@code "<task id>@<epoch millis>"}, as {@link UUID#nameUUIDFromBytes}
   * gives it. The digest is computed when the id's text, equality or hash is first asked for.
   */
  public static ExecutionId of(TaskId task, Instant scheduledFor) {
    return new ExecutionId(requireNonNull(task, "task"), scheduledFor.toEpochMilli());
  }

  /** The high 64 bits of an id that has no {@link #text}. */
  private long high() {
    return task == null ? hi : derived().getMostSignificantBits();
  }

  /** The low 64 bits of an id that has no {@link #text}. */
  private long low() {
    return task == null ? lo : derived().getLeastSignificantBits();
  }

  /** The bits of a derived id, computed on the first call. */
  private UUID derived() {
    UUID b = bits;
    if (b == null) {
      b = digest(task, hi);
      bits = b;
    }
    return b;
  }

  private static UUID digest(TaskId task, long millis) {
    // The name is written straight into bytes, ASCII.
    String negative = millis < 0 ? Long.toString(millis) : null;
    int digits = negative != null ? negative.length() : decimalDigits(millis);
    byte[] name = new byte[task.length() + 1 + digits];
    int at = task.writeAscii(name, 0);
    name[at++] = '@';
    if (negative != null) {
      for (int i = 0; i < digits; i++) {
        name[at + i] = (byte) negative.charAt(i);
      }
    } else {
      for (int i = at + digits - 1; i >= at; i--, millis /= 10) {
        name[i] = (byte) ('0' + millis % 10);
      }
    }
    byte[] md5 = MD5.get().digest(name);
    md5[6] = (byte) ((md5[6] & 0x0f) | 0x30);
    md5[8] = (byte) ((md5[8] & 0x3f) | 0x80);
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (md5[i] & 0xff);
      lsb = (lsb << 8) | (md5[i + 8] & 0xff);
    }
    return new UUID(msb, lsb);
  }

  /** The id's text. */
  public String value() {
    if (text != null) {
      return text;
    }
    return UuidText.text(high(), low());
  }

  private static int decimalDigits(long nonNegative) {
    int n = 1;
    for (long x = nonNegative; x >= 10; x /= 10) {
      n++;
    }
    return n;
  }

  private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no MD5, which every Java platform must provide", e);
    }
  });

  /** A key for one delivery of this execution to one destination, stable across retries and restarts. */
  public String deliveryKey(Destination destination) {
    return value() + "/" + destination.key();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ExecutionId other)) {
      return false;
    }
    if (text != null || other.text != null) {
      return text != null && text.equals(other.text);
    }
    if (task != null && other.task != null && hi == other.hi && task.equals(other.task)) {
      // Both derived from the same task and fire time: equal without a digest.
      return true;
    }
    return high() == other.high() && low() == other.low();
  }

  @Override
  public int hashCode() {
    if (text != null) {
      return text.hashCode();
    }
    return Long.hashCode(high() * 31 + low());
  }

  @Override
  public String toString() {
    return value();
  }
}

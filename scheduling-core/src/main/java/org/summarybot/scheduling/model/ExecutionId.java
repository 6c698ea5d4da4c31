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
 * <p>Two ids are equal when their text is. A derived id (and any id whose text is a lower-case UUID) is held
 * as its 128 bits, not as text: every execution record keeps one, and {@link #value()} spells the text anew on
 * each call.
 */
public final class ExecutionId {
  /** The id's text when it is not a lower-case UUID, else null and the id is {@link #hi}/{@link #lo}. */
  private final String text;
  private final long hi;
  private final long lo;

  /** The id with this text, as stored; any non-blank text. */
  public ExecutionId(String value) {
    requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("execution id is blank");
    }
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

  private ExecutionId(long hi, long lo) {
    this.text = null;
    this.hi = hi;
    this.lo = lo;
  }

  /**
   * The id of the execution of {@code task} for the fire scheduled at {@code scheduledFor}: the RFC 4122
   * version-3 (MD5, name-based) UUID of {@code "<task id>@<epoch millis>"}, as {@link UUID#nameUUIDFromBytes}
   * gives it.
   */
  public static ExecutionId of(TaskId task, Instant scheduledFor) {
    // The name is written straight into bytes, ASCII.
    long millis = scheduledFor.toEpochMilli();
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
    return new ExecutionId(msb, lsb);
  }

  /** The id's text. */
  public String value() {
    return text != null ? text : UuidText.text(hi, lo);
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
    return text == null ? other.text == null && hi == other.hi && lo == other.lo : text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text != null ? text.hashCode() : Long.hashCode(hi * 31 + lo);
  }

  @Override
  public String toString() {
    return value();
  }
}

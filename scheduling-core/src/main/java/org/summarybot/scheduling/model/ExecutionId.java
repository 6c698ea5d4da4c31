package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
    // The name is "<task id>@<epoch millis>" in ASCII, written straight into bytes.
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
    return new ExecutionId(nameBasedUuid(name).toString());
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

  /**
   * The RFC 4122 version-3 (MD5, name-based) UUID of {@code name}: what {@link UUID#nameUUIDFromBytes} gives,
   * with one digest per thread instead of a provider lookup per call (the engine derives an id per execution).
   */
  static UUID nameBasedUuid(byte[] name) {
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

  /** A key for one delivery of this execution to one destination, stable across retries and restarts. */
  public String deliveryKey(Destination destination) {
    return value + "/" + destination.key();
  }

  @Override
  public String toString() {
    return value;
  }
}

package org.summarybot.scheduling.model;

/**
 * The canonical text of a UUID in lower-case hex ({@code 8-4-4-4-12}), read into and written from its two
 * 64-bit halves. Ids in this form ({@link TaskId}, {@link ExecutionId}) are held as bits, not as text.
 */
final class UuidText {
  static final int LENGTH = 36;

  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private UuidText() {}

  /** Whether {@code v} is a UUID in lower-case hex with its four dashes, and nothing else. */
  static boolean isLowerCaseUuid(String v) {
    if (v.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = v.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** The high 64 bits of a text that {@link #isLowerCaseUuid} accepted. */
  static long hi(String v) {
    return hexAt(v, 0, 8) << 32 | hexAt(v, 9, 4) << 16 | hexAt(v, 14, 4);
  }

  /** The low 64 bits of a text that {@link #isLowerCaseUuid} accepted. */
  static long lo(String v) {
    return hexAt(v, 19, 4) << 48 | hexAt(v, 24, 12);
  }

  private static long hexAt(String v, int from, int digits) {
    long x = 0;
    for (int i = from; i < from + digits; i++) {
      x = x << 4 | Character.digit(v.charAt(i), 16);
    }
    return x;
  }

  /** The text of {@code hi}/{@code lo}. */
  static String text(long hi, long lo) {
    byte[] out = new byte[LENGTH];
    write(out, 0, hi, lo);
    return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** Writes the text of {@code hi}/{@code lo} as ASCII into {@code out} from {@code at}; returns the position after. */
  static int write(byte[] out, int at, long hi, long lo) {
    at = hex(out, at, hi >>> 32, 8);
    out[at++] = '-';
    at = hex(out, at, hi >>> 16, 4);
    out[at++] = '-';
    at = hex(out, at, hi, 4);
    out[at++] = '-';
    at = hex(out, at, lo >>> 48, 4);
    out[at++] = '-';
    return hex(out, at, lo, 12);
  }

  private static int hex(byte[] out, int at, long bits, int digits) {
    // A table, not a branch: random ids mispredict a digit-or-letter branch on every other digit.
    for (int i = digits - 1; i >= 0; i--) {
      out[at++] = HEX_DIGITS[(int) (bits >>> (4 * i)) & 0xF];
    }
    return at;
  }
}

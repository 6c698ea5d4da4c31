package org.summarybot.scheduling.delivery.discord;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Discord message nonces for delivery parts. Discord drops a second message with the same nonce (JDA sends
 * {@code enforce_nonce}) for a few minutes, so a send retried after a lost answer does not double-post.
 */
final class Nonces {
  /** Discord's limit on a nonce's length. */
  static final int MAX_LENGTH = 25;

  private Nonces() {}

  /**
   * The nonce of one part of one delivery: the first 25 hex digits (100 bits) of SHA-256 over the delivery's
   * idempotency key (execution id + destination) and the part number. Stable across attempts, restarts and
   * nodes; different for every execution, destination and part.
   */
  static String of(String idempotencyKey, String part) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((idempotencyKey + "#" + part).getBytes(UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, MAX_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * The small-print line that ends the first message of a forum post: {@code -# ref} and 12 hex digits derived
   * like a nonce. Creating a post takes no nonce, so this is how a retry recognises the post an earlier attempt
   * created (its answer lost, or the process gone before the journal had it).
   */
  static String postMarker(String idempotencyKey) {
    return "-# ref " + of(idempotencyKey, "post").substring(0, 12);
  }
}

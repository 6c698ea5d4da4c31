package org.summarybot.scheduling.delivery.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests per the Standard Webhooks specification: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}
 * keyed with the bytes of a {@code whsec_<base64>} secret. Several secrets separated by spaces (during a
 * rotation) give several signatures, separated by spaces, as the specification allows.
 */
final class StandardWebhookSigner {
  private static final String PREFIX = "whsec_";

  private final List<byte[]> keys;

  private StandardWebhookSigner(List<byte[]> keys) {
    this.keys = keys;
  }

  /**
   * The signer for the secret text {@code secret} (one or more {@code whsec_<base64>} values; the prefix is
   * optional); empty when the text is not in that form. The secret never appears in anything this returns.
   */
  static Optional<StandardWebhookSigner> of(String secret) {
    List<byte[]> keys = new ArrayList<>();
    for (String part : secret.strip().split("\\s+")) {
      String b64 = part.startsWith(PREFIX) ? part.substring(PREFIX.length()) : part;
      try {
        byte[] key = Base64.getDecoder().decode(b64);
        if (key.length == 0) {
          return Optional.empty();
        }
        keys.add(key);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return keys.isEmpty() ? Optional.empty() : Optional.of(new StandardWebhookSigner(List.copyOf(keys)));
  }

  /** The value of the {@code webhook-signature} header for this message. */
  String sign(String msgId, long timestampSeconds, byte[] body) {
    byte[] prefix = (msgId + "." + timestampSeconds + ".").getBytes(UTF_8);
    StringBuilder out = new StringBuilder();
    for (byte[] key : keys) {
      Mac mac = newMac(key);
      mac.update(prefix);
      mac.update(body);
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append("v1,").append(Base64.getEncoder().encodeToString(mac.doFinal()));
    }
    return out.toString();
  }

  private static Mac newMac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "StandardWebhookSigner[" + keys.size() + " key(s)]";
  }
}

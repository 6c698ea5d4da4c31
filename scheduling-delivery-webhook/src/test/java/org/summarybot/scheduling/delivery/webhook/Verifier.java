package org.summarybot.scheduling.delivery.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check of a Standard Webhooks signature, written from the specification and independent of the
 * production signer: it recomputes the HMAC over {@code id.timestamp.body} and compares in constant time, and
 * refuses a timestamp more than five minutes from the receiver's clock.
 */
final class Verifier {
  private Verifier() {}

  static boolean verify(String secret, String id, String timestamp, String signatureHeader, byte[] body,
      Instant receiverNow) throws Exception {
    if (id == null || timestamp == null || signatureHeader == null) {
      return false;
    }
    long ts = Long.parseLong(timestamp);
    if (Math.abs(receiverNow.getEpochSecond() - ts) > 300) {
      return false;
    }
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] expected = mac.doFinal((id + "." + timestamp + "." + new String(body, UTF_8)).getBytes(UTF_8));
    for (String candidate : signatureHeader.split(" ")) {
      int comma = candidate.indexOf(',');
      if (comma < 0 || !candidate.substring(0, comma).equals("v1")) {
        continue;
      }
      byte[] given = Base64.getDecoder().decode(candidate.substring(comma + 1));
      if (MessageDigest.isEqual(expected, given)) {
        return true;
      }
    }
    return false;
  }
}

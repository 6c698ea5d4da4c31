package org.summarybot.scheduling.port;

/**
 * The durable record of what one execution already delivered, keyed by part (for a channel that sends a
 * summary in several messages). A channel checks it before sending a part and marks the part after, so a retry
 * or a restart sends only what is missing.
 */
public interface DeliveryJournal {
  /** Whether {@code part} (such as "0", "1", ...) of this delivery was already sent. */
  boolean isDelivered(String part);

  /** Records that {@code part} was sent. */
  void markDelivered(String part);

  /** A journal that remembers nothing (every part is sent). */
  static DeliveryJournal none() {
    return new DeliveryJournal() {
      @Override
      public boolean isDelivered(String part) {
        return false;
      }

      @Override
      public void markDelivered(String part) {}
    };
  }
}

package org.summarybot.scheduling.port;

/**
 * Tells a human about failures and auto-disables. Best effort: a notifier that fails or throws is logged and
 * never breaks an execution.
 */
@FunctionalInterface
public interface Notifier {
  void notify(Notification notification);

  /** A notifier that tells nobody. */
  static Notifier none() {
    return n -> {};
  }
}

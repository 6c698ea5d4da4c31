package org.summarybot.scheduling.port;

/**
 * What one {@link TaskStore#prune} removed.
 *
 * @param history history records deleted
 * @param deliveries delivery-log entries deleted
 */
public record Pruned(int history, int deliveries) {
  public Pruned {
    if (history < 0 || deliveries < 0) {
      throw new IllegalArgumentException("negative count: " + history + ", " + deliveries);
    }
  }
}

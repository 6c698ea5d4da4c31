package org.summarybot.scheduling.model;

/**
 * What one run of a {@code CLEANUP} task removed, recorded with its execution.
 *
 * @param history history records deleted
 * @param deliveries delivery-log entries deleted
 * @param files summary files deleted from the directories of {@code file:} destinations
 */
public record CleanupCounts(int history, int deliveries, int files) {
  public CleanupCounts {
    Problems p = new Problems();
    p.check(history >= 0, "removed.history", "is negative");
    p.check(deliveries >= 0, "removed.deliveries", "is negative");
    p.check(files >= 0, "removed.files", "is negative");
    p.throwIfAny();
  }

  /** {@code 12 history records, 30 delivery-log entries, 4 summary files}. */
  public String describe() {
    return history + " history record(s), " + deliveries + " delivery-log entr" + (deliveries == 1 ? "y" : "ies")
        + ", " + files + " summary file(s)";
  }
}

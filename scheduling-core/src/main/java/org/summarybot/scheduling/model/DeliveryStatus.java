package org.summarybot.scheduling.model;

/** What happened to one destination in one execution. */
public enum DeliveryStatus {
  /** Delivered by this execution (possibly in an earlier attempt). */
  DELIVERED,
  /** Failed transiently; another attempt may deliver it. */
  RETRYING,
  /** Failed for good in this execution. */
  FAILED,
  /** Failed permanently and the destination was disabled. */
  DISABLED,
  /** Not tried: the destination was already disabled. */
  SKIPPED
}

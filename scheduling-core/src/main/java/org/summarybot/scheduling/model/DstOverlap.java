package org.summarybot.scheduling.model;

/**
 * What a fixed wall-clock schedule does with a local time that a fall-back clock change repeats (02:30 on a day
 * the clocks go back from 03:00 to 02:00).
 */
public enum DstOverlap {
  /** Fire at the first occurrence only: the default. */
  FIRST,
  /** Fire at the second occurrence only. */
  LAST,
  /** Fire at each occurrence. */
  BOTH
}

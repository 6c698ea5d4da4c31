package org.summarybot.scheduling.model;

/**
 * What a fixed wall-clock schedule does with a local time that a spring-forward clock change skips (02:30 on a
 * day the clocks jump from 02:00 to 03:00).
 */
public enum DstGap {
  /** Fire at the instant shifted forward by the gap's length (02:30 fires at 03:30): the default. */
  SHIFT,
  /** No fire for that local time that day. */
  SKIP
}

package org.summarybot.scheduling.model;

/** How much a summary says. */
public enum SummaryLength {
  BRIEF,
  DETAILED,
  COMPREHENSIVE
}

package org.summarybot.scheduling.model;

/** What a task does when it fires. */
public enum TaskKind {
  /** Summarise channels over a message window and deliver the summary. */
  SUMMARY,
  /** Prune execution history and delivery logs older than the task's retention. */
  CLEANUP
}

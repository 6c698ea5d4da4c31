package org.summarybot.scheduling.model;

/**
 * Which summarizer a task's messages may go to: the built-in one, which never sends them anywhere, or the
 * language model the process is configured with. A guild that keeps its messages off third-party models says
 * {@code BUILTIN}.
 */
public enum SummarizerChoice {
  BUILTIN,
  LLM
}

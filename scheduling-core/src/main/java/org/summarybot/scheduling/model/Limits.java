package org.summarybot.scheduling.model;

/**
 * The bounds core puts on a task and on a scheduler, each defined here once: the model's validation and the
 * engine's builder check them, and the app's CLI and config read them, so the app never accepts what core
 * refuses. Each bound says why it is where it is.
 */
public final class Limits {
  private Limits() {}

  /** Characters of a task's name: enough for a description, short enough for a Discord embed title. */
  public static final int TASK_NAME_LENGTH = 100;

  /**
   * Attempts of one execution, the first included ({@code RetryPolicy.maxAttempts}, 1 up to this): with the
   * backoff capped at a day, more attempts would keep one fire's summary pending for months.
   */
  public static final int MAX_ATTEMPTS = 100;

  /**
   * Retries of one execution: every attempt but the first, so 0 up to this. Where a caller counts retries (the
   * CLI's {@code --retries}), {@link #attemptsWithRetries} turns them into attempts.
   */
  public static final int MAX_RETRIES = MAX_ATTEMPTS - 1;

  /** The {@code maxAttempts} of an execution that may be retried {@code retries} times: the first attempt and each retry. */
  public static int attemptsWithRetries(int retries) {
    return retries + 1;
  }

  /** Failed executions in a row before a task is disabled ({@code maxConsecutiveFailures}, 1 up to this). */
  public static final int MAX_CONSECUTIVE_FAILURES = 1000;

  /**
   * Missed fires one catch-up runs under {@code CATCH_UP_ALL} ({@code catchUpLimit}, 1 up to this): a long outage
   * of a frequent schedule must not become an unbounded burst of executions.
   */
  public static final int CATCH_UP_LIMIT = 1000;

  /** Messages fetched per channel and window ({@code SummaryOptions.maxMessages}, 1 up to this). */
  public static final int MAX_MESSAGES = 100_000;

  /**
   * Executions one scheduler runs at once (its worker threads; the builder's {@code concurrency}, 1 up to this):
   * summaries wait on the network, so many threads are useful, but each one is a platform thread.
   */
  public static final int CONCURRENCY = 1024;

  /** Characters of a scheduler's node id: it is written with every lease, and shown in logs. */
  public static final int NODE_ID_LENGTH = 100;

  /** Fires one backfill runs at most ({@code tasks backfill --max}, 1 up to this; 50 when not given). */
  public static final int BACKFILL_MAX = 1000;

  /** Characters of a pause note ({@code tasks pause --note}). */
  public static final int PAUSE_NOTE_LENGTH = 500;
}

package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Running totals of a task's executions. {@code runs} counts executions that ran (succeeded, failed or skipped
 * for no content); {@code missed} counts fires that did not run. The success rate treats a skip for no content
 * as a success: the task did its job and there was nothing to say. An excused failure (a spent summarizer budget)
 * counts as a failure but leaves the run of consecutive failures as it was. A fire skipped for its date
 * changes no total. {@code lastDelivered} is when an execution last delivered (succeeded; a skip delivers
 * nothing): how long a task has been silent is measured from it.
 */
public record TaskStats(
    long runs,
    long successes,
    long failures,
    long skipped,
    long missed,
    int consecutiveFailures,
    long totalDurationMillis,
    Optional<Instant> lastRun,
    Optional<Instant> lastSuccess,
    Optional<Instant> lastFailure,
    Optional<Instant> lastDelivered) {

  public static final TaskStats EMPTY =
      new TaskStats(0, 0, 0, 0, 0, 0, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** Totals without a last delivery (as stored before deliveries were timed). */
  public TaskStats(long runs, long successes, long failures, long skipped, long missed, int consecutiveFailures,
      long totalDurationMillis, Optional<Instant> lastRun, Optional<Instant> lastSuccess,
      Optional<Instant> lastFailure) {
    this(runs, successes, failures, skipped, missed, consecutiveFailures, totalDurationMillis, lastRun, lastSuccess,
        lastFailure, Optional.empty());
  }

  public TaskStats {
    requireNonNull(lastDelivered, "lastDelivered");
    requireNonNull(lastRun, "lastRun");
    requireNonNull(lastSuccess, "lastSuccess");
    requireNonNull(lastFailure, "lastFailure");
    if (runs < 0 || successes < 0 || failures < 0 || skipped < 0 || missed < 0 || consecutiveFailures < 0
        || totalDurationMillis < 0) {
      throw new IllegalArgumentException("stats counts are never negative");
    }
  }

  /** These totals with one more history entry counted. */
  public TaskStats record(ExecutionRecord r) {
    long ms = r.durationMillis();
    Optional<Instant> at = Optional.of(r.finishedAt());
    switch (r.outcome()) {
      case SUCCEEDED:
        return new TaskStats(runs + 1, successes + 1, failures, skipped, missed, 0, totalDurationMillis + ms, at, at, lastFailure,
            lastDelivered.isPresent() && lastDelivered.get().isAfter(r.finishedAt()) ? lastDelivered : at);
      case SKIPPED_NO_CONTENT:
        return new TaskStats(runs + 1, successes, failures, skipped + 1, missed, 0, totalDurationMillis + ms, at, at, lastFailure, lastDelivered);
      case FAILED:
        if (r.excused()) {
          return new TaskStats(runs + 1, successes, failures + 1, skipped, missed, consecutiveFailures, totalDurationMillis + ms, at, lastSuccess, at, lastDelivered);
        }
        return new TaskStats(runs + 1, successes, failures + 1, skipped, missed, consecutiveFailures + 1, totalDurationMillis + ms, at, lastSuccess, at, lastDelivered);
      case SKIPPED_DATE:
        return this;
      case MISSED:
        return new TaskStats(runs, successes, failures, skipped, missed + r.missedCount(), consecutiveFailures, totalDurationMillis, lastRun, lastSuccess, lastFailure,
            lastDelivered);
      default:
        throw new AssertionError(r.outcome());
    }
  }

  /**
   * These totals without a history entry counted before, which a later one replaces (a backfill's): its run or its
   * missed fires no longer count; the last run, success and failure times and the consecutive failures stay.
   */
  public TaskStats forget(ExecutionRecord r) {
    long ms = r.durationMillis();
    switch (r.outcome()) {
      case SUCCEEDED:
        return new TaskStats(Math.max(0, runs - 1), Math.max(0, successes - 1), failures, skipped, missed,
            consecutiveFailures, Math.max(0, totalDurationMillis - ms), lastRun, lastSuccess, lastFailure, lastDelivered);
      case SKIPPED_NO_CONTENT:
        return new TaskStats(Math.max(0, runs - 1), successes, failures, Math.max(0, skipped - 1), missed,
            consecutiveFailures, Math.max(0, totalDurationMillis - ms), lastRun, lastSuccess, lastFailure, lastDelivered);
      case FAILED:
        return new TaskStats(Math.max(0, runs - 1), successes, Math.max(0, failures - 1), skipped, missed,
            consecutiveFailures, Math.max(0, totalDurationMillis - ms), lastRun, lastSuccess, lastFailure, lastDelivered);
      case SKIPPED_DATE:
        return this;
      case MISSED:
        return new TaskStats(runs, successes, failures, skipped, Math.max(0, missed - r.missedCount()),
            consecutiveFailures, totalDurationMillis, lastRun, lastSuccess, lastFailure, lastDelivered);
      default:
        throw new AssertionError(r.outcome());
    }
  }

  /** Executions that ran as the run limit counts them ({@link ExecutionOutcome#ran()}): successes and failures. */
  public long ran() {
    return successes + failures;
  }

  /** Successes and skips over runs, 0-1; empty before the first run. */
  public Optional<Double> successRate() {
    return runs == 0 ? Optional.empty() : Optional.of((double) (successes + skipped) / runs);
  }

  /** Mean duration of runs; empty before the first run. */
  public Optional<Duration> averageDuration() {
    return runs == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(totalDurationMillis / runs));
  }

  /** These totals with the consecutive-failure count cleared (a person re-enabled the task). */
  public TaskStats clearConsecutiveFailures() {
    return new TaskStats(runs, successes, failures, skipped, missed, 0, totalDurationMillis, lastRun, lastSuccess,
        lastFailure, lastDelivered);
  }
}

package org.summarybot.scheduling.app;

import java.time.Duration;
import org.summarybot.scheduling.model.DurationText;

/**
 * Every bound the app puts on input, defined once: {@code tasks add} and {@code tasks update}, {@code tasks import}
 * and the config read these, and {@code app/README.md} lists them. Where core has a bound (a task's name, the
 * number of attempts, consecutive failures, the message cap, the concurrency, a node id) it is read from core's
 * {@link org.summarybot.scheduling.model.Limits}, so the CLI never accepts what core refuses; the messages here
 * name the CLI option or config key.
 */
final class Limits {
  private Limits() {}

  // ---------------------------------------------------------------- text (characters, as String.length counts)

  /** A task's name ({@code --name}, {@code name}): core's bound. */
  static final int NAME_LENGTH = org.summarybot.scheduling.model.Limits.TASK_NAME_LENGTH;
  /** Who made a task ({@code createdBy} in an import document). */
  static final int CREATED_BY_LENGTH = 100;
  /** A schedule's text ({@code --schedule}, {@code schedule}). */
  static final int SCHEDULE_LENGTH = 256;
  /** A zone id ({@code --zone}, {@code zone}). */
  static final int ZONE_LENGTH = 64;
  /** A guild, channel or task id as text. */
  static final int ID_LENGTH = 64;
  /** One destination ({@code --to}, {@code --add-to}, {@code --remove-to}; a destination's target in an import). */
  static final int DESTINATION_LENGTH = 2048;
  /** Text the scheduler writes into a task (status and destination reasons, a pending run's reason and summary title). */
  static final int STATE_TEXT_LENGTH = 20_000;
  /** The markdown of a pending run's summary in an import document. */
  static final int SUMMARY_LENGTH = 1_000_000;

  // ---------------------------------------------------------------- counts

  /** Channels one task summarises. */
  static final int CHANNELS_PER_TASK = 25;
  /** Destinations of one task. */
  static final int DESTINATIONS_PER_TASK = 10;
  /** Tasks in one import document. */
  static final int TASKS_PER_IMPORT = 10_000;
  /** Size of one import document in bytes (50 MB). */
  static final long IMPORT_FILE_BYTES = 50L * 1024 * 1024;
  /** Attempts of one execution ({@code retryPolicy.maxAttempts} in an import): core's bound. */
  static final int MAX_ATTEMPTS = org.summarybot.scheduling.model.Limits.MAX_ATTEMPTS;
  /** {@code --retries}: every attempt but the first, core's bound; {@link #attemptsWithRetries} maps it. */
  static final int MAX_RETRIES = org.summarybot.scheduling.model.Limits.MAX_RETRIES;
  /** Failed executions in a row before a task is disabled: core's bound ({@code maxConsecutiveFailures} 1-1000). */
  static final int MAX_CONSECUTIVE_FAILURES =
      org.summarybot.scheduling.model.Limits.MAX_CONSECUTIVE_FAILURES;
  /** Messages fetched per channel and window: core's bound ({@code SummaryOptions.maxMessages} 1-100000). */
  static final int MAX_MESSAGES = org.summarybot.scheduling.model.Limits.MAX_MESSAGES;
  /** Missed fires one catch-up runs under catch-up-all: core's bound ({@code catchUpLimit} 1-1000). */
  static final int CATCH_UP_LIMIT = org.summarybot.scheduling.model.Limits.CATCH_UP_LIMIT;
  /** Executions {@code run} performs at once ({@code concurrency}): core's bound. */
  static final int CONCURRENCY = org.summarybot.scheduling.model.Limits.CONCURRENCY;
  /** A node id ({@code node-id}, {@code run --node-id}): core's bound. */
  static final int NODE_ID_LENGTH = org.summarybot.scheduling.model.Limits.NODE_ID_LENGTH;

  /** The {@code maxAttempts} that {@code --retries N} asks for: the first attempt and N retries. */
  static int attemptsWithRetries(int retries) {
    return org.summarybot.scheduling.model.Limits.attemptsWithRetries(retries);
  }
  /** Discord shards one node logs in ({@code discord.shards}); Discord's own bound for one bot. */
  static final int DISCORD_SHARDS = 4096;
  /** {@code discord.max-tasks-per-guild}. */
  static final int TASKS_PER_GUILD = 10_000;

  // ---------------------------------------------------------------- durations, per flag or key

  /** A range of durations, both ends included, with the flag or key it is for. */
  record Span(String name, Duration min, Duration max) {
    /** Why {@code d} is outside this span, or null when it is inside. */
    String problem(Duration d) {
      if (d.compareTo(min) < 0) {
        return min.isZero() ? "is negative" : min.equals(Duration.ofMillis(1)) ? "must be positive"
            : shown(d) + " is shorter than " + DurationText.format(min);
      }
      if (d.compareTo(max) > 0) {
        return shown(d) + " is over the limit of " + DurationText.format(max);
      }
      return null;
    }

    /** The short form; in whole days when the duration is too long to count in milliseconds. */
    private static String shown(Duration d) {
      try {
        return DurationText.format(d);
      } catch (ArithmeticException tooLong) {
        return d.toDays() + "d";
      }
    }

    /** {@code 1ms-1d} */
    String text() {
      return DurationText.format(min) + "-" + DurationText.format(max);
    }
  }

  static final String LOOKBACK_MAX = "3650d";
  static final String RETRY_DELAY_MAX = "1d";
  static final String MISFIRE_GRACE_MAX = "7d";

  /** {@code --lookback}; in an import also {@code options.lookback} and {@code options.maxLookback}. */
  static final Span LOOKBACK = span("--lookback", "1ms", LOOKBACK_MAX);
  /** {@code --retry-delay}; in an import {@code retryPolicy.initialDelay} and {@code retryPolicy.maxDelay}. */
  static final Span RETRY_DELAY = span("--retry-delay", "1ms", RETRY_DELAY_MAX);
  /** {@code --misfire-grace}; {@code misfireGrace} in an import. */
  static final Span MISFIRE_GRACE = span("--misfire-grace", "1s", MISFIRE_GRACE_MAX);
  /** {@code --jitter}: a fire is delayed by less than this (core takes less than a day). */
  static final Span JITTER = span("--jitter", "0s", "12h");
  /** {@code retention} of a cleanup task in an import. */
  static final Span RETENTION = span("retention", "1ms", "3650d");
  /** {@code --alert-if-silent}: shorter than a minute is noise, not silence. */
  static final Span ALERT_IF_SILENT = span("--alert-if-silent", "1m", "3650d");
  /** {@code demo --every}. */
  static final Span DEMO_EVERY = span("--every", "1s", "1d");
  /** The config's {@code poll-interval}. */
  static final Span POLL_INTERVAL = span("poll-interval", "1ms", "1h");
  /** The config's {@code lease} (also at least three poll intervals). */
  static final Span LEASE = span("lease", "1ms", "1d");
  /** The config's {@code drain-timeout}. */
  static final Span DRAIN_TIMEOUT = span("drain-timeout", "0s", "1h");
  /** The config's {@code webhook.timeout}. */
  static final Span WEBHOOK_TIMEOUT = span("webhook.timeout", "1ms", "10m");
  /** The config's {@code discord.min-interval}. */
  static final Span COMMAND_MIN_INTERVAL = span("discord.min-interval", "0s", "30d");
  /** The config's {@code summarizer.timeout}. */
  static final Span SUMMARIZER_TIMEOUT = span("summarizer.timeout", "1s", "30m");

  private static Span span(String name, String min, String max) {
    return new Span(name, DurationText.parse(min, name), DurationText.parse(max, name));
  }
}

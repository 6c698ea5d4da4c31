package org.summarybot.scheduling.app;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.summarybot.scheduling.ValidationException;
import org.summarybot.scheduling.engine.TaskSpec;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DurationText;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.MisfirePolicy;
import org.summarybot.scheduling.model.RetryPolicy;
import org.summarybot.scheduling.model.SummaryLength;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.schedule.Schedules;
import picocli.CommandLine.Option;

/**
 * The task settings shared by {@code tasks add} and {@code tasks update}. Every flag is optional here; {@code add}
 * checks that the required ones are present. {@link #applyTo} reports every problem at once, each naming its flag.
 */
final class TaskOptions {
  @Option(names = "--name", paramLabel = "NAME", description = "A name for people; need not be unique.")
  String name;

  @Option(names = "--guild", paramLabel = "ID", description = "The Discord guild (server) id.")
  String guild;

  @Option(names = "--channel", paramLabel = "ID", description = "A channel to summarise; repeat for several.")
  List<String> channels;

  @Option(names = "--schedule", paramLabel = "TEXT", description = "When it fires (see 'preview').")
  String schedule;

  @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of the schedule (default: config zone).")
  String zone;

  @Option(names = "--to", paramLabel = "DEST",
      description = "discord:CHANNEL_ID[;format=embed|markdown], webhook:URL[;secret=ENV_VAR_NAME],"
          + " file:DIR[;format=markdown|json] or console:; repeat for several.")
  List<String> to;

  @Option(names = "--lookback", paramLabel = "DURATION", description = "Span of the first window (default: one period).")
  String lookback;

  @Option(names = "--min-messages", paramLabel = "N", description = "Skip windows with fewer messages (default 1).")
  Integer minMessages;

  @Option(names = "--length", paramLabel = "LENGTH", description = "brief, detailed or comprehensive (default detailed).")
  String length;

  @Option(names = "--max-failures", paramLabel = "N", description = "Disable after N failed executions in a row (default 5).")
  Integer maxFailures;

  @Option(names = "--misfire", paramLabel = "POLICY", description = "catch-up-once (default), skip or catch-up-all.")
  String misfire;

  @Option(names = "--retries", paramLabel = "N", description = "Retries after a transient failure (default 2).")
  Integer retries;

  @Option(names = "--retry-delay", paramLabel = "DURATION", description = "Wait before the first retry (default 30s).")
  String retryDelay;

  /** {@code base} with the flags given here; every problem, each naming its flag, in one exception. */
  TaskSpec applyTo(TaskSpec base, SummaryOptions baseOptions, RetryPolicy baseRetry, ZoneId defaultZone) {
    List<String> errors = new ArrayList<>();
    TaskSpec.Builder b = base.toBuilder();
    if (name != null) {
      b.name(name);
    }
    if (guild != null) {
      try {
        b.guild(GuildId.parse(guild));
      } catch (ValidationException e) {
        errors.add("--guild: " + e.problems().get(0).message());
      }
    }
    if (channels != null) {
      List<ChannelId> ids = new ArrayList<>();
      for (String c : channels) {
        try {
          ids.add(ChannelId.parse(c));
        } catch (ValidationException e) {
          errors.add("--channel: " + e.problems().get(0).message());
        }
      }
      b.channels(ids);
    }
    if (schedule != null) {
      try {
        Schedules.parse(schedule);
      } catch (ValidationException e) {
        e.problems().forEach(p -> errors.add("--schedule: " + p.message()));
      }
      b.schedule(schedule.strip());
    }
    if (zone != null) {
      try {
        b.zone(Schedules.parseZone(zone));
      } catch (ValidationException e) {
        errors.add("--zone: " + e.problems().get(0).message());
      }
    } else if (base.schedule().isEmpty()) {
      b.zone(defaultZone);
    }
    if (to != null) {
      List<Destination> ds = new ArrayList<>();
      for (String t : to) {
        try {
          ds.add(DestinationText.parse(t));
        } catch (UsageException e) {
          errors.addAll(e.lines());
        }
      }
      b.destinations(ds);
    }
    SummaryOptions opts = baseOptions;
    if (length != null) {
      try {
        opts = opts.withLength(SummaryLength.valueOf(length.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        errors.add("--length: '" + length + "' is not one of brief, detailed, comprehensive");
      }
    }
    if (minMessages != null) {
      if (minMessages < 0) {
        errors.add("--min-messages: " + minMessages + " is negative");
      } else if (minMessages > opts.maxMessages()) {
        errors.add("--min-messages: " + minMessages + " is more than the message cap " + opts.maxMessages());
      } else {
        opts = opts.withMinMessages(minMessages);
      }
    }
    if (lookback != null) {
      try {
        Duration d = DurationText.parse(lookback, "--lookback");
        if (d.isZero() || d.isNegative()) {
          errors.add("--lookback: must be positive");
        } else {
          opts = opts.withLookback(d);
        }
      } catch (ValidationException e) {
        errors.add("--lookback: " + e.problems().get(0).message());
      }
    }
    b.options(opts);
    if (maxFailures != null) {
      b.maxConsecutiveFailures(maxFailures);
    }
    if (misfire != null) {
      try {
        b.misfirePolicy(MisfirePolicy.valueOf(misfire.strip().toUpperCase(Locale.ROOT).replace('-', '_')));
      } catch (IllegalArgumentException e) {
        errors.add("--misfire: '" + misfire + "' is not one of catch-up-once, skip, catch-up-all");
      }
    }
    if (retries != null || retryDelay != null) {
      RetryPolicy r = baseRetry;
      int attempts = r.maxAttempts();
      Duration initial = r.initialDelay();
      if (retries != null) {
        if (retries < 0 || retries > 99) {
          errors.add("--retries: " + retries + " is outside 0-99");
        } else {
          attempts = retries + 1;
        }
      }
      if (retryDelay != null) {
        try {
          initial = DurationText.parse(retryDelay, "--retry-delay");
          if (initial.isZero() || initial.isNegative()) {
            errors.add("--retry-delay: must be positive");
            initial = r.initialDelay();
          }
        } catch (ValidationException e) {
          errors.add("--retry-delay: " + e.problems().get(0).message());
        }
      }
      Duration max = initial.compareTo(r.maxDelay()) > 0 ? initial : r.maxDelay();
      b.retryPolicy(new RetryPolicy(attempts, initial, r.multiplier(), max));
    }
    if (!errors.isEmpty()) {
      throw new UsageException(errors);
    }
    return b.build();
  }
}

package org.summarybot.scheduling.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.summarybot.scheduling.engine.TaskSpec;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.MisfirePolicy;
import org.summarybot.scheduling.model.RetryPolicy;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SummaryLength;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.model.TaskKind;
import picocli.CommandLine.Option;

/**
 * The task settings shared by {@code tasks add} and {@code tasks update}. Every flag is optional here; {@code add}
 * checks that the required ones are present. {@link #applyTo} reports every problem at once, each naming its flag;
 * every value goes through {@link TaskInput}, the checks {@code tasks import} applies too.
 */
final class TaskOptions {
  @Option(names = "--name", paramLabel = "NAME", description = "A name for people; need not be unique. At most "
      + Limits.NAME_LENGTH + " characters, no control characters.")
  String name;

  @Option(names = "--guild", paramLabel = "ID", description = "The Discord guild (server) id.")
  String guild;

  @Option(names = "--channel", paramLabel = "ID", description = "A channel to summarise; repeat for several (at most "
      + Limits.CHANNELS_PER_TASK + ").")
  List<String> channels;

  @Option(names = "--schedule", paramLabel = "TEXT", description = "When it fires (see 'preview').")
  String schedule;

  @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of the schedule (default: config zone).")
  String zone;

  @Option(names = "--to", paramLabel = "DEST",
      description = "discord:CHANNEL_ID[;format=embed|markdown], webhook:URL[;secret=NAME_WEBHOOK_SECRET],"
          + " file:DIR[;format=markdown|json] or console:; repeat for several (at most " + Limits.DESTINATIONS_PER_TASK
          + "). The secret is named by an environment variable matching webhook.secret-envs. On update, --to"
          + " replaces every destination of the task (--add-to and --remove-to change some).")
  List<String> to;

  @Option(names = "--lookback", paramLabel = "DURATION",
      description = "Span of the first window (default: one period; at most " + Limits.LOOKBACK_MAX + ").")
  String lookback;

  @Option(names = "--min-messages", paramLabel = "N", description = "Skip windows with fewer messages (default 1).")
  Integer minMessages;

  @Option(names = "--length", paramLabel = "LENGTH", description = "brief, detailed or comprehensive (default detailed).")
  String length;

  @Option(names = "--max-failures", paramLabel = "N", description = "Disable after N failed executions in a row"
      + " (default 5, at most " + Limits.MAX_CONSECUTIVE_FAILURES + ").")
  Integer maxFailures;

  @Option(names = "--misfire", paramLabel = "POLICY", description = "catch-up-once (default), skip or catch-up-all.")
  String misfire;

  @Option(names = "--misfire-grace", paramLabel = "DURATION", description = "A fire starting later than this after"
      + " its time is late and handled by --misfire (default 5m; 1s-" + Limits.MISFIRE_GRACE_MAX + ").")
  String misfireGrace;

  @Option(names = "--retries", paramLabel = "N", description = "Retries after a transient failure (default 2,"
      + " at most " + Limits.MAX_RETRIES + ").")
  Integer retries;

  @Option(names = "--retry-delay", paramLabel = "DURATION", description = "Wait before the first retry (default 30s,"
      + " at most " + Limits.RETRY_DELAY_MAX + ").")
  String retryDelay;

  @Option(names = "--kind", paramLabel = "KIND", description = "summary (default) or cleanup: a cleanup task prunes"
      + " execution history, delivery-log entries and the summary files of file: destinations older than"
      + " --retention, of --guild or, without --guild, of every guild (an operator task); it has no --channel or --to.")
  String kind;

  @Option(names = "--retention", paramLabel = "DURATION", description = "For a cleanup task: what is older than this"
      + " is pruned (such as 90d; at most 3650d).")
  String retention;

  @Option(names = "--alert-if-silent", paramLabel = "DURATION", description = "Tell the notifier (log, Discord admin"
      + " channel) once when the task has delivered nothing for this long (failures, empty windows, or no scheduler"
      + " running), and again when it delivers; 'off' removes it (1m-3650d).")
  String alertIfSilent;

  /** Whether these flags ask for a cleanup task. */
  boolean cleanup() {
    return kind != null && kind.strip().equalsIgnoreCase("cleanup");
  }

  /** A new task's spec from the flags given here; every problem, each naming its flag, in one exception. */
  TaskSpec forNewTask(Config config) {
    return applyTo(TaskSpec.builder().build(), null, List.of(), SummaryOptions.DEFAULTS, RetryPolicy.DEFAULTS, config,
        List.of(), List.of());
  }

  /**
   * {@code current} with the flags given here, and with {@code addTo} and {@code removeTo} (flags of
   * {@code tasks update}) applied to its destinations; every problem, each naming its flag, in one exception.
   */
  TaskSpec forUpdate(ScheduledTask current, Config config, List<String> addTo, List<String> removeTo) {
    return applyTo(TaskSpec.of(current), current.kind(), current.destinations(), current.options(),
        current.retryPolicy(), config, addTo, removeTo);
  }

  /** {@code baseKind}: the kind of the task updated, null for a new one. */
  private TaskSpec applyTo(TaskSpec base, TaskKind baseKind, List<Destination> baseDestinations, SummaryOptions baseOptions,
      RetryPolicy baseRetry, Config config, List<String> addTo, List<String> removeTo) {
    TaskInput in = new TaskInput(SecretEnvs.of(config));
    TaskSpec.Builder b = base.toBuilder();
    if (name != null) {
      b.name(in.name("--name", name));
    }
    if (kind != null) {
      TaskKind k = null;
      try {
        k = TaskKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        in.problem("--kind", "'" + FreeText.printable(kind) + "' is not one of summary, cleanup");
      }
      if (k != null && baseKind != null && k != baseKind) {
        in.problem("--kind", "a task keeps its kind (" + baseKind.name().toLowerCase(Locale.ROOT)
            + "); add a new task instead");
      } else if (k != null) {
        b.kind(k);
      }
    }
    if (alertIfSilent != null) {
      if (alertIfSilent.strip().equalsIgnoreCase("off")) {
        b.alertIfSilent(null);
      } else {
        Duration d = in.duration("--alert-if-silent", alertIfSilent, Limits.ALERT_IF_SILENT);
        if (d != null) {
          b.alertIfSilent(d);
        }
      }
    }
    if (retention != null) {
      Duration d = in.duration("--retention", retention, Limits.RETENTION);
      if (d != null) {
        b.retention(d);
      }
    }
    if (guild != null) {
      b.guild(in.guild("--guild", guild));
    }
    if (channels != null) {
      if (in.count("--channel", channels.size(), Limits.CHANNELS_PER_TASK, "channels")) {
        List<ChannelId> ids = new ArrayList<>();
        for (String c : channels) {
          ChannelId id = in.channel("--channel", c);
          if (id != null) {
            ids.add(id);
          }
        }
        b.channels(ids);
      }
    }
    if (schedule != null) {
      b.schedule(in.schedule("--schedule", schedule));
    }
    if (zone != null) {
      b.zone(in.zone("--zone", zone));
    } else if (base.schedule().isEmpty()) {
      b.zone(config.zone());
    }
    List<Destination> destinations = destinations(in, baseDestinations, addTo, removeTo);
    if (destinations != null) {
      b.destinations(destinations);
    }
    SummaryOptions opts = baseOptions;
    if (length != null) {
      try {
        opts = opts.withLength(SummaryLength.valueOf(length.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        in.problem("--length", "'" + FreeText.printable(length) + "' is not one of brief, detailed, comprehensive");
      }
    }
    if (minMessages != null) {
      if (minMessages < 0) {
        in.problem("--min-messages", minMessages + " is negative");
      } else if (minMessages > opts.maxMessages()) {
        in.problem("--min-messages", minMessages + " is more than the message cap " + opts.maxMessages());
      } else {
        opts = opts.withMinMessages(minMessages);
      }
    }
    if (lookback != null) {
      Duration d = in.duration("--lookback", lookback, Limits.LOOKBACK);
      if (d != null) {
        opts = opts.withLookback(d);
      }
    }
    b.options(opts);
    if (maxFailures != null) {
      Integer n = in.integer("--max-failures", maxFailures, 1, Limits.MAX_CONSECUTIVE_FAILURES);
      if (n != null) {
        b.maxConsecutiveFailures(n);
      }
    }
    if (misfire != null) {
      try {
        b.misfirePolicy(MisfirePolicy.valueOf(misfire.strip().toUpperCase(Locale.ROOT).replace('-', '_')));
      } catch (IllegalArgumentException e) {
        in.problem("--misfire", "'" + FreeText.printable(misfire) + "' is not one of catch-up-once, skip, catch-up-all");
      }
    }
    if (misfireGrace != null) {
      Duration d = in.duration("--misfire-grace", misfireGrace, Limits.MISFIRE_GRACE);
      if (d != null) {
        b.misfireGrace(d);
      }
    }
    if (retries != null || retryDelay != null) {
      RetryPolicy r = baseRetry;
      int attempts = r.maxAttempts();
      Duration initial = r.initialDelay();
      if (retries != null) {
        Integer n = in.integer("--retries", retries, 0, Limits.MAX_RETRIES);
        if (n != null) {
          attempts = Limits.attemptsWithRetries(n);
        }
      }
      if (retryDelay != null) {
        Duration d = in.duration("--retry-delay", retryDelay, Limits.RETRY_DELAY);
        if (d != null) {
          initial = d;
        }
      }
      Duration max = initial.compareTo(r.maxDelay()) > 0 ? initial : r.maxDelay();
      if (in.ok()) {
        b.retryPolicy(new RetryPolicy(attempts, initial, r.multiplier(), max));
      }
    }
    in.throwIfAny();
    return b.build();
  }

  /**
   * The destinations after {@code --to} (all of them anew), {@code --add-to} and {@code --remove-to}; null when
   * none of these is given or one of them is wrong (the problem is in {@code in}).
   */
  private List<Destination> destinations(TaskInput in, List<Destination> current, List<String> addTo,
      List<String> removeTo) {
    if (to == null && addTo.isEmpty() && removeTo.isEmpty()) {
      return null;
    }
    if (to != null && (!addTo.isEmpty() || !removeTo.isEmpty())) {
      in.problem("--to", "replaces every destination; give it alone, or change some with --add-to and --remove-to");
      return null;
    }
    int before = in.errors().size();
    List<Destination> result = new ArrayList<>(to == null ? current : List.of());
    if (to != null) {
      if (!in.count("--to", to.size(), Limits.DESTINATIONS_PER_TASK, "destinations")) {
        return null;
      }
      to.forEach(t -> add(result, in.destination("--to", t)));
    }
    for (String t : removeTo) {
      Destination d = in.destination("--remove-to", t);
      if (d != null && !result.removeIf(x -> x.key().equals(d.key()))) {
        in.problem("--remove-to", d.describe() + " is not a destination of this task");
      }
    }
    for (String t : addTo) {
      Destination d = in.destination("--add-to", t);
      if (d != null && result.stream().anyMatch(x -> x.key().equals(d.key()))) {
        in.problem("--add-to", d.describe() + " is already a destination of this task");
      } else {
        add(result, d);
      }
    }
    if (!addTo.isEmpty()) {
      in.count("--add-to", result.size(), Limits.DESTINATIONS_PER_TASK, "destinations");
    }
    return in.errors().size() == before ? result : null;
  }

  private static void add(List<Destination> list, Destination d) {
    if (d != null) {
      list.add(d);
    }
  }
}

package org.summarybot.scheduling.app;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.summarybot.scheduling.engine.TaskSpec;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.model.MisfirePolicy;
import org.summarybot.scheduling.model.RetryPolicy;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SkipDate;
import org.summarybot.scheduling.model.SummarizerChoice;
import org.summarybot.scheduling.model.SummaryLength;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.model.TimeOptions;
import org.summarybot.scheduling.model.ValidationException;
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

  @Option(names = "--language", paramLabel = "LANGUAGE", description = "The language the summary is written in, a"
      + " name or tag such as German or pt-BR (default: the language of the messages); an empty value clears it."
      + " The built-in summarizer keeps its English labels.")
  String language;

  @Option(names = "--summarizer", paramLabel = "SUMMARIZER", description = "builtin (messages never leave this"
      + " machine) or llm (the model of the config's summarizer section); default: llm when summarizer.kind names"
      + " a model, else builtin.")
  String summarizer;

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

  @Option(names = "--starts", paramLabel = "DATETIME", description = "No fire before this (a fire exactly at it"
      + " counts); a local date-time is read in the task's zone; 'every' is anchored here. 'none' clears it.")
  String starts;

  @Option(names = "--ends", paramLabel = "DATETIME", description = "No fire after this (a fire exactly at it"
      + " counts); after it the task is COMPLETED. A local date-time is read in the task's zone. 'none' clears it.")
  String ends;

  @Option(names = "--max-runs", paramLabel = "N", description = "Complete after N executions that ran (succeeded"
      + " or failed after their retries; skips and missed fires do not count). 'none' clears it.")
  String maxRuns;

  @Option(names = "--skip-dates", paramLabel = "LIST", description = "Comma-separated YYYY-MM-DD (one day) or MM-DD"
      + " (every year), in the task's zone: such a fire does not run (recorded SKIPPED_DATE). 'none' clears them.")
  String skipDates;

  @Option(names = "--jitter", paramLabel = "DURATION", description = "Delay every fire by the same offset in"
      + " [0, DURATION), derived from the task id (0s-" + "12h; default 0s).")
  String jitter;

  @Option(names = "--dst-gap", paramLabel = "POLICY", description = "A fixed time inside a spring-forward gap:"
      + " shift (default: fires shifted by the gap) or skip (no fire that day). Not for 'every'.")
  String dstGap;

  @Option(names = "--dst-overlap", paramLabel = "POLICY", description = "A fixed time inside a fall-back overlap:"
      + " first (default), last or both occurrences. Not for 'every'.")
  String dstOverlap;

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

  /**
   * A new task's spec from the flags given here; every problem, each naming its flag, in one exception. Without
   * {@code --summarizer}, the task gets the config's: {@code llm} when {@code summarizer.kind} names a model.
   */
  TaskSpec forNewTask(Config config) {
    SummaryOptions base = config.summarizer().usesModel()
        ? SummaryOptions.DEFAULTS.withSummarizer(SummarizerChoice.LLM) : SummaryOptions.DEFAULTS;
    return applyTo(TaskSpec.builder().build(), null, List.of(), base, RetryPolicy.DEFAULTS, config, List.of(),
        List.of());
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
    ZoneId parsedZone = zone == null ? null : in.zone("--zone", zone);
    if (zone != null) {
      b.zone(parsedZone);
    } else if (base.schedule().isEmpty()) {
      b.zone(config.zone());
    }
    ZoneId taskZone = parsedZone != null ? parsedZone : base.schedule().isEmpty() ? config.zone() : base.zone();
    b.timeOptions(timeOptions(in, base.timeOptions(), taskZone == null ? base.zone() : taskZone));
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
    if (language != null) {
      String l = language.strip();
      if (l.isEmpty()) {
        opts = opts.withLanguage(Optional.empty());
      } else if (!SummaryOptions.validLanguage(l)) {
        in.problem("--language", "'" + FreeText.printable(l) + "' is not a language name or tag: 1-"
            + SummaryOptions.LANGUAGE_LENGTH + " letters, digits, spaces or hyphens, starting with a letter"
            + " (such as German or pt-BR)");
      } else {
        opts = opts.withLanguage(Optional.of(l));
      }
    }
    if (summarizer != null) {
      String sm = summarizer.strip().toLowerCase(Locale.ROOT);
      if (sm.equals("builtin")) {
        opts = opts.withSummarizer(SummarizerChoice.BUILTIN);
      } else if (sm.equals("llm")) {
        if (!config.summarizer().usesModel()) {
          in.problem("--summarizer", "llm needs a model in the config (summarizer.kind openai or ollama, with"
              + " summarizer.model); this config's summarizer.kind is builtin");
        }
        opts = opts.withSummarizer(SummarizerChoice.LLM);
      } else {
        in.problem("--summarizer", "'" + FreeText.printable(summarizer) + "' is not builtin or llm");
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

  /** {@code base} with the time flags given here; problems go to {@code in}, each naming its flag. */
  private TimeOptions timeOptions(TaskInput in, TimeOptions base, ZoneId taskZone) {
    Optional<Instant> s = starts == null ? base.starts() : instant(in, "--starts", starts, taskZone);
    Optional<Instant> e = ends == null ? base.ends() : instant(in, "--ends", ends, taskZone);
    Optional<Integer> n = maxRuns == null ? base.maxRuns() : maxRuns(in, "--max-runs", maxRuns);
    List<SkipDate> skips = skipDates == null ? base.skipDates() : skipDates(in, "--skip-dates", skipDates);
    Duration j = base.jitter();
    if (jitter != null) {
      Duration d = in.duration("--jitter", jitter, Limits.JITTER);
      j = d == null ? j : d;
    }
    DstGap g = dstGap == null ? base.dstGap() : choice(in, "--dst-gap", dstGap, DstGap.class, "shift, skip");
    DstOverlap o = dstOverlap == null ? base.dstOverlap()
        : choice(in, "--dst-overlap", dstOverlap, DstOverlap.class, "first, last, both");
    if (s.isPresent() && e.isPresent() && e.get().isBefore(s.get())) {
      in.problem("--ends", Times.at(e.get(), taskZone) + " is before --starts " + Times.at(s.get(), taskZone));
      return base;
    }
    if (g == null || o == null) {
      return base;
    }
    try {
      return new TimeOptions(s, e, n, skips, j, g, o);
    } catch (ValidationException x) {
      x.problems().forEach(p -> in.problem("--" + p.field().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT),
          p.message()));
      return base;
    }
  }

  /** An instant flag: ISO with an offset, or a local date-time or date read in {@code zone}; 'none' is empty. */
  static Optional<Instant> instant(TaskInput in, String flag, String value, ZoneId zone) {
    if (in.text(flag, value, Limits.ID_LENGTH) == null || isNone(value)) {
      return Optional.empty();
    }
    try {
      return Optional.of(PreviewCommand.parseFrom(value, zone));
    } catch (java.time.DateTimeException e) {
      in.problem(flag, "'" + FreeText.cut(FreeText.printable(value.strip()), 40) + "' is not an ISO-8601 date-time"
          + " (such as 2026-03-29T09:00, 2026-03-29 or 2026-03-29T09:00:00+02:00) nor 'none'");
      return Optional.empty();
    }
  }

  /** A run limit, 1 up to a billion; 'none' is empty. */
  static Optional<Integer> maxRuns(TaskInput in, String flag, String value) {
    if (in.text(flag, value, Limits.ID_LENGTH) == null || isNone(value)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(in.integer(flag, Long.parseLong(value.strip()), 1, MAX_RUNS));
    } catch (NumberFormatException e) {
      in.problem(flag, "'" + FreeText.cut(FreeText.printable(value.strip()), 40) + "' is not a whole number nor 'none'");
      return Optional.empty();
    }
  }

  /** Skip dates; 'none' or empty is none. */
  static List<SkipDate> skipDates(TaskInput in, String flag, String value) {
    if (isNone(value) || value.isBlank()) {
      return List.of();
    }
    if (in.text(flag, value, 20_000) == null) {
      return List.of();
    }
    try {
      List<SkipDate> dates = TimeOptions.parseSkipDates(value);
      if (dates.size() > TimeOptions.MAX_SKIP_DATES) {
        in.problem(flag, dates.size() + " dates is more than " + TimeOptions.MAX_SKIP_DATES);
        return List.of();
      }
      if (new java.util.HashSet<>(dates).size() != dates.size()) {
        in.problem(flag, "a date is listed twice");
        return List.of();
      }
      return dates;
    } catch (ValidationException e) {
      e.problems().forEach(p -> in.problem(flag, FreeText.printable(p.message())));
      return List.of();
    }
  }

  static <E extends Enum<E>> E choice(TaskInput in, String flag, String value, Class<E> type, String names) {
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      in.problem(flag, "'" + FreeText.cut(FreeText.printable(value.strip()), 40) + "' is not one of " + names);
      return null;
    }
  }

  private static boolean isNone(String value) {
    return value.strip().equalsIgnoreCase("none");
  }

  /** Most runs {@code --max-runs} takes. */
  static final int MAX_RUNS = 1_000_000_000;

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

package org.summarybot.scheduling.app;

import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.model.SkipDate;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TimeOptions;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.Trigger;
import org.summarybot.scheduling.schedule.Schedule;
import org.summarybot.scheduling.schedule.ScheduleTriggerFactory;
import org.summarybot.scheduling.schedule.Schedules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code preview}: the next fire times of a schedule, one ISO-8601 line each, with the zone's offset. */
@Command(name = "preview", mixinStandardHelpOptions = true,
    description = "Print the next fire times of a schedule (strictly after --from), one per line.")
final class PreviewCommand implements Callable<Integer> {
  static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
  static final int MAX_COUNT = 1000;

  @Option(names = "--schedule", required = true, paramLabel = "TEXT",
      description = "daily HH:MM, weekly MON,FRI HH:MM, monthly N|last HH:MM, once ..., every D, cron, @daily...")
  String schedule;

  @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone (default: the config's zone, UTC without one).")
  String zone;

  @Option(names = "--from", paramLabel = "ISO_DATE_TIME",
      description = "Start after this instant (default now); a local date-time is read in --zone.")
  String from;

  @Option(names = "--count", defaultValue = "5", paramLabel = "N", description = "How many fires (default 5).")
  int count;

  @Option(names = "--describe", description = "Print the schedule as a sentence first.")
  boolean describe;

  @Option(names = "--starts", paramLabel = "DATETIME", description = "As for a task: no fire before this"
      + " (included); 'every' is anchored here.")
  String starts;

  @Option(names = "--ends", paramLabel = "DATETIME", description = "As for a task: no fire after this (included).")
  String ends;

  @Option(names = "--max-runs", paramLabel = "N", description = "As for a task: at most N lines.")
  String maxRuns;

  @Option(names = "--skip-dates", paramLabel = "LIST", description = "As for a task: fires on these days"
      + " (YYYY-MM-DD or MM-DD, in --zone) are left out.")
  String skipDates;

  @Option(names = "--jitter", paramLabel = "DURATION", description = "As for a task: print each fire delayed by"
      + " the offset of --task-id.")
  String jitter;

  @Option(names = "--task-id", paramLabel = "ID", description = "The task whose jitter offset --jitter uses.")
  String taskId;

  @Option(names = "--dst-gap", paramLabel = "POLICY", description = "As for a task: shift (default) or skip.")
  String dstGap;

  @Option(names = "--dst-overlap", paramLabel = "POLICY", description = "As for a task: first (default), last or both.")
  String dstOverlap;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Config config = Cli.loadConfig(spec);
    TaskInput in = new TaskInput(SecretEnvs.of(config));
    ZoneId z = zone == null ? config.zone() : in.zone("--zone", zone);
    Schedule s = in.schedule("--schedule", schedule) == null ? null : Schedules.parse(schedule);
    List<String> errors = new ArrayList<>(in.errors());
    Instant start = Instant.now();
    if (from != null) {
      try {
        start = parseFrom(from, z == null ? ZoneId.of("UTC") : z);
      } catch (DateTimeException e) {
        errors.add("--from: '" + FreeText.cut(FreeText.printable(from.strip()), 40) + "' is not an ISO-8601"
            + " date-time (such as 2025-03-29T12:00:00+01:00, 2025-03-29T12:00 or 2025-03-29)");
      }
    }
    if (count < 1 || count > MAX_COUNT) {
      errors.add("--count: " + count + " is outside 1-" + MAX_COUNT);
    }
    ZoneId taskZone = z == null ? ZoneId.of("UTC") : z;
    int before = in.errors().size();
    TimeOptions times = timeOptions(in, taskZone);
    errors.addAll(in.errors().subList(before, in.errors().size()));
    Trigger trigger = null;
    if (errors.isEmpty()) {
      try {
        trigger = new ScheduleTriggerFactory().create(schedule, z, times.starts().orElse(start), times.dstGap(),
            times.dstOverlap()).bounded(times.starts(), times.ends());
      } catch (ValidationException e) {
        e.problems().forEach(p -> errors.add(Main.flag(p.field()) + ": " + p.message()));
      }
    }
    if (!errors.isEmpty()) {
      throw new UsageException(errors);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (describe) {
      out.println(s.describe(z));
    }
    Duration delay = taskId == null ? Duration.ZERO : times.jitterOffset(TaskId.of(taskId.strip()));
    int lines = times.maxRuns().map(n -> Math.min(n, count)).orElse(count);
    Instant after = start;
    for (int printed = 0, looked = 0; printed < lines && looked < MAX_LOOKED; looked++) {
      Optional<Instant> next = trigger.nextFireAfter(after);
      if (next.isEmpty()) {
        break;
      }
      after = next.get();
      if (!times.skips(after, z)) {
        out.println(OUT.format(after.plus(delay).atZone(z)));
        printed++;
      }
    }
    out.flush();
    return Main.OK;
  }

  /** Fires looked at, skipped ones included, before giving up on finding more lines. */
  private static final int MAX_LOOKED = 100_000;

  /** The time flags as time options; problems go to {@code in}, each naming its flag. */
  private TimeOptions timeOptions(TaskInput in, ZoneId zone) {
    TimeOptions t = TimeOptions.DEFAULTS;
    Optional<Instant> s = starts == null ? Optional.empty() : TaskOptions.instant(in, "--starts", starts, zone);
    Optional<Instant> e = ends == null ? Optional.empty() : TaskOptions.instant(in, "--ends", ends, zone);
    Optional<Integer> n = maxRuns == null ? Optional.empty() : TaskOptions.maxRuns(in, "--max-runs", maxRuns);
    List<SkipDate> skips = skipDates == null ? List.of() : TaskOptions.skipDates(in, "--skip-dates", skipDates);
    Duration j = Duration.ZERO;
    if (jitter != null) {
      Duration d = in.duration("--jitter", jitter, Limits.JITTER);
      j = d == null ? j : d;
      if (taskId == null) {
        in.problem("--jitter", "needs --task-id: the delay is derived from the task's id");
      }
    }
    if (taskId != null) {
      try {
        TaskId.of(taskId.strip());
      } catch (ValidationException x) {
        in.problem("--task-id", x.problems().get(0).message());
      }
    }
    DstGap g = dstGap == null ? DstGap.SHIFT : TaskOptions.choice(in, "--dst-gap", dstGap, DstGap.class, "shift, skip");
    DstOverlap o = dstOverlap == null ? DstOverlap.FIRST
        : TaskOptions.choice(in, "--dst-overlap", dstOverlap, DstOverlap.class, "first, last, both");
    if (s.isPresent() && e.isPresent() && e.get().isBefore(s.get())) {
      in.problem("--ends", Times.at(e.get(), zone) + " is before --starts " + Times.at(s.get(), zone));
      return t;
    }
    if (g == null || o == null || !in.ok()) {
      return t;
    }
    return new TimeOptions(s, e, n, skips, j, g, o);
  }

  /** An instant from ISO text: with an offset or zone it is exact, a local date-time or date is read in {@code zone}. */
  static Instant parseFrom(String text, ZoneId zone) {
    String t = text.strip();
    try {
      return ZonedDateTime.parse(t, DateTimeFormatter.ISO_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      // not zoned
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeException e) {
      // not offset
    }
    try {
      return LocalDateTime.parse(t).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      // not local date-time
    }
    return LocalDate.parse(t).atStartOfDay(zone).toInstant();
  }
}

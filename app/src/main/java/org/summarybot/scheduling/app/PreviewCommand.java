package org.summarybot.scheduling.app;

import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.summarybot.scheduling.schedule.Schedule;
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
    if (!errors.isEmpty()) {
      throw new UsageException(errors);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (describe) {
      out.println(s.describe(z));
    }
    for (Instant fire : Schedules.preview(s, z, start, count)) {
      out.println(OUT.format(fire.atZone(z)));
    }
    out.flush();
    return Main.OK;
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

package org.summarybot.scheduling.benchmarks;

import java.time.Instant;
import java.time.ZoneId;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.summarybot.scheduling.port.Trigger;
import org.summarybot.scheduling.schedule.Schedule;
import org.summarybot.scheduling.schedule.Schedules;

/**
 * Next-fire and parse throughput of our schedules (issue 3 targets: at least twice Spring's CronExpression,
 * which does about 1.1M/s for {@code 0 0 9 ? * MON-FRI} in Europe/Berlin, 4.4M/s for {@code 0 *}{@code /5 * * * ?}
 * in UTC and 0.9M/s for {@code 0 0 0 L * ?} in America/New_York; parsing {@code 0 15 10 ? * 6#3} at 3.4M/s or
 * more). Next-fire inputs cycle through 1,024 fixed random instants in 2026-2030, so no result is cached.
 *
 * <p>Run: {@code java -jar ... ScheduleBenchmark} or, from an IDE, JMH's {@code Main} with this class name.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScheduleBenchmark {
  private static final int INPUTS = 1024;

  private final Instant[] inputs = new Instant[INPUTS];
  private int next;
  private Trigger weekdaysBerlin;
  private Trigger everyFiveMinutesUtc;
  private Trigger lastDayNewYork;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    long from = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2030-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < INPUTS; i++) {
      inputs[i] = Instant.ofEpochSecond(random.nextLong(from, to));
    }
    weekdaysBerlin = trigger("0 0 9 ? * MON-FRI", "Europe/Berlin");
    everyFiveMinutesUtc = trigger("0 */5 * * * ?", "UTC");
    lastDayNewYork = trigger("0 0 0 L * ?", "America/New_York");
  }

  private static Trigger trigger(String cron, String zone) {
    return Schedules.parse(cron).trigger(ZoneId.of(zone), Instant.EPOCH);
  }

  private Instant input() {
    next = (next + 1) & (INPUTS - 1);
    return inputs[next];
  }

  @Benchmark
  public Object nextFire_weekdays_0900_berlin() {
    return weekdaysBerlin.nextFireAfter(input());
  }

  @Benchmark
  public Object nextFire_every_5_minutes_utc() {
    return everyFiveMinutesUtc.nextFireAfter(input());
  }

  @Benchmark
  public Object nextFire_last_day_of_month_new_york() {
    return lastDayNewYork.nextFireAfter(input());
  }

  @Benchmark
  public Schedule parse_third_friday_quartz() {
    return Schedules.parse("0 15 10 ? * 6#3");
  }
}

package org.summarybot.scheduling.benchmarks;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.SplittableRandom;
import java.util.TimeZone;
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
import org.quartz.CronExpression;

/**
 * The peers of {@link ScheduleBenchmark}, on the same expressions, zones and inputs (1,024 fixed random instants
 * in 2026-2030): Spring's {@code CronExpression}, Quartz's {@code CronExpression} and cron-utils (Quartz
 * definition). {@link CronAgreement} checks that all agree with ours before anything is timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CronPeersBenchmark {
  static final String WEEKDAYS = "0 0 9 ? * MON-FRI";
  static final String FIVE_MINUTES = "0 */5 * * * ?";
  static final String LAST_DAY = "0 0 0 L * ?";
  static final String THIRD_FRIDAY = "0 15 10 ? * 6#3";
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZoneId UTC = ZoneId.of("UTC");
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final int INPUTS = 1024;
  private static final CronParser CRON_UTILS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

  private final Instant[] inputs = new Instant[INPUTS];
  private final ZonedDateTime[] berlin = new ZonedDateTime[INPUTS];
  private final ZonedDateTime[] utc = new ZonedDateTime[INPUTS];
  private final ZonedDateTime[] newYork = new ZonedDateTime[INPUTS];
  private final Date[] dates = new Date[INPUTS];
  private int next;

  private org.springframework.scheduling.support.CronExpression springWeekdays;
  private org.springframework.scheduling.support.CronExpression springFive;
  private org.springframework.scheduling.support.CronExpression springLast;
  private CronExpression quartzWeekdays;
  private CronExpression quartzFive;
  private CronExpression quartzLast;
  private ExecutionTime utilsWeekdays;
  private ExecutionTime utilsFive;
  private ExecutionTime utilsLast;

  /** The inputs every cron benchmark uses: the same seed as {@link ScheduleBenchmark}. */
  static Instant[] inputs() {
    SplittableRandom random = new SplittableRandom(42);
    long from = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2030-01-01T00:00:00Z").getEpochSecond();
    Instant[] out = new Instant[INPUTS];
    for (int i = 0; i < INPUTS; i++) {
      out[i] = Instant.ofEpochSecond(random.nextLong(from, to));
    }
    return out;
  }

  @Setup
  public void setUp() throws ParseException {
    Instant[] in = inputs();
    for (int i = 0; i < INPUTS; i++) {
      inputs[i] = in[i];
      berlin[i] = in[i].atZone(BERLIN);
      utc[i] = in[i].atZone(UTC);
      newYork[i] = in[i].atZone(NEW_YORK);
      dates[i] = Date.from(in[i]);
    }
    springWeekdays = org.springframework.scheduling.support.CronExpression.parse(WEEKDAYS);
    springFive = org.springframework.scheduling.support.CronExpression.parse(FIVE_MINUTES);
    springLast = org.springframework.scheduling.support.CronExpression.parse(LAST_DAY);
    quartzWeekdays = quartz(WEEKDAYS, BERLIN);
    quartzFive = quartz(FIVE_MINUTES, UTC);
    quartzLast = quartz(LAST_DAY, NEW_YORK);
    utilsWeekdays = ExecutionTime.forCron(CRON_UTILS.parse(WEEKDAYS));
    utilsFive = ExecutionTime.forCron(CRON_UTILS.parse(FIVE_MINUTES));
    utilsLast = ExecutionTime.forCron(CRON_UTILS.parse(LAST_DAY));
  }

  static CronExpression quartz(String expression, ZoneId zone) throws ParseException {
    CronExpression e = new CronExpression(expression);
    e.setTimeZone(TimeZone.getTimeZone(zone));
    return e;
  }

  private int index() {
    next = (next + 1) & (INPUTS - 1);
    return next;
  }

  @Benchmark
  public Object spring_nextFire_weekdays_0900_berlin() {
    return springWeekdays.next(berlin[index()]);
  }

  @Benchmark
  public Object spring_nextFire_every_5_minutes_utc() {
    return springFive.next(utc[index()]);
  }

  @Benchmark
  public Object spring_nextFire_last_day_of_month_new_york() {
    return springLast.next(newYork[index()]);
  }

  @Benchmark
  public Object spring_parse_third_friday() {
    return org.springframework.scheduling.support.CronExpression.parse(THIRD_FRIDAY);
  }

  @Benchmark
  public Object quartz_nextFire_weekdays_0900_berlin() {
    return quartzWeekdays.getNextValidTimeAfter(dates[index()]);
  }

  @Benchmark
  public Object quartz_nextFire_every_5_minutes_utc() {
    return quartzFive.getNextValidTimeAfter(dates[index()]);
  }

  @Benchmark
  public Object quartz_nextFire_last_day_of_month_new_york() {
    return quartzLast.getNextValidTimeAfter(dates[index()]);
  }

  @Benchmark
  public Object quartz_parse_third_friday() throws ParseException {
    return new CronExpression(THIRD_FRIDAY);
  }

  @Benchmark
  public Object cronutils_nextFire_weekdays_0900_berlin() {
    return utilsWeekdays.nextExecution(berlin[index()]);
  }

  @Benchmark
  public Object cronutils_nextFire_every_5_minutes_utc() {
    return utilsFive.nextExecution(utc[index()]);
  }

  @Benchmark
  public Object cronutils_nextFire_last_day_of_month_new_york() {
    return utilsLast.nextExecution(newYork[index()]);
  }

  @Benchmark
  public Object cronutils_parse_third_friday() {
    return CRON_UTILS.parse(THIRD_FRIDAY);
  }
}

package org.summarybot.scheduling.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.summarybot.scheduling.engine.SchedulerEvent;
import org.summarybot.scheduling.engine.TaskScheduler;
import org.summarybot.scheduling.engine.TaskSpec;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.MessageBatch;
import org.summarybot.scheduling.schedule.ScheduleTriggerFactory;
import org.summarybot.scheduling.store.InMemoryTaskStore;

/**
 * Engine load harness (plain main, not JMH): our engine on the in-memory store with no-op ports beside Quartz's
 * RAMJobStore with 4 threads, same machine, same run.
 *
 * <ol>
 *   <li>scheduling N one-shot tasks: time and retained heap bytes per task;
 *   <li>N tasks due at the same instant: time until the last one started, and lateness p50/p99.
 * </ol>
 *
 * <p>Each side runs cold rounds (a fresh JVM per round) and warmed-up rounds (in this JVM); each figure is the
 * median of its rounds (see {@link #run}).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar:... EngineLoadHarness [N]} (see benchmarks/README.md).
 * Prints one JSON line per figure, then every round's figures.
 */
public final class EngineLoadHarness {
  private static final DateTimeFormatter ONCE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);

  private EngineLoadHarness() {}

  /** Figures of one side. */
  record Figures(double schedulePerSecond, double bytesPerTask, double drainSeconds, double p50Ms, double p99Ms) {}

  /**
   * {@code EngineLoadHarness [N] [--ours-only]}: with {@code --ours-only} (to check that N tasks fit a given
   * {@code -Xmx}, such as 1,000,000 in 1 GiB) only our side runs. {@code EngineLoadHarness N --round ours|quartz
   * THREADS} runs one round of one side and prints its figures on one line: the fresh JVM that {@link #run} starts
   * for each cold round.
   */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    if (args.length > 1 && args[1].equals("--ours-only")) {
      quiet();
      for (String round : List.of("cold JVM", "warmed up")) {
        Figures ours = ours(n, Integer.getInteger("threads", 4));
        System.out.printf(Locale.ROOT, "ours, %d tasks, max heap %d MiB: %.0f tasks/s scheduled, %.0f bytes/task, "
          + "drain %.2f s, lateness p50 %.0f ms p99 %.0f ms%n", n, Runtime.getRuntime().maxMemory() >> 20,
          ours.schedulePerSecond(), ours.bytesPerTask(), ours.drainSeconds(), ours.p50Ms(), ours.p99Ms());
        System.out.println("  (" + round + ")");
      }
      return;
    }
    if (args.length > 3 && args[1].equals("--round")) {
      quiet();
      int threads = Integer.parseInt(args[3]);
      Figures f = args[2].equals("ours") ? ours(n, threads) : quartz(n, threads);
      System.out.println(ROUND_PREFIX + f.schedulePerSecond() + " " + f.bytesPerTask() + " " + f.drainSeconds() + " "
          + f.p50Ms() + " " + f.p99Ms());
      return;
    }
    List<String> details = new java.util.ArrayList<>();
    for (Figure f : run(n, 4, 5, 3, details)) {
      System.out.println(f.json());
    }
    details.forEach(System.out::println);
  }

  private static final String ROUND_PREFIX = "engine-round: ";

  private static void quiet() {
    // One log line per execution is the daemon's behaviour, not the engine's cost: measure without it.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    for (var h : java.util.logging.Logger.getLogger("").getHandlers()) {
      h.setLevel(java.util.logging.Level.WARNING);
    }
  }

  /**
   * Runs both sides with {@code n} tasks and {@code threads} worker threads and returns the figures of the
   * warmed-up rounds, then those of the cold rounds.
   *
   * <ul>
   *   <li>Cold: {@code coldForks} times, each side in a JVM of its own started for that one round (same heap
   *       limit and class path), so its code is not yet compiled: a daemon's first burst after a restart.
   *   <li>Warmed up: in this JVM, one round of each side that is not reported, then {@code warmRounds} rounds of
   *       each, alternating: a daemon that has been running.
   * </ul>
   *
   * Each reported figure is the median over its rounds; {@code details} gets every round's figures.
   */
  static List<Figure> run(int n, int threads, int coldForks, int warmRounds, List<String> details)
      throws Exception {
    quiet();
    List<Figures> oursCold = new java.util.ArrayList<>();
    List<Figures> quartzCold = new java.util.ArrayList<>();
    for (int i = 0; i < coldForks; i++) {
      // Alternate which side goes first, so neither always meets the machine in the same state.
      boolean oursFirst = i % 2 == 0;
      (oursFirst ? oursCold : quartzCold).add(fork(n, threads, oursFirst ? "ours" : "quartz"));
      (oursFirst ? quartzCold : oursCold).add(fork(n, threads, oursFirst ? "quartz" : "ours"));
    }
    ours(n, threads);
    quartz(n, threads);
    List<Figures> oursWarm = new java.util.ArrayList<>();
    List<Figures> quartzWarm = new java.util.ArrayList<>();
    for (int i = 0; i < warmRounds; i++) {
      oursWarm.add(ours(n, threads));
      quartzWarm.add(quartz(n, threads));
    }
    details.add(describe("engine, " + String.format(Locale.ROOT, "%,d", n) + " tasks, warmed-up rounds", oursWarm,
        quartzWarm));
    details.add(describe("engine, " + String.format(Locale.ROOT, "%,d", n) + " tasks, cold rounds (a fresh JVM each)",
        oursCold, quartzCold));
    List<Figure> out = new java.util.ArrayList<>(figures(n, threads, median(oursWarm), median(quartzWarm), ""));
    if (coldForks > 0) {
      out.addAll(figures(n, threads, median(oursCold), median(quartzCold), ", cold JVM"));
    }
    return out;
  }

  /** One round of one side in a JVM of its own. */
  private static Figures fork(int n, int threads, String side) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = List.of(javaBin, "-Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + "m", "-cp",
        System.getProperty("java.class.path"), EngineLoadHarness.class.getName(), Integer.toString(n), "--round", side,
        Integer.toString(threads));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("the cold " + side + " round failed (exit " + p.exitValue() + "):\n" + output);
    }
    String line = output.lines().filter(l -> l.startsWith(ROUND_PREFIX)).findFirst()
        .orElseThrow(() -> new IllegalStateException("the cold " + side + " round printed no figures:\n" + output));
    double[] v = Arrays.stream(line.substring(ROUND_PREFIX.length()).trim().split(" "))
        .mapToDouble(Double::parseDouble).toArray();
    return new Figures(v[0], v[1], v[2], v[3], v[4]);
  }

  /** The median of each figure over the rounds (the upper one of an even count). */
  static Figures median(List<Figures> rounds) {
    return new Figures(median(rounds, Figures::schedulePerSecond), median(rounds, Figures::bytesPerTask),
        median(rounds, Figures::drainSeconds), median(rounds, Figures::p50Ms), median(rounds, Figures::p99Ms));
  }

  private static double median(List<Figures> rounds, java.util.function.ToDoubleFunction<Figures> figure) {
    double[] v = rounds.stream().mapToDouble(figure).sorted().toArray();
    return v[v.length / 2];
  }

  private static String describe(String what, List<Figures> ours, List<Figures> quartz) {
    return what + ": ours " + rounds(ours) + "; Quartz " + rounds(quartz);
  }

  private static String rounds(List<Figures> rounds) {
    List<String> out = new java.util.ArrayList<>();
    for (Figures f : rounds) {
      out.add(String.format(Locale.ROOT, "[%.0f tasks/s scheduled, %.0f B/task, drain %.2f s, p99 %.0f ms]",
          f.schedulePerSecond(), f.bytesPerTask(), f.drainSeconds(), f.p99Ms()));
    }
    return String.join(" ", out);
  }

  private static List<Figure> figures(int n, int threads, Figures ours, Figures quartz, String round) {
    String q = "Quartz 2.5.2 RAMJobStore, " + threads + " threads";
    String size = String.format(Locale.ROOT, "%,d", n);
    return List.of(
        new Figure("engine: schedule " + size + " one-shot tasks" + round, "tasks/s", ours.schedulePerSecond(), q,
            quartz.schedulePerSecond(), true),
        new Figure("engine: retained heap per task (" + size + " tasks)" + round, "bytes", ours.bytesPerTask(), q,
            quartz.bytesPerTask(), false),
        new Figure("engine: " + size + " tasks due at one instant, all started" + round, "s", ours.drainSeconds(), q,
            quartz.drainSeconds(), false),
        new Figure("engine: fire rate, " + size + " due at once" + round, "fires/s",
            n / Math.max(ours.drainSeconds(), 1e-3), q, n / Math.max(quartz.drainSeconds(), 1e-3), true),
        new Figure("engine: lateness p50, " + size + " due at once" + round, "ms", ours.p50Ms(), q, quartz.p50Ms(),
            false),
        new Figure("engine: lateness p99, " + size + " due at once" + round, "ms", ours.p99Ms(), q, quartz.p99Ms(),
            false));
  }

  static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  static Figures ours(int n, int threads) throws Exception {
    InMemoryTaskStore store = new InMemoryTaskStore();
    CountDownLatch started = new CountDownLatch(n);
    TaskScheduler scheduler = TaskScheduler.builder().store(store).triggerFactory(new ScheduleTriggerFactory())
        .messageSource((channel, window, max, bots) -> new MessageBatch(List.of(), false))
        .summarizer(r -> new Summary("t", "", List.of(), 0, r.window()))
        .deliveryChannel(DestinationType.CONSOLE, r -> DeliveryOutcome.delivered("noop"))
        .concurrency(threads).pollInterval(Duration.ofMillis(100)).lease(Duration.ofSeconds(60))
        .listener(e -> {
          if (e instanceof SchedulerEvent.Started) {
            started.countDown();
          }
        }).build();
    Instant fire = Instant.now().plusSeconds(2 + n / 20_000).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String once = "once " + ONCE.format(LocalDateTime.ofInstant(fire, ZoneOffset.UTC));
    TaskSpec spec = TaskSpec.builder().name("bench").guild(GuildId.of(1)).channel(ChannelId.of(2))
        .destination(Destination.console()).schedule(once).build();
    long before = usedHeap();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      scheduler.schedule(spec);
    }
    double scheduleSeconds = (System.nanoTime() - t0) / 1e9;
    long after = usedHeap();
    scheduler.start();
    long waitMs = Duration.between(Instant.now(), fire).toMillis() + 600_000;
    if (!started.await(waitMs, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("not every task started");
    }
    double drain = Duration.between(fire, Instant.now()).toMillis() / 1000.0;
    var stats = scheduler.stats();
    scheduler.stop(Duration.ofSeconds(60));
    return new Figures(n / scheduleSeconds, (after - before) / (double) n, drain,
        stats.latenessP50().orElseThrow().toMillis(), stats.latenessP99().orElseThrow().toMillis());
  }

  /** The Quartz job: records lateness. */
  public static final class LatenessJob implements Job {
    static long[] lateness;
    static final AtomicInteger COUNT = new AtomicInteger();
    static CountDownLatch done;

    @Override
    public void execute(JobExecutionContext context) {
      long late = System.currentTimeMillis() - context.getScheduledFireTime().getTime();
      lateness[COUNT.getAndIncrement()] = late;
      done.countDown();
    }
  }

  static Figures quartz(int n, int threads) throws Exception {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", "bench");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    p.setProperty("org.quartz.jobStore.misfireThreshold", "600000");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
    LatenessJob.lateness = new long[n];
    LatenessJob.COUNT.set(0);
    LatenessJob.done = new CountDownLatch(n);
    Date fire = Date.from(Instant.now().plusSeconds(2 + n / 20_000).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    long before = usedHeap();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      scheduler.scheduleJob(JobBuilder.newJob(LatenessJob.class).withIdentity("j" + i).build(),
          TriggerBuilder.newTrigger().withIdentity("t" + i).startAt(fire)
              .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build());
    }
    double scheduleSeconds = (System.nanoTime() - t0) / 1e9;
    long after = usedHeap();
    scheduler.start();
    long waitMs = fire.getTime() - System.currentTimeMillis() + 600_000;
    if (!LatenessJob.done.await(waitMs, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("not every Quartz job ran");
    }
    double drain = (System.currentTimeMillis() - fire.getTime()) / 1000.0;
    scheduler.shutdown(true);
    long[] sorted = Arrays.copyOf(LatenessJob.lateness, n);
    Arrays.sort(sorted);
    return new Figures(n / scheduleSeconds, (after - before) / (double) n, drain,
        sorted[(int) Math.ceil(0.5 * n) - 1], sorted[(int) Math.ceil(0.99 * n) - 1]);
  }
}

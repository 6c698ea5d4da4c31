package org.summarybot.scheduling.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every comparison and writes {@code latest.md} and {@code latest.json} (plus dated copies, so earlier
 * results stay visible) to the results directory. Each comparison first checks that ours and the peer agree on
 * the same inputs and lists any disagreement in the report.
 *
 * <p>Usage (see benchmarks/README.md): {@code RunBenchmarks [--quick] [--out DIR] [--engine-tasks N]
 * [--engine-extra N] [--sql-tasks N]}.
 */
public final class RunBenchmarks {
  private RunBenchmarks() {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Path out = Path.of("benchmarks", "results");
    int engineTasks = 100_000;
    // Larger engine runs (such as 1,000,000) take minutes each: each side schedules, waits for the fire time and
    // drains twice. Ask for them with --engine-extra N.
    List<Integer> extraEngineSizes = new ArrayList<>();
    int sqlTasks = 50_000;
    List<Integer> sqlNodes = List.of(1, 2, 4);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick":
          quick = true;
          engineTasks = 10_000;
          extraEngineSizes.clear();
          sqlTasks = 5_000;
          sqlNodes = List.of(1, 2);
          break;
        case "--out":
          out = Path.of(args[++i]);
          break;
        case "--engine-tasks":
          engineTasks = Integer.parseInt(args[++i]);
          break;
        case "--engine-extra":
          extraEngineSizes.add(Integer.parseInt(args[++i]));
          break;
        case "--sql-tasks":
          sqlTasks = Integer.parseInt(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    List<Figure> figures = new ArrayList<>();
    List<String> notes = new ArrayList<>();

    List<String> disagreements = CronAgreement.disagreements();
    notes.add(disagreements.isEmpty()
        ? "cron: ours, Spring, Quartz and cron-utils agree on all 3 x 1,024 next-fire inputs."
        : "cron disagreements (" + disagreements.size() + "): " + String.join("; ", disagreements.subList(0, Math.min(10, disagreements.size()))));
    figures.addAll(cron(quick));

    List<String> engineDetails = new ArrayList<>();
    int coldRounds = quick ? 1 : 5;
    int warmRounds = quick ? 1 : 3;
    figures.addAll(EngineLoadHarness.run(engineTasks, 4, coldRounds, warmRounds, engineDetails));
    for (int n : extraEngineSizes) {
      // One warmed-up round of each side, no cold ones: minutes per side at these sizes.
      for (Figure f : EngineLoadHarness.run(n, 4, 0, 1, engineDetails)) {
        if (f.name().contains("schedule") || f.name().contains("heap")) {
          figures.add(f);
        }
      }
    }
    notes.add("engine: our scheduler on the in-memory store with no-op ports vs Quartz RAMJobStore, both with 4 worker "
        + "threads; both sides fire every task (agreement = every task started exactly once, checked by latch counts). "
        + "Warmed-up figures are medians of " + warmRounds + " rounds per side in this JVM after one unreported "
        + "round each; cold-JVM figures are medians of " + coldRounds + " rounds per side, each in a fresh JVM.");
    notes.add("engine rounds: " + String.join("; ", engineDetails) + ".");

    figures.addAll(WebhookDeliveryHarness.run(quick ? 20 : 200));

    Path scratch = java.nio.file.Files.createTempDirectory("filestore-bench");
    try {
      figures.addAll(FileStoreHarness.run(scratch, quick ? 10_000 : 100_000, quick ? 100 : 500));
    } finally {
      FileStoreHarness.deleteTree(scratch);
    }
    notes.add("file store: the raw figure writes a ~650-byte file the way the store does (temp file, fsync, "
        + "atomic rename, directory fsync) in the store's own tasks/ directory; raw writes, single saves and one "
        + "batch are timed in interleaved rounds (alternating which goes first) and each save figure and ratio is "
        + "the median over the rounds; the store's open is measured on a directory its own create() wrote.");

    List<String> sqlDetails = new ArrayList<>();
    int sqlRounds = quick ? 1 : SqlStoreHarness.ROUNDS;
    figures.addAll(SqlStoreHarness.run(sqlTasks, sqlNodes, java.time.Duration.ofSeconds(quick ? 2 : 5), sqlRounds,
        sqlDetails));
    notes.add(SqlStoreHarness.note(sqlRounds));
    notes.add("SQL store runs: " + String.join("; ", sqlDetails) + ".");

    figures.addAll(DiscordHarness.run(quick ? 2_000 : 10_000, 50_000, quick ? 10 : 30));
    notes.add("discord: real JDA through DiscordAdapter against the local FakeDiscord (REST on the JDK HTTP server, "
        + "gateway on Java-WebSocket, 127.0.0.1, same cores, so the fake's own work is included; its HTTP server with "
        + "TCP_NODELAY, sun.net.httpserver.nodelay=true); fetches are "
        + "checked complete and oldest first, the median of 3 is reported; the splitter is package-private, so "
        + "summaries are measured end to end through deliveryChannel(), one HTTP round trip per message part.");

    write(out, figures, notes);
  }

  /** The JMH cron comparison: ours vs Spring, Quartz and cron-utils on the same expressions and inputs. */
  static List<Figure> cron(boolean quick) throws Exception {
    Options options = new OptionsBuilder()
        .include(ScheduleBenchmark.class.getName())
        .include(CronPeersBenchmark.class.getName())
        .forks(1)
        .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(quick ? 1 : 2))
        .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 2))
        .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Double> score = new HashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      score.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
    }
    List<Figure> out = new ArrayList<>();
    String[][] cases = {
        {"cron next fire: 0 0 9 ? * MON-FRI, Europe/Berlin", "nextFire_weekdays_0900_berlin"},
        {"cron next fire: 0 */5 * * * ?, UTC", "nextFire_every_5_minutes_utc"},
        {"cron next fire: 0 0 0 L * ?, America/New_York", "nextFire_last_day_of_month_new_york"},
        {"cron parse: 0 15 10 ? * 6#3", "parse_third_friday"},
    };
    for (String[] c : cases) {
      String oursKey = c[1].startsWith("parse") ? "parse_third_friday_quartz" : c[1];
      double ours = score.getOrDefault(oursKey, Double.NaN);
      for (String peer : List.of("spring", "quartz", "cronutils")) {
        out.add(new Figure(c[0], "ops/s", ours, peerName(peer), score.getOrDefault(peer + "_" + c[1], Double.NaN), true));
      }
    }
    return out;
  }

  private static String peerName(String key) {
    switch (key) {
      case "spring":
        return "Spring CronExpression 6.2";
      case "quartz":
        return "Quartz CronExpression 2.5.2";
      default:
        return "cron-utils 9.2.1";
    }
  }

  static void write(Path dir, List<Figure> figures, List<String> notes) throws IOException {
    Files.createDirectories(dir);
    String date = LocalDate.now(ZoneOffset.UTC).toString();
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark results, ").append(date).append("\n\n");
    md.append(String.format(Locale.ROOT, "- machine: %d cores, %d MiB max heap, %s %s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("os.name"), System.getProperty("os.arch")));
    md.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.runtime.version")).append('\n');
    md.append("- JVM arguments: ").append(ManagementFactory.getRuntimeMXBean().getInputArguments()).append("\n\n");
    md.append("| figure | unit | ours | peer | peer value | ratio (>1: ours better) |\n|---|---|---:|---|---:|---:|\n");
    for (Figure f : figures) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", f.name(), f.unit(), fmt(f.ours()),
          f.peer().isEmpty() ? "-" : f.peer(), fmt(f.peerValue()), Double.isNaN(f.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", f.ratio())));
    }
    md.append("\n## Notes\n\n");
    for (String n : notes) {
      md.append("- ").append(n).append('\n');
    }
    StringBuilder json = new StringBuilder("[\n");
    for (int i = 0; i < figures.size(); i++) {
      json.append("  ").append(figures.get(i).json()).append(i + 1 < figures.size() ? ",\n" : "\n");
    }
    json.append("]\n");
    Path latestMd = dir.resolve("latest.md");
    Path latestJson = dir.resolve("latest.json");
    Files.writeString(latestMd, md, StandardCharsets.UTF_8);
    Files.writeString(latestJson, json, StandardCharsets.UTF_8);
    Files.copy(latestMd, dir.resolve(date + ".md"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(latestJson, dir.resolve(date + ".json"), StandardCopyOption.REPLACE_EXISTING);
    System.out.println(md);
  }

  private static String fmt(double d) {
    if (Double.isNaN(d)) {
      return "-";
    }
    return d >= 1000 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.2f", d);
  }
}

package org.summarybot.scheduling.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.persistence.file.FileTaskStore;

/**
 * File store figures beside the raw rate of fsynced small-file writes on the same disk, same run:
 * open a directory of N tasks, single saves per second with fsync, claiming 1,000 due tasks out of N, and saves
 * per second with fsync in {@code updateAll} batches of 100.
 *
 * <p>The save figures are measured in interleaved rounds: each round times raw writes, single saves and one
 * batch back to back, in the store's own {@code tasks/} directory (so every side sees the same directory, disk
 * and cache state), alternating which of raw and single saves goes first. Each figure is the median over the
 * rounds, and the ratios to raw are the medians of the per-round ratios, so one disk hiccup does not decide a
 * figure.
 */
public final class FileStoreHarness {
  private FileStoreHarness() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path dir = Files.createTempDirectory("filestore-bench");
    try {
      for (Figure f : run(dir, n, 600)) {
        System.out.println(f.json());
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** Rounds of interleaved save measurements; odd, so the median is one round's figure. */
  static final int ROUNDS = 15;
  static final int BATCH = 100;

  /**
   * Runs every figure on {@code n} tasks in {@code dir}; {@code saves} single saves and as many raw writes in all,
   * spread over the rounds, and one batch per round.
   */
  static List<Figure> run(Path dir, int n, int saves) throws IOException {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    Path storeDir = dir.resolve("store");
    try (FileTaskStore store = FileTaskStore.builder(storeDir).fsync(false).open()) {
      for (int i = 0; i < n; i++) {
        // 1,000 tasks are due at t0; the rest a year later.
        store.create(task("t" + i, t0, i < 1000 ? t0 : t0.plus(Duration.ofDays(365))));
      }
    }
    long openStart = System.nanoTime();
    double openSeconds;
    double claimMs;
    int rounds = Math.max(1, Math.min(ROUNDS, saves));
    int perRound = Math.max(1, saves / rounds);
    int batchSize = Math.min(BATCH, n - 1);
    double[] raw = new double[rounds];
    double[] single = new double[rounds];
    double[] batched = new double[rounds];
    try (FileTaskStore store = FileTaskStore.open(storeDir)) {
      openSeconds = (System.nanoTime() - openStart) / 1e9;
      long claimStart = System.nanoTime();
      int claimed = store.claimDue(t0, 1000, "bench", Duration.ofMinutes(1)).size();
      claimMs = (System.nanoTime() - claimStart) / 1e6;
      if (claimed != Math.min(1000, n)) {
        throw new IllegalStateException("claimed " + claimed + " of the 1,000 due tasks");
      }
      Path tasksDir = storeDir.resolve("tasks");
      ScheduledTask[] one = {store.get(TaskId.of("t" + (n - 1))).orElseThrow()};
      List<ScheduledTask> batch = new ArrayList<>();
      for (int i = 0; i < batchSize; i++) {
        batch.add(store.get(TaskId.of("t" + i)).orElseThrow());
      }
      for (int r = 0; r < rounds; r++) {
        if (r % 2 == 0) {
          raw[r] = rawFsyncedWrites(tasksDir, perRound);
          single[r] = singleSaves(store, one, perRound, r);
        } else {
          single[r] = singleSaves(store, one, perRound, r);
          raw[r] = rawFsyncedWrites(tasksDir, perRound);
        }
        String name = "batched " + r;
        List<ScheduledTask> renamed = batch.stream().map(t -> t.toBuilder().name(name).build()).toList();
        long start = System.nanoTime();
        batch = store.updateAll(renamed);
        batched[r] = batch.size() / ((System.nanoTime() - start) / 1e9);
      }
      removeRawFiles(tasksDir);
    }
    double[] singleRatio = new double[rounds];
    double[] batchedRatio = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      singleRatio[r] = single[r] / raw[r];
      batchedRatio[r] = batched[r] / raw[r];
    }
    System.err.printf(Locale.ROOT, "file store save rounds (saves/s):%n  raw     %s%n  single  %s%n  batched %s%n",
        Arrays.toString(rounded(raw)), Arrays.toString(rounded(single)), Arrays.toString(rounded(batched)));
    String size = String.format(Locale.ROOT, "%,d", n);
    String rawPeer = "raw fsynced small-file writes (write, fsync, rename, fsync dir), same directory, interleaved";
    String of = ", median of " + rounds + " interleaved rounds";
    return List.of(
        Figure.alone("file store: open " + size + " tasks", "s", openSeconds, false),
        new Figure("file store: single saves with fsync" + of, "saves/s", median(single), rawPeer, median(raw),
            true),
        Figure.alone("file store: single saves / raw, median of per-round ratios", "x", median(singleRatio), true),
        Figure.alone("file store: claim 1,000 due of " + size, "ms", claimMs, false),
        new Figure("file store: batched saves with fsync (batches of " + batchSize + ")" + of, "saves/s",
            median(batched), rawPeer, median(raw), true),
        Figure.alone("file store: batched saves / raw, median of per-round ratios", "x", median(batchedRatio),
            true));
  }

  /** {@code count} single saves of one task; {@code task[0]} is its latest version. */
  private static double singleSaves(FileTaskStore store, ScheduledTask[] task, int count, int round) {
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add("renamed " + round + "." + i);
    }
    long start = System.nanoTime();
    for (String name : names) {
      task[0] = store.update(task[0].toBuilder().name(name).build());
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static long[] rounded(double[] values) {
    return Arrays.stream(values).mapToLong(Math::round).toArray();
  }

  /**
   * The bound: write a small file to a temp name, fsync it, rename it over the target, fsync the directory. The
   * names start with a dot and carry the store's temp mark, so the store never takes them for task files (it
   * would remove them at open); {@link #removeRawFiles} deletes them.
   */
  static double rawFsyncedWrites(Path dir, int count) throws IOException {
    Files.createDirectories(dir);
    byte[] body = ("{\"schema\":2,\"task\":{\"id\":\"x\",\"name\":\"" + "y".repeat(600) + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Path tmp = dir.resolve(RAW_PREFIX + "w");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(ByteBuffer.wrap(body));
        ch.force(true);
      }
      Files.move(tmp, dir.resolve(RAW_PREFIX + (i % 16)), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private static final String RAW_PREFIX = ".raw.tmp-";

  static void removeRawFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith(RAW_PREFIX)).toList()) {
        Files.delete(p);
      }
    }
  }

  static ScheduledTask task(String id, Instant createdAt, Instant nextRun) {
    return ScheduledTask.builder().id(TaskId.of(id)).name("bench " + id).guildId(GuildId.of(1))
        .channel(ChannelId.of(2)).schedule("daily 09:00").destination(Destination.console())
        .createdAt(createdAt).nextRun(Optional.of(nextRun)).build();
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}

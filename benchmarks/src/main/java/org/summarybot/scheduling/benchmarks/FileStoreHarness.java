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
 */
public final class FileStoreHarness {
  private FileStoreHarness() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path dir = Files.createTempDirectory("filestore-bench");
    try {
      for (Figure f : run(dir, n, 300)) {
        System.out.println(f.json());
      }
    } finally {
      deleteTree(dir);
    }
  }

  static List<Figure> run(Path dir, int n, int saves) throws IOException {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    double raw = rawFsyncedWrites(dir.resolve("raw"), saves);
    Path storeDir = dir.resolve("store");
    try (FileTaskStore store = FileTaskStore.builder(storeDir).fsync(false).open()) {
      for (int i = 0; i < n; i++) {
        // 1,000 tasks are due at t0; the rest a year later.
        store.create(task("t" + i, t0, i < 1000 ? t0 : t0.plus(Duration.ofDays(365))));
      }
    }
    long openStart = System.nanoTime();
    double openSeconds;
    double savesPerSecond;
    double claimMs;
    double batchedPerSecond;
    try (FileTaskStore store = FileTaskStore.open(storeDir)) {
      openSeconds = (System.nanoTime() - openStart) / 1e9;
      long claimStart = System.nanoTime();
      int claimed = store.claimDue(t0, 1000, "bench", Duration.ofMinutes(1)).size();
      claimMs = (System.nanoTime() - claimStart) / 1e6;
      if (claimed != Math.min(1000, n)) {
        throw new IllegalStateException("claimed " + claimed + " of the 1,000 due tasks");
      }
      ScheduledTask t = store.get(TaskId.of("t" + (n - 1))).orElseThrow();
      long saveStart = System.nanoTime();
      for (int i = 0; i < saves; i++) {
        t = store.update(t.toBuilder().name("renamed " + i).build());
      }
      savesPerSecond = saves / ((System.nanoTime() - saveStart) / 1e9);
      batchedPerSecond = batchedSaves(store, n, saves);
    }
    String size = String.format(Locale.ROOT, "%,d", n);
    String rawPeer = "raw fsynced small-file writes (write, fsync, rename, fsync dir)";
    return List.of(
        Figure.alone("file store: open " + size + " tasks", "s", openSeconds, false),
        new Figure("file store: single saves with fsync", "saves/s", savesPerSecond, rawPeer, raw, true),
        Figure.alone("file store: claim 1,000 due of " + size, "ms", claimMs, false),
        new Figure("file store: batched saves with fsync (batches of " + BATCH + ")", "saves/s", batchedPerSecond,
            rawPeer, raw, true));
  }

  static final int BATCH = 100;

  /** {@code saves} saves (at least one batch) as {@code updateAll} batches of up to {@link #BATCH} tasks. */
  static double batchedSaves(FileTaskStore store, int n, int saves) {
    List<ScheduledTask> batch = new ArrayList<>();
    for (int i = 0; i < Math.min(BATCH, n); i++) {
      batch.add(store.get(TaskId.of("t" + i)).orElseThrow());
    }
    int rounds = Math.max(1, saves / batch.size());
    long start = System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      String name = "batched " + r;
      batch = store.updateAll(batch.stream().map(t -> t.toBuilder().name(name).build()).toList());
    }
    return (double) rounds * batch.size() / ((System.nanoTime() - start) / 1e9);
  }

  /** The bound: write a small file to a temp name, fsync it, rename it over the target, fsync the directory. */
  static double rawFsyncedWrites(Path dir, int count) throws IOException {
    Files.createDirectories(dir);
    byte[] body = ("{\"schema\":2,\"task\":{\"id\":\"x\",\"name\":\"" + "y".repeat(600) + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Path tmp = dir.resolve(".t.tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(ByteBuffer.wrap(body));
        ch.force(true);
      }
      Files.move(tmp, dir.resolve("t" + (i % 16) + ".json"), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
    }
    return count / ((System.nanoTime() - start) / 1e9);
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

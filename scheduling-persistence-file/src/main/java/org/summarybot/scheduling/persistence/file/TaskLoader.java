package org.summarybot.scheduling.persistence.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;

/**
 * Reads every task file of {@code tasks/} in parallel. The listing thread hands the files out in chunks of
 * {@value #CHUNK} as it lists the directory; the common fork-join pool's workers start loading chunks at once,
 * and the listing thread loads chunks too once the listing is done, then waits for the workers. A worker that
 * starts only after the last chunk is taken does nothing, so a busy pool never holds an open up. Each chunk sorts
 * the due keys of its tasks, so building the due index only merges sorted runs. Loading touches nothing but the
 * files it reads: the caller quarantines, migrates and installs afterwards, on one thread, in listing order.
 */
final class TaskLoader {
  /** Task files per unit of parallel loading work. */
  static final int CHUNK = 512;

  /** What to do with a temp file found while listing (remove it at open; skip it otherwise). */
  @FunctionalInterface
  interface TempFiles {
    void found(Path temp) throws IOException;
  }

  /** Some task files, in listing order, and what loading them gave. */
  static final class Chunk {
    final Path[] files = new Path[CHUNK];
    int size;
    TaskFiles.Loaded[] loaded;
    /** The due keys of the chunk's active tasks, sorted; each is also set as its entry's {@code dueKey}. */
    DueKey[] dueKeys;

    void load(TaskFiles reader) {
      TaskFiles.Loaded[] out = new TaskFiles.Loaded[size];
      DueKey[] keys = new DueKey[size];
      int n = 0;
      for (int i = 0; i < size; i++) {
        TaskFiles.Loaded l = reader.load(files[i]);
        out[i] = l;
        TaskEntry e = l.entry();
        if (e != null && e.task.isActive()) {
          Optional<Instant> at = e.task.dueAt();
          if (at.isPresent()) {
            e.dueKey = new DueKey(at.get(), e.task.id());
            keys[n++] = e.dueKey;
          }
        }
      }
      keys = Arrays.copyOf(keys, n);
      Arrays.sort(keys);
      dueKeys = keys;
      loaded = out;
    }
  }

  private TaskLoader() {}

  /** Lists {@code tasks/} and loads every task file (temp files go to {@code temps}); the chunks in listing order. */
  static List<Chunk> loadAll(TaskFiles reader, TempFiles temps) throws IOException {
    Job job = new Job(reader);
    int helpers = Math.max(1, ForkJoinPool.getCommonPoolParallelism());
    boolean started = false;
    boolean listed = false;
    try {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(reader.directory())) {
        Chunk c = new Chunk();
        for (Path p : ds) {
          if (Fs.isTemp(p)) {
            temps.found(p);
            continue;
          }
          c.files[c.size++] = p;
          if (c.size == CHUNK) {
            job.add(c);
            c = new Chunk();
            if (!started) {
              started = true;
              for (int i = 0; i < helpers; i++) {
                ForkJoinPool.commonPool().execute(job::help);
              }
            }
          }
        }
        if (c.size > 0) {
          job.add(c);
        }
      }
      listed = true;
    } finally {
      if (!listed) {
        job.abandon();
      }
    }
    job.listed();
    return job.finish();
  }

  /** Every due key of the chunks, sorted: the chunks' sorted runs, merged. */
  static DueKey[] dueKeys(List<Chunk> chunks) {
    int count = 0;
    for (Chunk c : chunks) {
      count += c.dueKeys.length;
    }
    DueKey[] all = new DueKey[count];
    int at = 0;
    for (Chunk c : chunks) {
      System.arraycopy(c.dueKeys, 0, all, at, c.dueKeys.length);
      at += c.dueKeys.length;
    }
    Arrays.sort(all); // a merge of sorted runs
    return all;
  }

  /**
   * The chunks of one load: the listing thread adds them, pool workers and then the listing thread take them one
   * at a time.
   */
  private static final class Job {
    private final TaskFiles reader;
    private final List<Chunk> chunks = new ArrayList<>();
    private int next;
    private boolean listed;
    private boolean finished;
    private int active;
    private Throwable failure;

    Job(TaskFiles reader) {
      this.reader = reader;
    }

    synchronized void add(Chunk c) {
      chunks.add(c);
      notifyAll();
    }

    synchronized void listed() {
      listed = true;
      notifyAll();
    }

    /** The next chunk to load, or null when there is none left (or one failed); waits while listing goes on. */
    private synchronized Chunk take() throws InterruptedException {
      while (next == chunks.size() && !listed && failure == null) {
        wait();
      }
      return next < chunks.size() && failure == null ? chunks.get(next++) : null;
    }

    private void work() {
      try {
        for (Chunk c = take(); c != null; c = take()) {
          c.load(reader);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the rest is left to the listing thread
      } catch (Throwable t) {
        synchronized (this) {
          if (failure == null) {
            failure = t;
          } else {
            failure.addSuppressed(t);
          }
        }
      }
    }

    /** Run by a pool worker. */
    void help() {
      synchronized (this) {
        if (finished) {
          return;
        }
        active++;
      }
      try {
        work();
      } finally {
        synchronized (this) {
          active--;
          notifyAll();
        }
      }
    }

    /** Run by the listing thread when listing failed: stops the workers and waits for them. */
    void abandon() {
      synchronized (this) {
        if (failure == null) {
          failure = new CancellationException("listing the task files failed");
        }
        listed = true;
        notifyAll();
      }
      awaitWorkers();
    }

    /** Run by the listing thread after the listing: loads what is left, waits for the workers, reports. */
    List<Chunk> finish() {
      work();
      awaitWorkers();
      synchronized (this) {
        if (failure instanceof RuntimeException r) {
          throw r;
        }
        if (failure instanceof Error err) {
          throw err;
        }
        if (failure != null) {
          throw new IllegalStateException(failure);
        }
        return chunks;
      }
    }

    private void awaitWorkers() {
      boolean interrupted = false;
      synchronized (this) {
        finished = true;
        while (active > 0) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true; // the workers still use the chunks: wait for them all the same
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

package org.summarybot.scheduling.persistence.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Every write of one store goes through here: it counts writes made and failed, so a call knows whether it wrote,
 * and all of it, and it records a failure for health and the log ({@link WriteHealth}). Used only under the store's
 * lock.
 */
final class Disk {
  @FunctionalInterface
  interface Write {
    void run() throws IOException;
  }

  final boolean fsync;
  private final WriteHealth health;
  private long made;
  private long failed;

  Disk(boolean fsync, WriteHealth health) {
    this.fsync = fsync;
    this.health = health;
  }

  /**
   * Makes one write: of {@code file}, or of the directory entry it names. A failure is recorded (health reports
   * it; only the first of a spell is logged) and thrown as a {@link WriteFailedException} naming the file and the
   * cause; a call whose writes all succeed ends such a spell ({@link #succeededSince}).
   */
  void write(Path file, Write write) {
    try {
      write.run();
    } catch (IOException e) {
      failed++;
      throw health.failed(file, e);
    }
    made++;
  }

  /** Replaces {@code file} whole (temp file, fsync, rename, directory fsync; see {@link Fs#atomicWrite}). */
  void replace(Path file, byte[] bytes) {
    write(file, () -> Fs.atomicWrite(file, bytes, fsync));
  }

  /** Appends whole lines to {@code file}, fsynced when the store fsyncs. */
  void append(Path file, byte[] lines) {
    write(file, () -> Fs.append(file, lines, fsync));
  }

  /** A mark to pass to {@link #succeededSince} at the end of a call. */
  long[] mark() {
    return new long[] {made, failed};
  }

  /** Ends a spell of failing writes when this call wrote and none of its writes failed. */
  void succeededSince(long[] mark) {
    if (made > mark[0] && failed == mark[1]) {
      health.succeeded();
    }
  }
}

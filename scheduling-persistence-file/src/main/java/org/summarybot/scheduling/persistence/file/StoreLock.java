package org.summarybot.scheduling.persistence.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.summarybot.scheduling.model.SchedulingException;

/**
 * How every call of a store runs. A write or claim takes the lock on {@code store.lock} (shared by every process
 * on the directory, plus one in-JVM lock per directory) and this store's monitor, first applies what other
 * processes changed ({@link Refresh}), then runs. A read runs on this process's view under the monitor alone,
 * unless the journal shows changes by others; then it runs as a write does. The first call opens the directory.
 */
final class StoreLock {
  @FunctionalInterface
  interface Io<T> {
    T get() throws IOException;
  }

  private final Path dir;
  private final Disk disk;
  private final Journal journal;
  private final Refresh refresh;
  private final DirLock dirLock;
  /** Guards this process's view (the parts' state); held, with the directory lock, by every write. */
  private final Object state = new Object();
  private boolean closed;

  /** Locks the directory for use and opens it ({@link Refresh#open}). */
  StoreLock(Path dir, Disk disk, Journal journal, Refresh refresh) {
    this.dir = dir;
    this.disk = disk;
    this.journal = journal;
    this.refresh = refresh;
    this.dirLock = DirLock.acquireFor(dir.resolve("store.lock"));
    try {
      locked(() -> null, true);
    } catch (RuntimeException e) {
      dirLock.releaseUse();
      throw e;
    }
  }

  <T> T locked(Io<T> body) {
    return locked(body, false);
  }

  private <T> T locked(Io<T> body, boolean opening) {
    ensureOpen();
    try {
      dirLock.lock();
    } catch (IOException e) {
      throw new SchedulingException("cannot lock " + dir.resolve("store.lock") + ": " + e, e);
    }
    try {
      synchronized (state) {
        long[] mark = disk.mark();
        if (opening) {
          refresh.open();
        } else {
          refresh.changes();
        }
        T out = body.get();
        disk.succeededSince(mark);
        return out;
      }
    } catch (IOException | UncheckedIOException e) {
      throw new SchedulingException("task store " + dir + ": " + e, e);
    } finally {
      dirLock.unlock();
    }
  }

  /** Runs a read on this process's view; when the journal shows changes by others, refreshes first. */
  <T> T read(Io<T> body) {
    ensureOpen();
    try {
      BasicFileAttributes a = journal.attributes();
      synchronized (state) {
        if (!journal.moved(a)) {
          return body.get();
        }
      }
      return locked(body);
    } catch (IOException | UncheckedIOException e) {
      throw new SchedulingException("task store " + dir + ": " + e, e);
    }
  }

  private void ensureOpen() {
    synchronized (state) {
      if (closed) {
        throw new IllegalStateException("the task store in " + dir + " is closed");
      }
    }
  }

  void close() {
    synchronized (state) {
      if (closed) {
        return;
      }
      closed = true;
    }
    dirLock.releaseUse();
  }
}

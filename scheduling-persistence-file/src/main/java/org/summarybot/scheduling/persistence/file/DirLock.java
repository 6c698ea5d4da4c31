package org.summarybot.scheduling.persistence.file;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write lock of one store directory: a {@link FileLock} on {@code store.lock} between processes, and a
 * {@link ReentrantLock} between the threads and store instances of this JVM (a JVM may hold a file lock only
 * once, and closing any channel of the file would drop it, so all instances on one directory share one).
 */
final class DirLock {
  private static final Map<Path, DirLock> OPEN = new HashMap<>();

  private final Path file;
  private final ReentrantLock threads = new ReentrantLock();
  private FileChannel channel;
  private FileLock held;
  private int users;

  private DirLock(Path file) {
    this.file = file;
  }

  static DirLock acquireFor(Path lockFile) {
    Path key = lockFile.toAbsolutePath().normalize();
    synchronized (OPEN) {
      DirLock l = OPEN.computeIfAbsent(key, DirLock::new);
      l.users++;
      return l;
    }
  }

  /** Drops this instance's use; the channel closes with the last user. */
  void releaseUse() {
    synchronized (OPEN) {
      if (--users == 0) {
        OPEN.remove(file);
        threads.lock();
        try {
          if (channel != null) {
            channel.close();
          }
        } catch (IOException e) {
          // closing a lock file we no longer use; nothing to lose
        } finally {
          channel = null;
          threads.unlock();
        }
      }
    }
  }

  /** Takes the lock (blocking); re-entrant within a thread. */
  void lock() throws IOException {
    threads.lock();
    if (threads.getHoldCount() > 1) {
      return;
    }
    try {
      if (channel == null || !channel.isOpen()) {
        channel = FileChannel.open(file, java.util.Set.of(CREATE, READ, WRITE), Fs.privateFile(file));
      }
      held = channel.lock();
    } catch (IOException | RuntimeException e) {
      threads.unlock();
      throw e;
    }
  }

  void unlock() {
    try {
      if (threads.getHoldCount() == 1 && held != null) {
        try {
          if (held.isValid()) {
            held.release();
          }
        } catch (IOException e) {
          // the lock goes with the channel or the process anyway
        }
        held = null;
      }
    } finally {
      threads.unlock();
    }
  }
}

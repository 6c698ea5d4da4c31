package org.summarybot.scheduling.persistence.file;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.summarybot.scheduling.port.Clock;

/**
 * Whether one store's writes fail (a full disk, a file system remounted read-only), since when and why. A
 * scheduler keeps calling a store whose disk is full, once per poll; so the first failure of such a spell is
 * logged once at ERROR with its cause (no stack trace), the first write that succeeds after it once at INFO,
 * and in between {@link #problem()} says what health reports.
 */
final class WriteHealth {
  private final Path dir;
  private final Clock clock;
  private final System.Logger log;
  private Instant since;
  private String cause;

  WriteHealth(Path dir, Clock clock, System.Logger log) {
    this.dir = dir;
    this.clock = clock;
    this.log = log;
  }

  /**
   * Records that writing {@code file} failed, and returns the exception to throw for it: the first of a spell
   * carries {@code e} as its cause, later ones are one line (see {@link WriteFailedException#again}).
   */
  synchronized WriteFailedException failed(Path file, IOException e) {
    String why = describe(e);
    String what = "task store " + dir + " cannot write " + dir.relativize(file) + ": " + why;
    cause = why;
    if (since == null) {
      since = clock.now();
      log.log(Level.ERROR, what + ". Until a write succeeds again, health reports it and further failures are "
          + "not logged.");
      return new WriteFailedException(what, e);
    }
    return WriteFailedException.again(what + " (writes fail since " + since + ")");
  }

  /** Records that writing succeeded: ends a spell of failures. */
  synchronized void succeeded() {
    if (since != null) {
      log.log(Level.INFO, "task store " + dir + " can write again; its writes failed from " + since + " to "
          + clock.now() + " (" + cause + ")");
      since = null;
      cause = null;
    }
  }

  synchronized boolean failing() {
    return since != null;
  }

  /** While writes fail: since when, and the cause of the latest failure. */
  synchronized Optional<String> problem() {
    return since == null ? Optional.empty()
        : Optional.of("task store " + dir + " cannot write since " + since + ": " + cause);
  }

  /** The reason an I/O failure gives ("No space left on device"), without the paths the message repeats. */
  static String describe(IOException e) {
    if (e instanceof FileSystemException f) {
      return f.getReason() != null ? f.getReason() : e.toString();
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}

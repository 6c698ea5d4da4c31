package org.summarybot.scheduling.persistence.file;

import java.io.IOException;
import org.summarybot.scheduling.model.SchedulingException;

/**
 * A write of the task store failed (a full disk, a file system remounted read-only); the message names the
 * directory, the file and the cause, such as "No space left on device".
 */
final class WriteFailedException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  WriteFailedException(String message, IOException cause) {
    super(message, cause);
  }

  private WriteFailedException(String message) {
    super(message);
  }

  /**
   * A later failure of a spell whose first failure was logged and thrown with its cause and stack trace: one
   * line, with no cause and no stack trace, because a scheduler polling a full disk logs what each poll throws.
   */
  static WriteFailedException again(String message) {
    WriteFailedException e = new WriteFailedException(message);
    e.setStackTrace(new StackTraceElement[0]);
    return e;
  }
}

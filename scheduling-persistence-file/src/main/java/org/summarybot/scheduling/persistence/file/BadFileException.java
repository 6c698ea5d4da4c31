package org.summarybot.scheduling.persistence.file;

import org.summarybot.scheduling.model.SchedulingException;

/** A file, or a part of it, that does not parse or does not validate; the message names the field. */
final class BadFileException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  BadFileException(String message) {
    super(message);
  }

  BadFileException(String message, Throwable cause) {
    super(message, cause);
  }
}

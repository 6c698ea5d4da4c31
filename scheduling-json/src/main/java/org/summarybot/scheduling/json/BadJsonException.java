package org.summarybot.scheduling.json;

import org.summarybot.scheduling.model.SchedulingException;

/**
 * A JSON document, or a part of it, that does not parse or does not validate as the shared form; the message
 * names the field by its path ({@code task.destinations[1].type: ...}).
 */
public final class BadJsonException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  public BadJsonException(String message) {
    super(message);
  }

  public BadJsonException(String message, Throwable cause) {
    super(message, cause);
  }
}

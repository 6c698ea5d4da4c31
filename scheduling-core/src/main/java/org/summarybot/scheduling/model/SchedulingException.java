package org.summarybot.scheduling.model;

/**
 * The root of every exception this library throws on purpose. Subclasses carry the context a caller needs
 * (the task, the field, the file) so that a message can name the problem and the place.
 */
public class SchedulingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SchedulingException(String message) {
    super(message);
  }

  public SchedulingException(String message, Throwable cause) {
    super(message, cause);
  }
}

package org.summarybot.scheduling.app;

/** A runtime failure the CLI reports as one {@code error:} line with exit code 1 (no stack trace). */
final class Failure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Failure(String message) {
    super(message);
  }

  Failure(String message, Throwable cause) {
    super(message, cause);
  }
}

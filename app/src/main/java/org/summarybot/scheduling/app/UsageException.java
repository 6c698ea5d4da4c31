package org.summarybot.scheduling.app;

import java.util.List;

/**
 * Bad input from the person at the terminal (a flag, a config key, a file): exit code 2. Each line names the
 * flag, field or key and what is wrong; the CLI prints each after {@code error: }.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> lines;

  UsageException(List<String> lines) {
    super(String.join("; ", lines));
    this.lines = List.copyOf(lines);
  }

  UsageException(String line) {
    this(List.of(line));
  }

  List<String> lines() {
    return lines;
  }
}

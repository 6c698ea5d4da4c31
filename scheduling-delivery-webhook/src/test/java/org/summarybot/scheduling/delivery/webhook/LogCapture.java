package org.summarybot.scheduling.delivery.webhook;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures every log line of this module and of OkHttp at every level. {@code System.Logger} goes to
 * java.util.logging when no other provider is installed, as in this module's tests.
 */
final class LogCapture extends Handler implements AutoCloseable {
  private static final SimpleFormatter FORMAT = new SimpleFormatter();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  // Strong references: java.util.logging forgets the level of a logger nobody holds.
  private final List<Logger> loggers = List.of(Logger.getLogger("org.summarybot"), Logger.getLogger("okhttp3"));
  private final List<Level> previous;

  LogCapture() {
    previous = loggers.stream().map(Logger::getLevel).toList();
    setLevel(Level.ALL);
    for (Logger l : loggers) {
      l.setLevel(Level.ALL);
      l.addHandler(this);
    }
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void publish(LogRecord record) {
    lines.add(FORMAT.format(record));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    for (int i = 0; i < loggers.size(); i++) {
      loggers.get(i).removeHandler(this);
      loggers.get(i).setLevel(previous.get(i));
    }
  }
}

package org.summarybot.scheduling.persistence.file;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link System.Logger} that keeps every line, for tests that count what a store logs. */
final class RecordingLogger implements System.Logger {
  /** One logged line; {@code thrown} is null when none was given. */
  record Line(Level level, String message, Throwable thrown) {}

  private final List<Line> lines = new CopyOnWriteArrayList<>();

  List<Line> lines() {
    return List.copyOf(lines);
  }

  List<Line> at(Level level) {
    return lines.stream().filter(l -> l.level() == level).toList();
  }

  void clear() {
    lines.clear();
  }

  @Override
  public String getName() {
    return "recording";
  }

  @Override
  public boolean isLoggable(Level level) {
    return true;
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    lines.add(new Line(level, msg, thrown));
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    lines.add(new Line(level, params == null || params.length == 0 ? format : MessageFormat.format(format, params),
        null));
  }
}

package org.summarybot.scheduling.delivery.discord;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.summarybot.scheduling.model.Message;

/**
 * The parsed messages of recently read export files, least recently used first out, holding at most
 * {@code maxMessages} messages in all. It buys not re-parsing a large file at every fetch while keeping memory
 * bounded whatever the number and size of the exports; a file with more messages than the bound is never kept.
 * Not thread-safe: the source guards it.
 */
final class ExportMessageCache {
  private record Entry(ExportFile.Stamp stamp, List<Message> messages) {}

  private final int maxMessages;
  private final LinkedHashMap<Path, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long held;

  ExportMessageCache(int maxMessages) {
    if (maxMessages < 0) {
      throw new IllegalArgumentException("maxMessages must not be negative: " + maxMessages);
    }
    this.maxMessages = maxMessages;
  }

  /** The messages of {@code file} as read at {@code stamp}; empty when not held or the file has changed since. */
  Optional<List<Message>> get(Path file, ExportFile.Stamp stamp) {
    Entry e = entries.get(file);
    return e != null && e.stamp().equals(stamp) ? Optional.of(e.messages()) : Optional.empty();
  }

  void put(Path file, ExportFile.Stamp stamp, List<Message> messages) {
    remove(file);
    if (messages.size() > maxMessages) {
      return;
    }
    entries.put(file, new Entry(stamp, messages));
    held += messages.size();
    Iterator<Map.Entry<Path, Entry>> eldest = entries.entrySet().iterator();
    while (held > maxMessages && eldest.hasNext()) {
      held -= eldest.next().getValue().messages().size();
      eldest.remove();
    }
  }

  /** Forgets files no longer in the directory. */
  void retainOnly(Collection<Path> files) {
    Iterator<Map.Entry<Path, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Path, Entry> e = it.next();
      if (!files.contains(e.getKey())) {
        held -= e.getValue().messages().size();
        it.remove();
      }
    }
  }

  long heldMessages() {
    return held;
  }

  private void remove(Path file) {
    Entry old = entries.remove(file);
    if (old != null) {
      held -= old.messages().size();
    }
  }
}

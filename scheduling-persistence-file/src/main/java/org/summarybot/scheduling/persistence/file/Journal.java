package org.summarybot.scheduling.persistence.file;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.summarybot.scheduling.json.JsonIn;
import org.summarybot.scheduling.json.TaskJson;
import org.summarybot.scheduling.model.TaskId;

/**
 * The change journal, {@code journal.jsonl}: each change appends an entry naming what it changes ({@code
 * {"op":"task","id":...}}, {@code leases}, {@code history}, {@code deliveries}) before it is made, so a process
 * that sees the journal grow takes the lock (the writer has finished) and re-reads only what the new entries
 * name. Past {@code rotateBytes} the journal becomes {@code journal.jsonl.1} and a new one starts; a process that
 * missed more than one rotation does a full reload. Not fsynced: after a power loss every process starts with a
 * full load, which does not need it. Used only under the store's lock.
 */
final class Journal {
  /** What new journal entries named; {@link #FULL} when the journal cannot say (reload everything). */
  static final class Changes {
    static final Changes FULL = new Changes();
    final Set<TaskId> tasks = new LinkedHashSet<>();
    boolean leases;
    boolean history;
    boolean deliveries;

    boolean full() {
      return this == FULL;
    }
  }

  private final Path file;
  private final Path old;
  private final long rotateBytes;
  private final Disk disk;
  private final System.Logger log;
  /** The file this process read last, and how far. */
  private Object key;
  private long offset;

  Journal(Path dir, long rotateBytes, Disk disk, System.Logger log) {
    this.file = dir.resolve("journal.jsonl");
    this.old = dir.resolve("journal.jsonl.1");
    this.rotateBytes = rotateBytes;
    this.disk = disk;
    this.log = log;
  }

  /** The journal's attributes now, for {@link #moved}; null when it is missing. */
  BasicFileAttributes attributes() throws IOException {
    return Fs.attributes(file);
  }

  /** Whether the journal, whose attributes are {@code a}, changed since this process last read it. */
  boolean moved(BasicFileAttributes a) {
    return a == null || !Objects.equals(a.fileKey(), key) || a.size() != offset;
  }

  /** Takes the journal as read up to its end (before a full reload), creating it when missing. */
  void skipToEnd() throws IOException {
    BasicFileAttributes a = Fs.attributes(file);
    if (a == null) {
      disk.write(file, () -> Fs.createEmpty(file));
      a = Fs.attributes(file);
    }
    setPosition(a);
  }

  /** What other processes changed since this one last read the journal. */
  Changes read() throws IOException {
    BasicFileAttributes a = Fs.attributes(file);
    if (a == null) {
      return Changes.FULL;
    }
    Changes changes = new Changes();
    if (!Objects.equals(a.fileKey(), key)) {
      BasicFileAttributes o = Fs.attributes(old);
      if (key == null || o == null || !key.equals(o.fileKey())) {
        return Changes.FULL;
      }
      replay(old, offset, changes);
      key = a.fileKey();
      offset = 0;
    }
    if (a.size() < offset) {
      return Changes.FULL;
    }
    if (a.size() > offset) {
      long end = replay(file, offset, changes);
      if (end < a.size()) {
        // A torn entry: its writer died holding the lock we now hold, before changing anything. End the line.
        disk.write(file, () -> Fs.append(file, new byte[0], false));
        end = replay(file, end, changes);
      }
      offset = end;
    }
    return changes;
  }

  void task(TaskId id) throws IOException {
    append(line("task", id));
  }

  /** One append naming every task of a batch. */
  void tasks(Collection<TaskId> ids) throws IOException {
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    for (TaskId id : ids) {
      lines.writeBytes(line("task", id));
    }
    append(lines.toByteArray());
  }

  void leases() throws IOException {
    append(line("leases", null));
  }

  void history() throws IOException {
    append(line("history", null));
  }

  void deliveries() throws IOException {
    append(line("deliveries", null));
  }

  private static byte[] line(String op, TaskId id) {
    ObjectNode n = TaskJson.object();
    n.put("op", op);
    if (id != null) {
      n.put("id", id.value());
    }
    return TaskJson.line(n);
  }

  /** Appends whole lines, rotating first when the journal has passed its size. */
  private void append(byte[] lines) throws IOException {
    BasicFileAttributes a = Fs.attributes(file);
    disk.write(file, () -> {
      if (a != null && a.size() >= rotateBytes) {
        Files.move(file, old, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Fs.createEmpty(file);
      }
      Fs.append(file, lines, false);
    });
    setPosition(Fs.attributes(file));
  }

  private void setPosition(BasicFileAttributes a) {
    key = a.fileKey();
    offset = a.size();
  }

  /** Adds the entries of {@code f} from {@code from} to {@code changes}; the offset after the last whole line. */
  private long replay(Path f, long from, Changes changes) throws IOException {
    return Fs.forEachWholeLine(f, from, line -> {
      try {
        JsonIn in = JsonIn.parse(line.getBytes(UTF_8), "journal entry");
        switch (in.str("op")) {
          case "task" -> changes.tasks.add(TaskId.of(in.str("id")));
          case "leases" -> changes.leases = true;
          case "history" -> changes.history = true;
          case "deliveries" -> changes.deliveries = true;
          default -> log.log(Level.WARNING, f + ": unknown journal entry " + line + " (a newer version?)");
        }
      } catch (RuntimeException e) {
        log.log(Level.DEBUG, f + ": skipping a torn journal entry: " + line);
      }
    });
  }
}

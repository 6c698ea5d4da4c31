package org.summarybot.scheduling.persistence.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.summarybot.scheduling.json.BadJsonException;
import org.summarybot.scheduling.json.JsonIn;
import org.summarybot.scheduling.json.TaskJson;
import org.summarybot.scheduling.json.TaskStreamReader;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.ValidationException;

/**
 * The task files, {@code tasks/<id>.json}: one task each, in the shared form ({@link TaskJson}) inside an envelope
 * that only this store reads: {@code {"schema", "leaseEpoch", "task", "recent"}}. Reading never throws for a bad
 * file: it says why the file is bad (for quarantine), or that a newer version wrote it, or that it was migrated
 * from an older schema (schema 1 kept the task's fields at the top level, without epoch or recent records).
 */
final class TaskFiles {
  /** What reading one task file gave: an entry, a reason to quarantine it, or the newer schema that wrote it. */
  record Loaded(Path file, TaskEntry entry, String problem, int newerSchema, boolean migrated) {}

  /** Each loading thread's read buffer: opening reads 100,000 small files without a new array for each. */
  private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

  private final Path dir;
  private final Path tasksDir;
  private final Disk disk;
  private final System.Logger log;

  TaskFiles(Path dir, Disk disk, System.Logger log) {
    this.dir = dir;
    this.tasksDir = dir.resolve("tasks");
    this.disk = disk;
    this.log = log;
  }

  Path directory() {
    return tasksDir;
  }

  Path file(TaskId id) {
    return tasksDir.resolve(id.value() + ".json");
  }

  void write(TaskEntry e) {
    disk.replace(file(e.task.id()), bytes(e));
  }

  /** Writes the task files of a batch, fsyncing {@code tasks/} once for all of them. */
  void writeAll(List<TaskEntry> entries) {
    for (TaskEntry e : entries) {
      Path f = file(e.task.id());
      disk.write(f, () -> Fs.atomicWrite(f, bytes(e), disk.fsync, false));
    }
    if (disk.fsync) {
      disk.write(tasksDir, () -> Fs.fsyncDirectory(tasksDir));
    }
  }

  void delete(TaskId id) {
    Path f = file(id);
    disk.write(f, () -> {
      Files.deleteIfExists(f);
      if (disk.fsync) {
        Fs.fsyncDirectory(tasksDir);
      }
    });
  }

  static byte[] bytes(TaskEntry e) {
    return TaskJson.pretty(json(e.task, e.epoch, e.recent));
  }

  /** The JSON of a task file. */
  static ObjectNode json(ScheduledTask task, long leaseEpoch, List<ExecutionRecord> recent) {
    ObjectNode root = TaskJson.object();
    root.put("schema", TaskJson.SCHEMA);
    root.put("leaseEpoch", leaseEpoch);
    root.set("task", TaskJson.task(task, true));
    if (!recent.isEmpty()) {
      ArrayNode rs = root.putArray("recent");
      recent.forEach(r -> rs.add(TaskJson.record(r)));
    }
    return root;
  }

  /** Reads one file found in {@code tasks/} at a full load (thread-safe: it touches nothing). */
  Loaded load(Path file) {
    String name = file.getFileName().toString();
    int length;
    try {
      length = Fs.readInto(file, READ_BUFFER);
    } catch (IOException e) {
      if (Files.isDirectory(file)) {
        log.log(Level.WARNING, dir.relativize(file) + " is a directory in tasks/; the store ignores it");
        return new Loaded(file, null, null, 0, false);
      }
      throw new UncheckedIOException(e);
    }
    if (!name.endsWith(".json")) {
      return new Loaded(file, null, "not a task file (task files are tasks/<id>.json)", 0, false);
    }
    return parse(file, READ_BUFFER.get(), length);
  }

  /** Reads the file of task {@code id}; null when there is none. */
  Loaded reload(TaskId id) throws IOException {
    Path f = file(id);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(f);
    } catch (NoSuchFileException e) {
      return null;
    }
    return parse(f, bytes, bytes.length);
  }

  /**
   * Decodes the first {@code length} bytes of {@code buffer}, the content of {@code file}: first by the streaming
   * reader ({@link #fast}), which takes only well-formed current-schema files; whatever it does not take is read
   * by the tree reader, which alone decides what is bad and why.
   */
  static Loaded parse(Path file, byte[] buffer, int length) {
    String name = file.getFileName().toString();
    try {
      TaskEntry fast = fast(buffer, length);
      if (fast != null) {
        return checked(file, name, fast, false);
      }
      JsonIn in = JsonIn.parse(buffer, length, "the file");
      int schema = in.integer("schema");
      if (schema > TaskJson.SCHEMA) {
        return new Loaded(file, null, null, schema, false);
      }
      if (schema < 1) {
        throw new BadJsonException("schema: " + schema + " is not a schema version (1-" + TaskJson.SCHEMA + ")");
      }
      // Schema 1: the task's fields at the top level, no lease epoch, no recent records.
      TaskEntry e = schema == 1 ? new TaskEntry(TaskJson.task(in), 0, List.of()) : read(in);
      return checked(file, name, e, schema < TaskJson.SCHEMA);
    } catch (BadJsonException | ValidationException e) {
      return new Loaded(file, null, e.getMessage(), 0, false);
    }
  }

  /**
   * A current-schema task file by {@link TaskStreamReader}, or null when it does not take it (another schema, a
   * missing field, a value of another type, malformed JSON, anything after the object, ...). Opening a large
   * store is mostly this.
   */
  static TaskEntry fast(byte[] buffer, int length) {
    try (JsonParser p = TaskStreamReader.parser(buffer, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      boolean current = false;
      Long epoch = null;
      ScheduledTask task = null;
      List<ExecutionRecord> recent = List.of();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "schema" -> current = t == JsonToken.VALUE_NUMBER_INT
              && p.getNumberType() == JsonParser.NumberType.INT && p.getIntValue() == TaskJson.SCHEMA;
          case "leaseEpoch" -> epoch = t == JsonToken.VALUE_NUMBER_INT
              && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER ? p.getLongValue() : null;
          case "task" -> task = t == JsonToken.START_OBJECT ? TaskStreamReader.task(p) : null;
          case "recent" -> {
            if (t == JsonToken.VALUE_NULL) {
              recent = List.of();
            } else if (t != JsonToken.START_ARRAY || (recent = records(p)) == null) {
              return null;
            }
          }
          default -> p.skipChildren();
        }
        if (name.equals("task") && task == null) {
          return null;
        }
      }
      if (!current || epoch == null || task == null || p.currentToken() != JsonToken.END_OBJECT
          || p.nextToken() != null) {
        return null;
      }
      return new TaskEntry(task, epoch, recent);
    } catch (IOException | RuntimeException e) {
      return null; // the tree reader says what is wrong
    }
  }

  /** The records of the array at {@code p}'s current token, or null when the streaming reader does not take one. */
  private static List<ExecutionRecord> records(JsonParser p) throws IOException {
    List<ExecutionRecord> out = new ArrayList<>();
    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
      ExecutionRecord r = e == JsonToken.START_OBJECT ? TaskStreamReader.record(p) : null;
      if (r == null) {
        return null;
      }
      out.add(r);
    }
    return out;
  }

  /** A current-schema task file: every problem is a {@link BadJsonException} naming the field. */
  static TaskEntry read(JsonIn in) {
    List<ExecutionRecord> recent = new ArrayList<>();
    for (JsonIn r : in.optObjects("recent")) {
      recent.add(TaskJson.record(r));
    }
    return new TaskEntry(TaskJson.task(in.obj("task")), in.lng("leaseEpoch"), recent);
  }

  /** The checks of a decoded task file that need its name: the id it holds, and a stored version. */
  private static Loaded checked(Path file, String name, TaskEntry e, boolean migrated) {
    if (!name.equals(e.task.id().value() + ".json")) {
      throw new BadJsonException("the file is named " + name + " but holds task " + e.task.id());
    }
    if (e.task.version() < 1) {
      throw new BadJsonException("task.version: " + e.task.version() + " is not a stored version (1 or more)");
    }
    return new Loaded(file, e, null, 0, migrated);
  }
}

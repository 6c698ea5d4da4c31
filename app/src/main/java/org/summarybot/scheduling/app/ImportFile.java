package org.summarybot.scheduling.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.summarybot.scheduling.app.ImportFields.expected;
import static org.summarybot.scheduling.app.ImportFields.keys;
import static org.summarybot.scheduling.app.ImportFields.kindOk;
import static org.summarybot.scheduling.app.ImportFields.shown;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.summarybot.scheduling.app.ImportFields.Key;
import org.summarybot.scheduling.app.ImportFields.Kind;
import org.summarybot.scheduling.json.ExportDocument;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.ValidationException;

/**
 * Checks a {@code tasks import} document before anything is imported, with the checks {@code tasks add} makes
 * ({@link TaskInput}) and the bounds of {@link Limits}. Every problem of every task is reported, each naming the
 * file, the task's index (and id when it has a usable one) and the field; an unknown key is a problem, as in the
 * config. The file's size is checked before it is read, and it is read as a stream, one task at a time and
 * counted as it goes, so a file over a limit ends with one line instead of filling the memory.
 *
 * <p>This class reads the document: its size, its JSON, its top-level keys and the stream of its tasks. Each task
 * is checked by {@link ImportTaskCheck}, the guild settings by {@link ImportGuildCheck}, both through the
 * field-level checks of {@link ImportFields}.
 */
final class ImportFile {
  /** The export document's format ({@link ExportDocument}), which import reads. */
  static final String FORMAT = ExportDocument.FORMAT;

  private static final Map<String, Key> DOCUMENT = keys("format", Kind.STRING, true, "schema", Kind.INT, true,
      "guild", Kind.SNOWFLAKE, false, "guilds", Kind.LIST, false, "tasks", Kind.LIST, true);

  /**
   * Strings may be as long as the file (the checks below report a long one by its field, not the parser); the
   * document's nesting is shallow, so a deep one is refused early.
   */
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32)
          .maxStringLength((int) Limits.IMPORT_FILE_BYTES).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build());

  private final Path file;
  private final String name;
  private final TaskInput in;
  private final ImportTaskCheck taskCheck;
  private final ImportGuildCheck guildCheck;

  private ImportFile(Path file, SecretEnvs secrets) {
    this.file = file;
    this.name = file.toString();
    this.in = new TaskInput(secrets);
    this.taskCheck = new ImportTaskCheck(in);
    this.guildCheck = new ImportGuildCheck(in, name);
  }

  /**
   * The document in {@code file} when it passes every check.
   *
   * @throws UsageException listing every problem; a file over a limit or not JSON is one line
   */
  static String read(Path file, SecretEnvs secrets) {
    return new ImportFile(file, secrets).read();
  }

  private String read() {
    long size;
    try {
      if (!Files.isRegularFile(file)) {
        throw new UsageException("FILE: " + name + " does not exist or is not a file");
      }
      size = Files.size(file);
    } catch (IOException e) {
      throw new UsageException("FILE: cannot read " + name + ": " + e.getMessage());
    }
    if (size > Limits.IMPORT_FILE_BYTES) {
      throw new UsageException("FILE: " + name + " is " + size + " bytes; an import file holds at most "
          + Limits.IMPORT_FILE_BYTES / (1024 * 1024) + " MB (" + Limits.IMPORT_FILE_BYTES + " bytes)");
    }
    try (JsonParser p = MAPPER.createParser(file.toFile())) {
      document(p);
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
      int nl = msg.indexOf('\n');
      List<String> lines = new ArrayList<>(in.errors());
      lines.add(place(e.getLocation()) + ": not valid JSON: " + FreeText.printable(nl < 0 ? msg : msg.substring(0, nl)));
      throw new UsageException(lines);
    } catch (IOException e) {
      throw new UsageException("FILE: cannot read " + name + ": " + e.getMessage());
    }
    in.throwIfAny();
    try {
      return Files.readString(file, UTF_8);
    } catch (IOException e) {
      throw new UsageException("FILE: cannot read " + name + ": " + e.getMessage());
    }
  }

  private String place(JsonLocation loc) {
    return loc == null || loc.getLineNr() < 1 ? name : name + " line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  /** The document object, its tasks read one at a time. */
  private void document(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new UsageException(place(p.currentTokenLocation()) + ": an import document is a JSON object with"
          + " format, schema and tasks (what 'tasks export' prints)");
    }
    Set<String> seen = new HashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken v = p.nextToken();
      Key k = DOCUMENT.get(key);
      seen.add(key);
      if (k == null) {
        in.problem(name + ": " + FreeText.cut(FreeText.printable(key), 40), "unknown key (known keys: "
            + String.join(", ", DOCUMENT.keySet()) + ")");
        p.skipChildren();
      } else if (key.equals("tasks")) {
        if (v != JsonToken.START_ARRAY) {
          in.problem(name + ": tasks", "must be a list, not " + shown(MAPPER.readTree(p)));
        } else {
          tasks(p);
        }
      } else {
        JsonNode n = MAPPER.readTree(p);
        if (kindOk(n, k.kind())) {
          if (key.equals("format") && !n.textValue().equals(FORMAT)) {
            in.problem(name + ": format", "'" + FreeText.cut(FreeText.printable(n.textValue()), 40) + "' is not "
                + FORMAT + " (an import document is what 'tasks export' prints)");
          } else if (key.equals("guild")) {
            in.guild(name + ": guild", n.asText());
          } else if (key.equals("guilds")) {
            guildCheck.check(n);
          }
        } else if (!n.isNull() || k.required()) {
          in.problem(name + ": " + key, expected(k.kind()) + ", not " + shown(n));
        }
      }
    }
    for (Map.Entry<String, Key> e : DOCUMENT.entrySet()) {
      if (e.getValue().required() && !seen.contains(e.getKey())) {
        in.problem(name + ": " + e.getKey(), "is missing");
      }
    }
  }

  /** The tasks, counted as they are read: one over the limit ends the import at once. */
  private void tasks(JsonParser p) throws IOException {
    int index = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (index == Limits.TASKS_PER_IMPORT) {
        throw new UsageException("FILE: " + name + " holds more than " + Limits.TASKS_PER_IMPORT
            + " tasks; an import file holds at most " + Limits.TASKS_PER_IMPORT + " (split it)");
      }
      JsonNode task = MAPPER.readTree(p);
      String at = name + ": tasks[" + index + "]";
      if (task == null || !task.isObject()) {
        in.problem(at, "must be a task object, not " + shown(task));
      } else {
        JsonNode id = task.get("id");
        if (id != null && id.isTextual() && FreeText.problem(id.textValue(), Limits.ID_LENGTH) == null) {
          try {
            at += " (id " + TaskId.of(id.textValue()).value() + ")";
          } catch (ValidationException e) {
            // reported by the id's own check
          }
        }
        taskCheck.check(task, at + ": ");
      }
      index++;
    }
  }

}

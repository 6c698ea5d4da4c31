package org.summarybot.scheduling.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.Problem;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.ValidationException;

/**
 * The export document: every task of a store (or of one guild) in one JSON object, what {@code tasks export}
 * prints and {@code tasks import} reads, the same whichever store wrote it.
 *
 * <pre>{ "format" : "summary-scheduler-tasks", "schema" : 2, "guild" : "1001", "tasks" : [ { ...task... } ] }</pre>
 *
 * <p>Tasks are in the form of {@link TaskJson}, ordered by id, without their version (and a store's leases), so
 * export, import into another store, export again gives the same document, byte for byte.
 */
public final class ExportDocument {
  /** The value of the document's {@code format} field: what kind of document it is. */
  public static final String FORMAT = "summary-scheduler-tasks";

  private ExportDocument() {}

  /** The document of {@code tasks}, ordered by id; {@code guild} when the export was confined to one guild. */
  public static String write(List<ScheduledTask> tasks, Optional<GuildId> guild) {
    requireNonNull(tasks, "tasks");
    requireNonNull(guild, "guild");
    ObjectNode doc = TaskJson.object();
    doc.put("format", FORMAT);
    doc.put("schema", TaskJson.SCHEMA);
    guild.ifPresent(g -> doc.put("guild", g.toString()));
    ArrayNode arr = doc.putArray("tasks");
    tasks.stream().sorted(Comparator.comparing(ScheduledTask::id)).forEach(t -> arr.add(TaskJson.task(t, false)));
    return new String(TaskJson.pretty(doc), UTF_8);
  }

  /**
   * The tasks of a document, each with version 0, in the document's order. Documents of every schema up to
   * {@link TaskJson#SCHEMA} are read.
   *
   * @throws ValidationException listing every problem, each naming its place ({@code tasks[3].zone}): the
   *     document is not JSON or not an export, was written by a newer version, a task does not read or is invalid,
   *     or an id is in it twice
   */
  public static List<ScheduledTask> read(String document) {
    requireNonNull(document, "document");
    JsonIn doc;
    try {
      doc = JsonIn.parse(document.getBytes(UTF_8), "the document");
    } catch (BadJsonException e) {
      throw new ValidationException("document", e.getMessage());
    }
    List<Problem> problems = new ArrayList<>();
    List<ScheduledTask> out = new ArrayList<>();
    try {
      String format = doc.str("format");
      if (!format.equals(FORMAT)) {
        throw new BadJsonException("format: '" + format + "' is not " + FORMAT);
      }
      int schema = doc.integer("schema");
      if (schema > TaskJson.SCHEMA) {
        throw new BadJsonException("schema: the document was written by a newer version (schema " + schema
            + "); this version reads up to schema " + TaskJson.SCHEMA);
      }
      if (schema < 1) {
        throw new BadJsonException("schema: " + schema + " is not a schema version");
      }
      Set<TaskId> seen = new HashSet<>();
      for (JsonIn item : doc.objects("tasks")) {
        try {
          ScheduledTask t = TaskJson.task(item).toBuilder().version(0).build();
          if (!seen.add(t.id())) {
            problems.add(new Problem(item.path() + ".id", "task " + t.id() + " is in the document twice"));
          }
          out.add(t);
        } catch (BadJsonException | ValidationException e) {
          problems.add(new Problem(item.path(), e.getMessage()));
        }
      }
    } catch (BadJsonException e) {
      problems.add(new Problem("document", e.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
    return out;
  }
}

package org.summarybot.scheduling.persistence.file;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.summarybot.scheduling.json.BadJsonException;
import org.summarybot.scheduling.json.JsonIn;
import org.summarybot.scheduling.json.TaskJson;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.Claim;

/**
 * The live leases, in {@code leases.json} so that every process sharing the directory sees them:
 * {@code {schema, lastToken, leases: [{task, node, until, epoch, token}]}}. A lease belongs to its task's lease
 * epoch, so a completion (which moves the epoch on) ends it without rewriting the file, and is identified by its
 * claim's fencing token, never by its node. {@code lastToken} is the last fencing token handed out by any process;
 * it never goes down. Leases written before fencing hold token 0, which no claim carries. Used only under the
 * store's lock.
 */
final class Leases {
  /** A lease of task {@code id}, held by {@code node} until {@code until} for the claim with {@code token}. */
  record Lease(TaskId id, String node, Instant until, long epoch, long token) {}

  private final Path dir;
  private final Path file;
  private final Disk disk;
  private final Journal journal;
  private final Quarantine quarantine;
  private Map<TaskId, Lease> leases = new HashMap<>();
  private long lastToken;

  Leases(Path dir, Disk disk, Journal journal, Quarantine quarantine) {
    this.dir = dir;
    this.file = dir.resolve("leases.json");
    this.disk = disk;
    this.journal = journal;
    this.quarantine = quarantine;
  }

  long lastToken() {
    return lastToken;
  }

  Collection<Lease> all() {
    return leases.values();
  }

  /** Whether a live lease (of the task's current epoch, not expired at {@code now}) holds {@code e}. */
  boolean live(TaskEntry e, Instant now) {
    Lease l = leases.get(e.task.id());
    return l != null && l.epoch() == e.epoch && l.until().isAfter(now);
  }

  /** Whether {@code claim} holds the task's lease: the lease of the current epoch carries its fencing token. */
  boolean holds(TaskEntry e, Claim claim) {
    Lease l = leases.get(e.task.id());
    return l != null && l.epoch() == e.epoch && l.token() != 0 && l.token() == claim.fencingToken();
  }

  /** The leases as they are, to change and pass to {@link #write}. */
  Map<TaskId, Lease> copy() {
    return new HashMap<>(leases);
  }

  /** Removes the lease of {@code id}, if there is one. */
  void remove(TaskId id, TaskView view) throws IOException {
    if (leases.containsKey(id)) {
      Map<TaskId, Lease> next = copy();
      next.remove(id);
      write(next, lastToken, view);
    }
  }

  /**
   * Writes {@code next} as the leases (those of a task's current epoch; the others are over), and {@code last}
   * as the last fencing token handed out.
   */
  void write(Map<TaskId, Lease> next, long last, TaskView view) throws IOException {
    journal.leases();
    Map<TaskId, Lease> kept = new TreeMap<>();
    for (Lease l : next.values()) {
      TaskEntry e = view.get(l.id());
      if (e != null && e.epoch == l.epoch()) {
        kept.put(l.id(), l);
      }
    }
    ObjectNode root = TaskJson.object();
    root.put("schema", TaskJson.SCHEMA);
    root.put("lastToken", last);
    ArrayNode arr = root.putArray("leases");
    for (Lease l : kept.values()) {
      ObjectNode n = arr.addObject();
      n.put("task", l.id().value());
      n.put("node", l.node());
      n.put("until", l.until().toString());
      n.put("epoch", l.epoch());
      n.put("token", l.token());
    }
    disk.replace(file, TaskJson.pretty(root));
    leases = new HashMap<>(kept);
    lastToken = last;
  }

  /** Reads {@code leases.json}; a bad one is quarantined (its leases are lost, and expire anyway). */
  void load() throws IOException {
    Map<TaskId, Lease> m = new HashMap<>();
    long last = lastToken; // never lowered by a reload
    if (Files.exists(file)) {
      try {
        JsonIn in = JsonIn.parse(Files.readAllBytes(file), "leases.json");
        int schema = in.integer("schema");
        if (schema > TaskJson.SCHEMA) {
          throw StoreDirectory.newerFile(dir, file, schema);
        }
        if (in.has("lastToken")) {
          last = Math.max(last, in.lng("lastToken"));
        }
        for (JsonIn l : in.objects("leases")) {
          TaskId id = TaskId.of(l.str("task"));
          long token = l.has("token") ? l.lng("token") : 0;
          m.put(id, new Lease(id, l.str("node"), l.instant("until"), l.lng("epoch"), token));
          last = Math.max(last, token);
        }
      } catch (BadJsonException | ValidationException e) {
        quarantine.move(file, e.getMessage());
      }
    }
    leases = m;
    lastToken = last;
  }
}

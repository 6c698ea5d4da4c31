package org.summarybot.scheduling.persistence.file;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.function.Predicate;
import java.util.TreeMap;
import org.summarybot.scheduling.json.BadJsonException;
import org.summarybot.scheduling.json.JsonIn;
import org.summarybot.scheduling.json.TaskJson;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.port.Pruned;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.ValidationException;

/**
 * The append-only logs: each task's execution history ({@code history/<id>.jsonl}, one {@code {schema, record}}
 * per line; a later line of a fire replaces an earlier one, as a backfill's record replaces a failed or missed one), the prune cutoff ({@code history/pruned.json}) and the delivery log ({@code deliveries.jsonl},
 * {@code {schema, key, at}} per line). Each log is cached with the offset it was read to, so a later read only
 * reads what was appended. A last line without its newline is a write in progress or torn by a crash and is
 * left for later; a whole line that does not parse is logged and skipped. Used only under the store's lock.
 */
final class Logs {
  /** What an append-only log file held when last read, and how far it was read. */
  private static final class LogCache<V> {
    Object fileKey;
    long offset;
    final V values;

    LogCache(V values) {
      this.values = values;
    }
  }

  private interface LineHandler {
    void accept(JsonIn line);
  }

  private final Path dir;
  private final Path historyDir;
  private final Path prunedFile;
  private final Path deliveriesFile;
  private final Disk disk;
  private final Journal journal;
  private final Quarantine quarantine;
  private final System.Logger log;
  private final Map<TaskId, LogCache<NavigableMap<Instant, ExecutionRecord>>> history = new HashMap<>();
  private LogCache<Map<String, Instant>> deliveries;
  private Instant prunedBefore = Instant.MIN;
  /** Per guild, a later prune cutoff than {@code prunedBefore} (a cleanup task of that guild). */
  private final Map<GuildId, Instant> guildPrunedBefore = new HashMap<>();

  Logs(Path dir, Disk disk, Journal journal, Quarantine quarantine, System.Logger log) {
    this.dir = dir;
    this.historyDir = dir.resolve("history");
    this.prunedFile = historyDir.resolve("pruned.json");
    this.deliveriesFile = dir.resolve("deliveries.jsonl");
    this.disk = disk;
    this.journal = journal;
    this.quarantine = quarantine;
    this.log = log;
  }

  Path historyDirectory() {
    return historyDir;
  }

  /** Forgets every cached log (another process rewrote them, or a full reload). */
  void forget() {
    history.clear();
    deliveries = null;
  }

  /** Forgets the history of {@code id}, so it is read again. */
  void forgetHistory(TaskId id) {
    history.remove(id);
  }

  /** Forgets every history (pruned by another process) and re-reads the prune cutoff. */
  void historyChanged() throws IOException {
    history.clear();
    loadPruned();
  }

  void deliveriesChanged() {
    deliveries = null;
  }

  // ---------------------------------------------------------------- history

  /** The task's history: its file, plus its last completion's records when a crash kept them out of the file. */
  NavigableMap<Instant, ExecutionRecord> historyView(TaskEntry e, TaskId id) throws IOException {
    NavigableMap<Instant, ExecutionRecord> view = new TreeMap<>(historyCache(id).values);
    if (e != null) {
      for (ExecutionRecord r : e.recent) {
        if (!pruned(r)) {
          view.put(r.scheduledFor(), r); // the last completion's, newer than any line of the file
        }
      }
    }
    return view;
  }

  void appendHistory(TaskId id, List<ExecutionRecord> records) {
    if (!records.isEmpty()) {
      disk.append(historyFile(id), historyLines(records));
    }
  }

  /** Appends the task's last completion's records to its history file when a crash kept them out of it. */
  void flushRecent(TaskEntry e) throws IOException {
    if (e.recent.isEmpty()) {
      return;
    }
    NavigableMap<Instant, ExecutionRecord> inFile = historyCache(e.task.id()).values;
    List<ExecutionRecord> missing = e.recent.stream()
        .filter(r -> !r.equals(inFile.get(r.scheduledFor())) && !pruned(r))
        .toList();
    if (!missing.isEmpty()) {
      log.log(Level.INFO, "restoring " + missing.size() + " history record(s) of task " + e.task.id()
          + " that a crash kept out of its history file");
      appendHistory(e.task.id(), missing);
      history.remove(e.task.id());
    }
  }

  /** Whether a prune removed {@code r}: it finished before the cutoff of every guild, or of its own. */
  private boolean pruned(ExecutionRecord r) {
    Instant own = guildPrunedBefore.get(r.guildId());
    return r.finishedAt().isBefore(prunedBefore) || own != null && r.finishedAt().isBefore(own);
  }

  /**
   * Removes history records and delivery log entries older than {@code olderThan}, of one guild's tasks (an entry
   * by the execution whose id begins its key) or of all; how many of each went.
   */
  Pruned prune(Optional<GuildId> guild, Instant olderThan) throws IOException {
    int removed = 0;
    Set<String> executions = new HashSet<>();
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(historyDir, "*.jsonl")) {
      ds.forEach(files::add);
    }
    journal.history();
    for (Path f : files) {
      List<ExecutionRecord> all = new ArrayList<>(readHistoryFile(f, 0, new long[1]).values());
      List<ExecutionRecord> keep = new ArrayList<>(all.size());
      for (ExecutionRecord r : all) {
        if (r.finishedAt().isBefore(olderThan) && (guild.isEmpty() || r.guildId().equals(guild.get()))) {
          executions.add(r.id().value());
        } else {
          keep.add(r);
        }
      }
      if (keep.size() < all.size()) {
        removed += all.size() - keep.size();
        disk.replace(f, historyLines(keep));
      }
    }
    boolean later = guild.isEmpty() ? olderThan.isAfter(prunedBefore)
        : olderThan.isAfter(guildPrunedBefore.getOrDefault(guild.get(), prunedBefore));
    if (later) {
      // Written first, then taken: a write that fails (a full disk) changes nothing the store shows.
      Instant all = guild.isEmpty() ? olderThan : prunedBefore;
      Map<GuildId, Instant> guilds = new TreeMap<>(guildPrunedBefore);
      if (guild.isEmpty()) {
        guilds.values().removeIf(at -> !at.isAfter(olderThan));
      } else {
        guilds.put(guild.get(), olderThan);
      }
      ObjectNode p = TaskJson.object();
      p.put("schema", TaskJson.SCHEMA);
      p.put("prunedBefore", all.toString());
      if (!guilds.isEmpty()) {
        com.fasterxml.jackson.databind.node.ArrayNode g = p.putArray("guilds");
        guilds.forEach((id, at) -> g.addObject().put("guild", id.toString()).put("prunedBefore", at.toString()));
      }
      disk.replace(prunedFile, TaskJson.pretty(p));
      prunedBefore = all;
      guildPrunedBefore.clear();
      guildPrunedBefore.putAll(guilds);
    }
    history.clear();
    Map<String, Instant> d = deliveries().values;
    Predicate<Map.Entry<String, Instant>> gone = en -> en.getValue().isBefore(olderThan) && (guild.isEmpty()
        || executions.contains(en.getKey().substring(0, Math.max(0, en.getKey().indexOf('/')))));
    int keys = (int) d.entrySet().stream().filter(gone).count();
    if (keys > 0) {
      journal.deliveries();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      d.entrySet().stream().filter(gone.negate())
          .sorted(Map.Entry.comparingByValue())
          .forEach(en -> out.writeBytes(deliveryLine(en.getKey(), en.getValue())));
      disk.replace(deliveriesFile, out.toByteArray());
      deliveries = null;
    }
    return new Pruned(removed, keys);
  }

  void loadPruned() throws IOException {
    prunedBefore = Instant.MIN;
    if (Files.exists(prunedFile)) {
      try {
        JsonIn p = JsonIn.parse(Files.readAllBytes(prunedFile), "pruned.json");
        prunedBefore = p.instant("prunedBefore");
        guildPrunedBefore.clear();
        for (JsonIn g : p.optObjects("guilds")) {
          guildPrunedBefore.put(GuildId.of(g.snowflake("guild")), g.instant("prunedBefore"));
        }
      } catch (BadJsonException e) {
        quarantine.move(prunedFile, e.getMessage());
      }
    }
  }

  private Path historyFile(TaskId id) {
    return historyDir.resolve(id.value() + ".jsonl");
  }

  private static byte[] historyLines(List<ExecutionRecord> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ExecutionRecord r : records) {
      ObjectNode n = TaskJson.object();
      n.put("schema", TaskJson.SCHEMA);
      n.set("record", TaskJson.record(r));
      out.writeBytes(TaskJson.line(n));
    }
    return out.toByteArray();
  }

  private LogCache<NavigableMap<Instant, ExecutionRecord>> historyCache(TaskId id) throws IOException {
    Path f = historyFile(id);
    BasicFileAttributes a = Fs.attributes(f);
    LogCache<NavigableMap<Instant, ExecutionRecord>> c = history.get(id);
    if (a == null) {
      c = new LogCache<>(new TreeMap<>());
      history.put(id, c);
      return c;
    }
    if (c == null || !Objects.equals(c.fileKey, a.fileKey()) || a.size() < c.offset) {
      c = new LogCache<>(new TreeMap<>());
      c.fileKey = a.fileKey();
      history.put(id, c);
    }
    if (a.size() > c.offset) {
      long[] end = new long[1];
      c.values.putAll(readHistoryFile(f, c.offset, end));
      c.offset = end[0];
    }
    return c;
  }

  /** Reads history records from {@code from}; {@code end[0]} gets the offset after the last whole line. */
  private NavigableMap<Instant, ExecutionRecord> readHistoryFile(Path f, long from, long[] end) throws IOException {
    NavigableMap<Instant, ExecutionRecord> out = new TreeMap<>();
    end[0] = readLines(f, from, in -> {
      ExecutionRecord r = TaskJson.record(in.obj("record"));
      out.put(r.scheduledFor(), r); // a later line of a fire replaces an earlier one (a backfill's record)
    });
    return out;
  }

  // ---------------------------------------------------------------- deliveries

  /** Logs {@code key} as delivered at {@code at}; false when it was logged before. */
  boolean recordDelivery(String key, Instant at) throws IOException {
    LogCache<Map<String, Instant>> d = deliveries();
    if (d.values.containsKey(key)) {
      return false;
    }
    disk.append(deliveriesFile, deliveryLine(key, at));
    d.values.put(key, at);
    return true;
  }

  boolean isDelivered(String key) throws IOException {
    return deliveries().values.containsKey(key);
  }

  private static byte[] deliveryLine(String key, Instant at) {
    ObjectNode n = TaskJson.object();
    n.put("schema", TaskJson.SCHEMA);
    n.put("key", key);
    n.put("at", at.toString());
    return TaskJson.line(n);
  }

  private LogCache<Map<String, Instant>> deliveries() throws IOException {
    BasicFileAttributes a = Fs.attributes(deliveriesFile);
    if (a == null) {
      deliveries = new LogCache<>(new HashMap<>());
      return deliveries;
    }
    if (deliveries == null || !Objects.equals(deliveries.fileKey, a.fileKey()) || a.size() < deliveries.offset) {
      deliveries = new LogCache<>(new HashMap<>());
      deliveries.fileKey = a.fileKey();
    }
    if (a.size() > deliveries.offset) {
      Map<String, Instant> m = deliveries.values;
      deliveries.offset = readLines(deliveriesFile, deliveries.offset,
          in -> m.putIfAbsent(in.str("key"), in.instant("at")));
    }
    return deliveries;
  }

  /**
   * Reads the whole lines of a log from {@code from}: a last line without its newline is left for later; a whole
   * line that does not parse is logged and skipped. Returns the offset after the last whole line.
   */
  private long readLines(Path f, long from, LineHandler handler) throws IOException {
    return Fs.forEachWholeLine(f, from, line -> {
      try {
        JsonIn in = JsonIn.parse(line.getBytes(UTF_8), "record");
        int schema = in.integer("schema");
        if (schema > TaskJson.SCHEMA) {
          throw StoreDirectory.newerFile(dir, f, schema);
        }
        handler.accept(in);
      } catch (BadJsonException | ValidationException e) {
        log.log(Level.WARNING, dir.relativize(f) + ": skipping a record that was torn by a crash or is damaged: "
            + e.getMessage());
      }
    });
  }
}

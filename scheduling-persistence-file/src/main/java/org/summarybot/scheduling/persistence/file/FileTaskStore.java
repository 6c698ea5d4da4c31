package org.summarybot.scheduling.persistence.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;
import org.summarybot.scheduling.LeaseLostException;
import org.summarybot.scheduling.model.Problem;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.VersionConflictException;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.port.StoreHealth;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;

/**
 * The embedded default {@link TaskStore}: JSON files in one directory, safe against a pulled plug, shared by
 * several processes, readable and diffable by hand. The layout and the rules are in the module's README.
 *
 * <p>Promises: a call that returned has reached the disk (unless fsync is turned off); a crash at any moment
 * leaves every file whole, old or new. Several processes (and several instances in one JVM) may use one
 * directory: writes and claims are serialized by a lock on {@code store.lock}, stale versions are refused with
 * {@link VersionConflictException}, and leases live in {@code leases.json}, so no two processes run the same
 * fire. Changes made by another process become visible at this store's next call (a change journal says which
 * task files to re-read). A task file that does not parse or validate is moved to {@code quarantine/} with a
 * {@code .reason} file and reported by {@link #health()} as a warning and by {@link #quarantined()}; every other
 * task loads. A directory written by a
 * newer version of this code is refused at open. On a full disk a write fails whole: no temp file or part of a
 * line stays behind, the call throws a {@link SchedulingException} naming the directory, the file and the cause,
 * the first failure is logged once (as is the first success after it), and {@link #health()} reports the store
 * unable to write until a write succeeds.
 *
 * <p>Capabilities: everything in {@code TaskStoreContract}. Not offered: history queries across tasks.
 */
public final class FileTaskStore implements TaskStore {

  /**
   * A file the store moved to {@code quarantine/} because it could not use it (it does not parse, fails
   * validation, or does not belong where it was), and why. The store ignores it; a person fixes it and moves it
   * back, or deletes it.
   *
   * @param file where it is now, relative to the store's directory ({@code quarantine/notes.txt})
   * @param from where it was, relative to the store's directory ({@code tasks/notes.txt}), when its reason file
   *     says
   * @param reason why it was moved
   */
  public record QuarantinedFile(String file, Optional<String> from, String reason) {
    public QuarantinedFile {
      requireNonNull(file, "file");
      requireNonNull(from, "from");
      requireNonNull(reason, "reason");
    }
  }

  /** The schema version this code writes; it reads this one and every older one. */
  static final int SCHEMA = 2;
  static final String STORE_FORMAT = "summary-scheduler-file-store";
  static final String EXPORT_FORMAT = "summary-scheduler-tasks";
  static final long JOURNAL_ROTATE_BYTES = 1L << 20;

  private record Key(Instant at, TaskId id) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : id.compareTo(o.id);
    }
  }

  /** A task as stored: the task, its lease epoch (one up per completion), and its last completion's records. */
  private static final class Entry {
    final ScheduledTask task;
    final long epoch;
    final List<ExecutionRecord> recent;
    Key dueKey;

    Entry(ScheduledTask task, long epoch, List<ExecutionRecord> recent) {
      this.task = task;
      this.epoch = epoch;
      this.recent = List.copyOf(recent);
    }
  }

  /**
   * A lease; it belongs to the task's current epoch only, so a completion ends it without touching the file. It
   * is identified by its claim's fencing token, not by its node.
   */
  private record Lease(TaskId id, String node, Instant until, long epoch, long token) {}

  /** What an append-only log file held when last read, and how far it was read. */
  private static final class LogCache<V> {
    Object fileKey;
    long offset;
    final V values;

    LogCache(V values) {
      this.values = values;
    }
  }

  private record Loaded(Path file, Entry entry, String problem, int newerSchema, boolean migrated) {}

  /** Each loading thread's read buffer: opening reads 100,000 small files without a new array for each. */
  private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

  @FunctionalInterface
  private interface Io<T> {
    T get() throws IOException;
  }

  @FunctionalInterface
  private interface Write {
    void run() throws IOException;
  }

  private final Path dir;
  private final Path tasksDir;
  private final Path historyDir;
  private final Path quarantineDir;
  private final Path storeFile;
  private final Path journal;
  private final Path journalOld;
  private final Path leasesFile;
  private final Path deliveriesFile;
  private final Path prunedFile;
  private final boolean fsync;
  private final long journalRotateBytes;
  private final System.Logger log;
  private final DirLock dirLock;
  private final WriteHealth writeHealth;

  private final Object state = new Object();
  private final Map<TaskId, Entry> tasks = new HashMap<>();
  private final TreeSet<Key> due = new TreeSet<>();
  private Map<TaskId, Lease> leases = new HashMap<>();
  /**
   * The fencing token of the last claim of any task, kept in {@code leases.json} beside the leases, so every
   * process sharing the directory hands out larger ones; never lowered by a reload.
   */
  private long lastToken;
  private final Map<TaskId, LogCache<NavigableMap<Instant, ExecutionRecord>>> history = new HashMap<>();
  private LogCache<Map<String, Instant>> deliveries;
  private Instant prunedBefore = Instant.MIN;
  private Object journalKey;
  private long journalOffset;
  private boolean closed;
  /** Writes made and writes failed by this store, so that a call knows whether it wrote, and all of it. */
  private long writesMade;
  private long writesFailed;

  private FileTaskStore(Builder b) {
    this.dir = b.dir.toAbsolutePath().normalize();
    this.fsync = b.fsync == null || b.fsync;
    this.journalRotateBytes = b.journalRotateBytes;
    this.log = b.logger != null ? b.logger : System.getLogger(FileTaskStore.class.getName());
    this.tasksDir = dir.resolve("tasks");
    this.historyDir = dir.resolve("history");
    this.quarantineDir = dir.resolve("quarantine");
    this.storeFile = dir.resolve("store.json");
    this.journal = dir.resolve("journal.jsonl");
    this.journalOld = dir.resolve("journal.jsonl.1");
    this.leasesFile = dir.resolve("leases.json");
    this.deliveriesFile = dir.resolve("deliveries.jsonl");
    this.prunedFile = historyDir.resolve("pruned.json");
    this.writeHealth = new WriteHealth(dir, b.clock != null ? b.clock : Clock.system(), log);
    try {
      Fs.createPrivateDirectory(dir);
      Fs.createPrivateDirectory(tasksDir);
      Fs.createPrivateDirectory(historyDir);
      Fs.createPrivateDirectory(quarantineDir);
    } catch (IOException e) {
      throw new SchedulingException("cannot create the task store directory " + dir + ": " + e, e);
    }
    this.dirLock = DirLock.acquireFor(dir.resolve("store.lock"));
    try {
      locked(() -> null, true);
    } catch (RuntimeException e) {
      dirLock.releaseUse();
      throw e;
    }
  }

  /** Opens (creating when needed) the store in {@code dir} with fsync on and the default logger. */
  public static FileTaskStore open(Path dir) {
    return builder(dir).open();
  }

  public static Builder builder(Path dir) {
    return new Builder(requireNonNull(dir, "dir"));
  }

  /** Options of a {@link FileTaskStore}; each may be set once. */
  public static final class Builder {
    private final Path dir;
    private System.Logger logger;
    private Boolean fsync;
    private Clock clock;
    private long journalRotateBytes = JOURNAL_ROTATE_BYTES;

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** Where quarantines, migrations, skipped torn records and a spell of failing writes are logged. */
    public Builder logger(System.Logger logger) {
      if (this.logger != null) {
        throw new IllegalStateException("logger is already set");
      }
      this.logger = requireNonNull(logger, "logger");
      return this;
    }

    /**
     * Whether every write is forced to the disk before the call returns (default true). Off, a power loss may
     * lose recent writes, though never leave a torn file; a process crash loses nothing either way.
     */
    public Builder fsync(boolean fsync) {
      if (this.fsync != null) {
        throw new IllegalStateException("fsync is already set");
      }
      this.fsync = fsync;
      return this;
    }

    /**
     * What dates a spell of failing writes in {@link FileTaskStore#health()} and the log (default the system
     * clock).
     */
    public Builder clock(Clock clock) {
      if (this.clock != null) {
        throw new IllegalStateException("clock is already set");
      }
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Size at which the change journal starts a new file (tests make it small). */
    Builder journalRotateBytes(long bytes) {
      this.journalRotateBytes = bytes;
      return this;
    }

    /**
     * Opens the store: loads every task, quarantines bad files, migrates older ones.
     *
     * @throws SchedulingException when the directory was written by a newer version of this code, or cannot be
     *     read
     */
    public FileTaskStore open() {
      return new FileTaskStore(this);
    }
  }

  /** The directory this store lives in. */
  public Path directory() {
    return dir;
  }

  // ================================================================ TaskStore

  @Override
  public ScheduledTask create(ScheduledTask task) {
    requireNonNull(task, "task");
    if (task.version() != 0) {
      throw new IllegalArgumentException("a new task has version 0, not " + task.version());
    }
    return locked(() -> {
      if (tasks.containsKey(task.id())) {
        throw new SchedulingException("task " + task.id() + " already exists");
      }
      return createLocked(task);
    });
  }

  private ScheduledTask createLocked(ScheduledTask task) throws IOException {
    ScheduledTask stored = task.toBuilder().version(1).build();
    Entry e = new Entry(stored, 0, List.of());
    journalTask(stored.id());
    writeTask(e);
    if (leases.containsKey(stored.id())) {
      Map<TaskId, Lease> next = new HashMap<>(leases);
      next.remove(stored.id());
      writeLeases(next, lastToken);
    }
    put(e);
    return stored;
  }

  @Override
  public Optional<ScheduledTask> get(TaskId id) {
    requireNonNull(id, "id");
    return read(() -> Optional.ofNullable(tasks.get(id)).map(e -> e.task));
  }

  @Override
  public ScheduledTask update(ScheduledTask task) {
    requireNonNull(task, "task");
    return locked(() -> {
      Entry e = tasks.get(task.id());
      if (e == null) {
        throw new TaskNotFoundException(task.id());
      }
      if (e.task.version() != task.version()) {
        throw new VersionConflictException(task.id(), task.version(), e.task.version());
      }
      Entry next = new Entry(task.toBuilder().version(task.version() + 1).build(), e.epoch, e.recent);
      journalTask(task.id());
      writeTask(next);
      put(next);
      return next.task;
    });
  }

  /**
   * Updates several tasks at once, all or nothing as far as versions go: under the lock, every task must exist
   * and carry its current version, else nothing is written and {@link TaskNotFoundException} or
   * {@link VersionConflictException} names the first offender. Then each task file is written exactly as by
   * {@link #update} (temp file, fsync, atomic rename), but the whole batch shares one journal append and one
   * fsync of {@code tasks/}; the call returns only after that directory fsync, so every acknowledged task is on
   * the disk. A crash (or a disk error) midway may leave a prefix of the batch written, each file whole, old or
   * new; none of it was acknowledged.
   *
   * @param tasks the tasks with the versions they were read at; no id twice
   * @return the stored tasks, in the order given, each with its version one up
   * @throws IllegalArgumentException when an id is in the batch twice
   */
  public List<ScheduledTask> updateAll(List<ScheduledTask> tasks) {
    requireNonNull(tasks, "tasks");
    List<ScheduledTask> batch = List.copyOf(tasks); // also refuses null elements
    Set<TaskId> ids = new LinkedHashSet<>();
    for (ScheduledTask t : batch) {
      if (!ids.add(t.id())) {
        throw new IllegalArgumentException("task " + t.id() + " is in the batch twice");
      }
    }
    if (batch.isEmpty()) {
      return List.of();
    }
    return locked(() -> {
      List<Entry> next = new ArrayList<>(batch.size());
      for (ScheduledTask t : batch) {
        Entry e = this.tasks.get(t.id());
        if (e == null) {
          throw new TaskNotFoundException(t.id());
        }
        if (e.task.version() != t.version()) {
          throw new VersionConflictException(t.id(), t.version(), e.task.version());
        }
        next.add(new Entry(t.toBuilder().version(t.version() + 1).build(), e.epoch, e.recent));
      }
      journalTasks(ids);
      try {
        for (Entry e : next) {
          Path f = taskFile(e.task.id());
          writing(f, () -> Fs.atomicWrite(f, taskBytes(e), fsync, false));
        }
        if (fsync) {
          writing(tasksDir, () -> Fs.fsyncDirectory(tasksDir));
        }
      } catch (RuntimeException failed) {
        // Some files may be written: make the view match the disk again before reporting the failure.
        for (TaskId id : ids) {
          try {
            reloadTask(id);
          } catch (IOException | RuntimeException again) {
            failed.addSuppressed(again);
          }
        }
        throw failed;
      }
      List<ScheduledTask> out = new ArrayList<>(next.size());
      for (Entry e : next) {
        put(e);
        out.add(e.task);
      }
      return out;
    });
  }

  @Override
  public boolean delete(TaskId id) {
    requireNonNull(id, "id");
    return locked(() -> {
      Entry e = tasks.get(id);
      if (e == null) {
        return false;
      }
      flushRecent(e);
      journalTask(id);
      writing(taskFile(id), () -> {
        Files.deleteIfExists(taskFile(id));
        if (fsync) {
          Fs.fsyncDirectory(tasksDir);
        }
      });
      remove(id);
      if (leases.containsKey(id)) {
        Map<TaskId, Lease> next = new HashMap<>(leases);
        next.remove(id);
        writeLeases(next, lastToken);
      }
      return true;
    });
  }

  @Override
  public List<ScheduledTask> list(TaskQuery query) {
    requireNonNull(query, "query");
    return read(() -> query.select(() -> tasks.values().stream().map(e -> e.task).iterator()));
  }

  @Override
  public Map<TaskStatus, Long> countByStatus() {
    return read(() -> {
      Map<TaskStatus, Long> counts = new java.util.EnumMap<>(TaskStatus.class);
      for (var e : tasks.values()) {
        counts.merge(e.task.status(), 1L, Long::sum);
      }
      return counts;
    });
  }

  @Override
  public List<Claim> claimDue(Instant now, int limit, String nodeId, Duration lease) {
    requireNonNull(now, "now");
    requireNonNull(nodeId, "nodeId");
    requireNonNull(lease, "lease");
    if (limit <= 0 || !read(() -> firstFree(now, true) != null)) {
      return List.of();
    }
    return locked(() -> {
      Instant until = now.plus(lease);
      List<Claim> out = new ArrayList<>();
      Map<TaskId, Lease> next = new HashMap<>(leases);
      long token = lastToken;
      for (Key k : due) {
        if (out.size() >= limit || k.at().isAfter(now)) {
          break;
        }
        Entry e = tasks.get(k.id());
        if (!liveLease(e, now)) {
          token++;
          next.put(k.id(), new Lease(k.id(), nodeId, until, e.epoch, token));
          out.add(new Claim(e.task, k.at(), nodeId, token, until, false));
        }
      }
      if (!out.isEmpty()) {
        writeLeases(next, token);
      }
      return out;
    });
  }

  @Override
  public Optional<Instant> nextDueAt(Instant now) {
    requireNonNull(now, "now");
    return read(() -> {
      Key free = firstFree(now, false);
      Instant best = free == null ? null : free.at();
      for (Lease l : leases.values()) {
        Entry e = tasks.get(l.id());
        if (e != null && e.dueKey != null && l.epoch() == e.epoch && l.until().isAfter(now)
            && (best == null || l.until().isBefore(best))) {
          best = l.until();
        }
      }
      return Optional.ofNullable(best);
    });
  }

  @Override
  public Map<TaskId, String> leaseHolders(Instant now) {
    requireNonNull(now, "now");
    return read(() -> {
      Map<TaskId, String> out = new TreeMap<>();
      for (Lease l : leases.values()) {
        Entry e = tasks.get(l.id());
        if (e != null && liveLease(e, now)) {
          out.put(l.id(), l.node());
        }
      }
      return out;
    });
  }

  @Override
  public boolean extendLease(Claim claim, Instant until) {
    requireNonNull(claim, "claim");
    requireNonNull(until, "until");
    TaskId id = claim.task().id();
    return locked(() -> {
      Entry e = tasks.get(id);
      if (e == null || !holds(e, claim)) {
        return false;
      }
      Map<TaskId, Lease> next = new HashMap<>(leases);
      next.put(id, new Lease(id, claim.nodeId(), until, e.epoch, claim.fencingToken()));
      writeLeases(next, lastToken);
      return true;
    });
  }

  @Override
  public boolean releaseLease(Claim claim) {
    requireNonNull(claim, "claim");
    TaskId id = claim.task().id();
    return locked(() -> {
      Entry e = tasks.get(id);
      if (e == null || !holds(e, claim)) {
        return false;
      }
      Map<TaskId, Lease> next = new HashMap<>(leases);
      next.remove(id);
      writeLeases(next, lastToken);
      return true;
    });
  }

  @Override
  public ScheduledTask complete(Completion completion) {
    requireNonNull(completion, "completion");
    Claim claim = completion.claim();
    TaskId id = claim.task().id();
    // Logged first, and kept whatever happens to the completion (see TaskStore#complete).
    for (String key : completion.deliveryKeys()) {
      recordDelivery(key, completion.completedAt());
    }
    return locked(() -> {
      Entry e = tasks.get(id);
      if (e == null) {
        throw new TaskNotFoundException(id);
      }
      if (!holds(e, claim)) {
        throw new LeaseLostException(id, claim.nodeId(), claim.fencingToken());
      }
      NavigableMap<Instant, ExecutionRecord> h = historyView(id);
      Set<Instant> fires = new HashSet<>();
      for (ExecutionRecord r : completion.records()) {
        if (h.containsKey(r.scheduledFor()) || !fires.add(r.scheduledFor())) {
          throw new SchedulingException("execution " + r.id() + " of task " + id + " for " + r.scheduledFor()
              + " is already recorded");
        }
      }
      ScheduledTask next = completion.applyTo(e.task).toBuilder().version(e.task.version() + 1).build();
      flushRecent(e);
      Entry ne = new Entry(next, e.epoch + 1, completion.records());
      journalTask(id);
      writeTask(ne);
      put(ne);
      try {
        appendHistory(id, completion.records());
      } catch (WriteFailedException notAppended) {
        // The task file holds the completion and its records (recent), so the completion stands: history shows
        // the records from there, and the task's next completion appends them (flushRecent). The failure is
        // recorded for health and the log.
        history.remove(id);
      }
      return next;
    });
  }

  @Override
  public List<ExecutionRecord> history(TaskId id, int limit) {
    requireNonNull(id, "id");
    if (limit <= 0) {
      return List.of();
    }
    return read(() -> {
      List<ExecutionRecord> out = new ArrayList<>();
      for (ExecutionRecord r : historyView(id).descendingMap().values()) {
        if (out.size() == limit) {
          break;
        }
        out.add(r);
      }
      return out;
    });
  }

  @Override
  public int pruneHistory(Instant olderThan) {
    requireNonNull(olderThan, "olderThan");
    return locked(() -> {
      int removed = 0;
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(historyDir, "*.jsonl")) {
        ds.forEach(files::add);
      }
      journal(op("history", null));
      for (Path f : files) {
        List<ExecutionRecord> all = new ArrayList<>(readHistoryFile(f, 0, new long[1]).values());
        List<ExecutionRecord> keep = all.stream().filter(r -> !r.finishedAt().isBefore(olderThan)).toList();
        if (keep.size() < all.size()) {
          removed += all.size() - keep.size();
          writing(f, () -> Fs.atomicWrite(f, historyLines(keep), fsync));
        }
      }
      if (olderThan.isAfter(prunedBefore)) {
        ObjectNode p = Codec.object();
        p.put("schema", SCHEMA);
        p.put("prunedBefore", olderThan.toString());
        writing(prunedFile, () -> Fs.atomicWrite(prunedFile, Codec.pretty(p), fsync));
        prunedBefore = olderThan;
      }
      history.clear();
      Map<String, Instant> d = deliveries().values;
      if (d.values().stream().anyMatch(at -> at.isBefore(olderThan))) {
        journal(op("deliveries", null));
        ByteArrayBuilder out = new ByteArrayBuilder();
        d.entrySet().stream().filter(en -> !en.getValue().isBefore(olderThan))
            .sorted(Map.Entry.comparingByValue())
            .forEach(en -> out.add(deliveryLine(en.getKey(), en.getValue())));
        writing(deliveriesFile, () -> Fs.atomicWrite(deliveriesFile, out.bytes(), fsync));
        deliveries = null;
      }
      return removed;
    });
  }

  @Override
  public boolean recordDelivery(String deliveryKey, Instant at) {
    requireNonNull(deliveryKey, "deliveryKey");
    requireNonNull(at, "at");
    return locked(() -> {
      LogCache<Map<String, Instant>> d = deliveries();
      if (d.values.containsKey(deliveryKey)) {
        return false;
      }
      writing(deliveriesFile, () -> Fs.append(deliveriesFile, deliveryLine(deliveryKey, at), fsync));
      d.values.put(deliveryKey, at);
      return true;
    });
  }

  @Override
  public boolean isDelivered(String deliveryKey) {
    requireNonNull(deliveryKey, "deliveryKey");
    return read(() -> deliveries().values.containsKey(deliveryKey));
  }

  /**
   * Problems: whether writes fail (since when, and why); while they do, this first tries one (store.json rewritten
   * as it is), so a disk that has space again is healthy at once, not only after the next claim or save.
   * Warnings: every file in {@code quarantine/} with the reason it was put there. A quarantined file needs a
   * person's look, but the store works without it: it keeps the store healthy.
   */
  @Override
  public StoreHealth health() {
    List<String> problems = new ArrayList<>();
    if (writeHealth.failing()) {
      tryWriting().ifPresent(problems::add);
    }
    writeHealth.problem().ifPresent(problems::add);
    List<String> warnings = new ArrayList<>();
    try {
      for (QuarantinedFile q : quarantined()) {
        warnings.add(q.file() + " is quarantined: " + q.reason());
      }
    } catch (SchedulingException e) {
      problems.add(e.getMessage());
    }
    return new StoreHealth(problems, warnings);
  }

  /**
   * Every file in {@code quarantine/}, by name, with where it came from and why it was moved there (from its
   * {@code .reason} file).
   *
   * @throws SchedulingException when {@code quarantine/} cannot be read
   */
  public List<QuarantinedFile> quarantined() {
    List<QuarantinedFile> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(quarantineDir)) {
      List<Path> files = new ArrayList<>();
      ds.forEach(files::add);
      files.sort(null);
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(".reason") || Fs.isTemp(f)) {
          continue;
        }
        Path reasonFile = f.resolveSibling(name + ".reason");
        List<String> lines = Files.exists(reasonFile)
            ? new String(Files.readAllBytes(reasonFile), UTF_8).lines().toList() : List.of();
        Optional<String> from = lines.stream().filter(l -> l.startsWith("file: ")).findFirst()
            .map(l -> l.substring(6));
        String reason = lines.isEmpty() ? "no reason recorded" : lines.stream()
            .filter(l -> l.startsWith("reason: ")).findFirst().map(l -> l.substring(8)).orElse("see .reason file");
        out.add(new QuarantinedFile(dir.relativize(f).toString(), from, reason));
      }
    } catch (IOException e) {
      throw new SchedulingException("cannot read " + quarantineDir + ": " + e, e);
    }
    return out;
  }

  /** Rewrites store.json as it is; a problem other than the write failing (which is recorded), if any. */
  private Optional<String> tryWriting() {
    try {
      locked(() -> {
        writing(storeFile, () -> Fs.atomicWrite(storeFile, storeFileBytes(), fsync));
        return null;
      });
      return Optional.empty();
    } catch (WriteFailedException stillFailing) {
      return Optional.empty();
    } catch (SchedulingException | IllegalStateException e) {
      return Optional.of(e.getMessage());
    }
  }

  @Override
  public void close() {
    synchronized (state) {
      if (closed) {
        return;
      }
      closed = true;
    }
    dirLock.releaseUse();
  }

  // ================================================================ import and export

  /**
   * All tasks, or one guild's, as one JSON document (tasks ordered by id, without versions and leases). The
   * same tasks always give the same document.
   */
  public String exportTasks(Optional<GuildId> guild) {
    requireNonNull(guild, "guild");
    List<ScheduledTask> list = list(guild.map(TaskQuery::guild).orElse(TaskQuery.all()));
    ObjectNode doc = Codec.object();
    doc.put("format", EXPORT_FORMAT);
    doc.put("schema", SCHEMA);
    guild.ifPresent(g -> doc.put("guild", g.toString()));
    ArrayNode arr = doc.putArray("tasks");
    list.forEach(t -> arr.add(Codec.task(t, false)));
    return new String(Codec.pretty(doc), UTF_8);
  }

  /**
   * Imports the tasks of a document made by {@link #exportTasks}: checks every task first (it parses, it is
   * valid, its id is not in the document twice and not in this store), then creates all of them or none.
   * With {@code dryRun}, only checks.
   *
   * @throws ValidationException listing every problem found, each naming its place ({@code tasks[3].zone})
   */
  public ImportReport importTasks(String document, boolean dryRun) {
    requireNonNull(document, "document");
    List<ScheduledTask> parsed = parseExport(document);
    return locked(() -> {
      List<Problem> problems = new ArrayList<>();
      for (int i = 0; i < parsed.size(); i++) {
        if (tasks.containsKey(parsed.get(i).id())) {
          problems.add(new Problem("tasks[" + i + "].id", "task " + parsed.get(i).id() + " already exists"));
        }
      }
      if (!problems.isEmpty()) {
        throw new ValidationException(problems);
      }
      List<TaskId> ids = parsed.stream().map(ScheduledTask::id).toList();
      if (dryRun) {
        return new ImportReport(ids, true);
      }
      List<TaskId> created = new ArrayList<>();
      try {
        for (ScheduledTask t : parsed) {
          createLocked(t);
          created.add(t.id());
        }
      } catch (IOException | RuntimeException e) {
        for (TaskId id : created) {
          try {
            journalTask(id);
            writing(taskFile(id), () -> Files.deleteIfExists(taskFile(id)));
            remove(id);
          } catch (IOException | RuntimeException undo) {
            e.addSuppressed(undo);
          }
        }
        throw e;
      }
      return new ImportReport(ids, false);
    });
  }

  private static List<ScheduledTask> parseExport(String document) {
    JsonIn doc;
    try {
      doc = new JsonIn(Codec.parse(document.getBytes(UTF_8), "the document"), "");
    } catch (BadFileException e) {
      throw new ValidationException("document", e.getMessage());
    }
    List<Problem> problems = new ArrayList<>();
    List<ScheduledTask> out = new ArrayList<>();
    try {
      String format = doc.str("format");
      if (!format.equals(EXPORT_FORMAT)) {
        throw new BadFileException("format: '" + format + "' is not " + EXPORT_FORMAT);
      }
      int schema = doc.integer("schema");
      if (schema > SCHEMA) {
        throw new BadFileException("schema: the document was written by a newer version (schema " + schema
            + "); this version reads up to schema " + SCHEMA);
      }
      if (schema < 1) {
        throw new BadFileException("schema: " + schema + " is not a schema version");
      }
      List<JsonIn> items = doc.objects("tasks");
      Set<TaskId> seen = new HashSet<>();
      for (JsonIn item : items) {
        try {
          ScheduledTask t = Codec.task(item).toBuilder().version(0).build();
          if (!seen.add(t.id())) {
            problems.add(new Problem(item.path() + ".id", "task " + t.id() + " is in the document twice"));
          }
          out.add(t);
        } catch (BadFileException | ValidationException e) {
          problems.add(new Problem(item.path(), e.getMessage()));
        }
      }
    } catch (BadFileException e) {
      problems.add(new Problem("document", e.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
    return out;
  }

  // ================================================================ locking and refresh

  private <T> T locked(Io<T> body) {
    return locked(body, false);
  }

  private <T> T locked(Io<T> body, boolean opening) {
    ensureOpen();
    try {
      dirLock.lock();
    } catch (IOException e) {
      throw new SchedulingException("cannot lock " + dir.resolve("store.lock") + ": " + e, e);
    }
    try {
      synchronized (state) {
        long made = writesMade;
        long failed = writesFailed;
        if (opening) {
          openLocked();
        } else {
          refreshLocked();
        }
        T out = body.get();
        if (writesMade > made && writesFailed == failed) {
          writeHealth.succeeded();
        }
        return out;
      }
    } catch (IOException | UncheckedIOException e) {
      throw new SchedulingException("task store " + dir + ": " + e, e);
    } finally {
      dirLock.unlock();
    }
  }

  /** Runs a read on this process's view; when the journal shows changes by others, refreshes first. */
  private <T> T read(Io<T> body) {
    ensureOpen();
    try {
      BasicFileAttributes a = Fs.attributes(journal);
      boolean moved;
      synchronized (state) {
        moved = a == null || !Objects.equals(a.fileKey(), journalKey) || a.size() != journalOffset;
        if (!moved) {
          return body.get();
        }
      }
      return locked(body);
    } catch (IOException | UncheckedIOException e) {
      throw new SchedulingException("task store " + dir + ": " + e, e);
    }
  }

  private void ensureOpen() {
    synchronized (state) {
      if (closed) {
        throw new IllegalStateException("the task store in " + dir + " is closed");
      }
    }
  }

  private void openLocked() throws IOException {
    restrictModes();
    checkStoreFile();
    removeTempFiles(dir);
    removeTempFiles(historyDir);
    removeTempFiles(quarantineDir);
    fullReload(true); // removes the temp files in tasks/ while it lists the directory anyway
  }

  /**
   * Makes a store written before its files were made owner-only (or loosened by hand) owner-only: files 0600,
   * directories 0700. The store's directory is done last, so a store whose directory is 0700 was made or already
   * restricted by this code, and opening it costs no call per file. A file whose mode cannot be changed (another
   * user's) is logged and left; the directory's 0700 keeps others out of it anyway.
   */
  private void restrictModes() throws IOException {
    if (!Fs.posix(dir)) {
      return;
    }
    Path root = dir.toRealPath(); // the directory itself when dir is a symbolic link to it
    if (Files.getPosixFilePermissions(root, LinkOption.NOFOLLOW_LINKS).equals(Fs.DIRECTORY_MODE)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> walk = Files.walk(root, 2)) {
      all = new ArrayList<>(walk.toList());
    }
    Collections.reverse(all); // contents before their directory, the store's directory last
    int changed = 0;
    List<String> failed = new ArrayList<>();
    for (Path p : all) {
      try {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isDirectory() || a.isRegularFile()) {
          changed += Fs.restrict(p, a.isDirectory() ? Fs.DIRECTORY_MODE : Fs.FILE_MODE) ? 1 : 0;
        }
      } catch (NoSuchFileException gone) {
        // nothing left to restrict
      } catch (IOException e) {
        failed.add(root.relativize(p) + " (" + WriteHealth.describe(e) + ")");
      }
    }
    if (changed > 0 && Files.exists(storeFile)) { // a new store in a directory made by hand is not news
      log.log(Level.INFO, "task store " + dir + ": made " + changed + " file(s) and directories owner-only"
          + " (files 0600, directories 0700); task files hold webhook URLs");
    }
    if (!failed.isEmpty()) {
      log.log(Level.WARNING, "task store " + dir + ": could not make " + failed.size() + " file(s) owner-only: "
          + String.join(", ", failed.subList(0, Math.min(5, failed.size()))) + (failed.size() > 5 ? ", ..." : ""));
    }
  }

  private void checkStoreFile() throws IOException {
    if (Files.exists(storeFile)) {
      try {
        JsonIn in = new JsonIn(Codec.parse(Files.readAllBytes(storeFile), "store.json"), "");
        int schema = in.integer("schema");
        if (schema > SCHEMA) {
          throw new SchedulingException("the task store in " + dir + " was written by a newer version of "
              + "summary-scheduler (store schema " + schema + "); this version reads up to schema " + SCHEMA
              + ". Upgrade summary-scheduler, or open a copy made before the upgrade. Nothing was changed.");
        }
        if (schema == SCHEMA) {
          return;
        }
        log.log(Level.INFO, "upgrading the task store in " + dir + " from schema " + schema + " to " + SCHEMA);
      } catch (BadFileException e) {
        quarantine(storeFile, e.getMessage());
      }
    }
    writing(storeFile, () -> Fs.atomicWrite(storeFile, storeFileBytes(), fsync));
  }

  private static byte[] storeFileBytes() {
    ObjectNode s = Codec.object();
    s.put("format", STORE_FORMAT);
    s.put("schema", SCHEMA);
    return Codec.pretty(s);
  }

  private void removeTempFiles(Path d) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
      for (Path p : ds) {
        if (Fs.isTemp(p)) {
          removeTempFile(p);
        }
      }
    }
  }

  private void removeTempFile(Path p) throws IOException {
    // A write that never completed (its writer held the lock we hold now, so it is dead): never acknowledged.
    log.log(Level.INFO, "removing unfinished write " + p);
    writing(p, () -> Files.deleteIfExists(p));
  }

  private void refreshLocked() throws IOException {
    BasicFileAttributes a = Fs.attributes(journal);
    if (a == null) {
      fullReload(false);
      return;
    }
    if (!Objects.equals(a.fileKey(), journalKey)) {
      BasicFileAttributes old = Fs.attributes(journalOld);
      if (journalKey != null && old != null && journalKey.equals(old.fileKey())) {
        replay(journalOld, journalOffset);
        journalKey = a.fileKey();
        journalOffset = 0;
      } else {
        fullReload(false);
        return;
      }
    }
    if (a.size() < journalOffset) {
      fullReload(false);
      return;
    }
    if (a.size() > journalOffset) {
      journalOffset = replay(journal, journalOffset);
      if (journalOffset < a.size()) {
        // A torn entry: its writer died holding the lock we now hold, before changing anything. End the line.
        writing(journal, () -> Fs.append(journal, new byte[0], false));
        journalOffset = replay(journal, journalOffset);
      }
    }
  }

  /** Applies the journal entries of {@code file} from {@code from}; returns the offset after the last whole line. */
  private long replay(Path file, long from) throws IOException {
    byte[] bytes;
    try {
      bytes = Fs.readFrom(file, from);
    } catch (NoSuchFileException e) {
      return from;
    }
    Set<TaskId> changed = new LinkedHashSet<>();
    boolean leasesChanged = false;
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      String line = new String(bytes, start, i - start, UTF_8).strip();
      start = i + 1;
      if (line.isEmpty()) {
        continue;
      }
      try {
        JsonIn in = new JsonIn(Codec.parse(line.getBytes(UTF_8), "journal entry"), "");
        switch (in.str("op")) {
          case "task":
            changed.add(TaskId.of(in.str("id")));
            break;
          case "leases":
            leasesChanged = true;
            break;
          case "history":
            history.clear();
            loadPruned();
            break;
          case "deliveries":
            deliveries = null;
            break;
          default:
            log.log(Level.WARNING, file + ": unknown journal entry " + line + " (a newer version?)");
        }
      } catch (RuntimeException e) {
        log.log(Level.DEBUG, file + ": skipping a torn journal entry: " + line);
      }
    }
    for (TaskId id : changed) {
      reloadTask(id);
    }
    if (leasesChanged) {
      loadLeases();
    }
    return from + start;
  }

  /**
   * Reloads every task file. Decoding (read, parse, validate, migrate in memory) runs in parallel and touches
   * nothing; then, in the directory's listing order, one thread throws for a file of a newer schema (before
   * anything is changed), quarantines bad files, rewrites migrated ones and installs the rest.
   */
  private void fullReload(boolean atOpen) throws IOException {
    BasicFileAttributes ja = Fs.attributes(journal);
    if (ja == null) {
      writing(journal, () -> Fs.createEmpty(journal));
      ja = Fs.attributes(journal);
    }
    journalKey = ja.fileKey();
    journalOffset = ja.size();
    tasks.clear();
    due.clear();
    history.clear();
    deliveries = null;
    List<LoadChunk> chunks = loadAll(atOpen);
    for (LoadChunk c : chunks) {
      for (int i = 0; i < c.size; i++) {
        if (c.loaded[i].newerSchema() > 0) {
          throw newerFile(c.loaded[i].file(), c.loaded[i].newerSchema());
        }
      }
    }
    int dueCount = 0;
    for (LoadChunk c : chunks) {
      for (int i = 0; i < c.size; i++) {
        Loaded l = c.loaded[i];
        if (l.problem() != null) {
          quarantine(l.file(), l.problem());
        } else if (l.entry() != null) {
          if (l.migrated()) {
            log.log(Level.INFO, "migrating " + dir.relativize(l.file()) + " to schema " + SCHEMA);
            writeTask(l.entry());
          }
          tasks.put(l.entry().task.id(), l.entry()); // ids are unique here: each is its file's name
        }
      }
      dueCount += c.dueKeys.length;
    }
    // Each chunk's keys are sorted already (by the thread that loaded it): the sort only merges those runs.
    Key[] all = new Key[dueCount];
    int at = 0;
    for (LoadChunk c : chunks) {
      System.arraycopy(c.dueKeys, 0, all, at, c.dueKeys.length);
      at += c.dueKeys.length;
    }
    Arrays.sort(all);
    due.addAll(new SortedKeys(Arrays.asList(all))); // an empty TreeSet builds from sorted input in linear time
    loadLeases();
    loadPruned();
  }

  /** Task files per unit of parallel loading work. */
  private static final int LOAD_CHUNK = 512;

  /** Some task files, in listing order, and what loading them gave. */
  private final class LoadChunk {
    final Path[] files = new Path[LOAD_CHUNK];
    int size;
    Loaded[] loaded;
    /** The due keys of the chunk's tasks, sorted; each is also set as its entry's {@code dueKey}. */
    Key[] dueKeys;

    void load() {
      Loaded[] out = new Loaded[size];
      Key[] keys = new Key[size];
      int n = 0;
      for (int i = 0; i < size; i++) {
        Loaded l = FileTaskStore.this.load(files[i]);
        out[i] = l;
        Entry e = l.entry();
        if (e != null && e.task.isActive()) {
          Optional<Instant> at = e.task.dueAt();
          if (at.isPresent()) {
            e.dueKey = new Key(at.get(), e.task.id());
            keys[n++] = e.dueKey;
          }
        }
      }
      keys = Arrays.copyOf(keys, n);
      Arrays.sort(keys);
      dueKeys = keys;
      loaded = out;
    }
  }

  /**
   * Lists {@code tasks/} and loads every task file (temp files aside; at open they are removed), in chunks that
   * the common fork-join pool's workers start on while this thread is still listing; this thread then loads
   * chunks too until none is left. Returns the chunks in listing order, each loaded.
   */
  private List<LoadChunk> loadAll(boolean atOpen) throws IOException {
    LoadJob job = new LoadJob();
    int helpers = Math.max(1, ForkJoinPool.getCommonPoolParallelism());
    boolean started = false;
    boolean listed = false;
    try {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasksDir)) {
        LoadChunk c = new LoadChunk();
        for (Path p : ds) {
          if (Fs.isTemp(p)) {
            if (atOpen) {
              removeTempFile(p);
            }
            continue;
          }
          c.files[c.size++] = p;
          if (c.size == LOAD_CHUNK) {
            job.add(c);
            c = new LoadChunk();
            if (!started) {
              started = true;
              for (int i = 0; i < helpers; i++) {
                ForkJoinPool.commonPool().execute(job::help);
              }
            }
          }
        }
        if (c.size > 0) {
          job.add(c);
        }
      }
      listed = true;
    } finally {
      if (!listed) {
        job.abandon();
      }
    }
    job.listed();
    return job.finish();
  }

  /**
   * The chunks of one {@link #loadAll}: the listing thread adds them, pool workers and then the listing thread
   * take them one at a time. A worker that starts only after the listing thread finished the job does nothing,
   * so a busy pool never holds the open up.
   */
  private static final class LoadJob {
    private final List<LoadChunk> chunks = new ArrayList<>();
    private int next;
    private boolean listed;
    private boolean finished;
    private int active;
    private Throwable failure;

    synchronized void add(LoadChunk c) {
      chunks.add(c);
      notifyAll();
    }

    synchronized void listed() {
      listed = true;
      notifyAll();
    }

    /** The next chunk to load, or null when there is none left (or one failed); waits while listing goes on. */
    private synchronized LoadChunk take() throws InterruptedException {
      while (next == chunks.size() && !listed && failure == null) {
        wait();
      }
      return next < chunks.size() && failure == null ? chunks.get(next++) : null;
    }

    private void work() {
      try {
        for (LoadChunk c = take(); c != null; c = take()) {
          c.load();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the rest is left to the listing thread
      } catch (Throwable t) {
        synchronized (this) {
          if (failure == null) {
            failure = t;
          } else {
            failure.addSuppressed(t);
          }
        }
      }
    }

    /** Run by a pool worker. */
    void help() {
      synchronized (this) {
        if (finished) {
          return;
        }
        active++;
      }
      try {
        work();
      } finally {
        synchronized (this) {
          active--;
          notifyAll();
        }
      }
    }

    /** Run by the listing thread when listing failed: stops the workers and waits for them. */
    void abandon() {
      synchronized (this) {
        if (failure == null) {
          failure = new CancellationException("listing the task files failed");
        }
        listed = true;
        notifyAll();
      }
      awaitWorkers();
    }

    /** Run by the listing thread after the listing: loads what is left, waits for the workers, reports. */
    List<LoadChunk> finish() {
      work();
      awaitWorkers();
      synchronized (this) {
        if (failure instanceof RuntimeException r) {
          throw r;
        }
        if (failure instanceof Error err) {
          throw err;
        }
        if (failure != null) {
          throw new IllegalStateException(failure);
        }
        return chunks;
      }
    }

    private void awaitWorkers() {
      boolean interrupted = false;
      synchronized (this) {
        finished = true;
        while (active > 0) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true; // the workers still use the chunks: wait for them all the same
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Keys already in order, so that {@link TreeSet#addAll} takes its linear-time path; only iteration is used. */
  private static final class SortedKeys extends AbstractSet<Key> implements SortedSet<Key> {
    private final List<Key> keys;

    SortedKeys(List<Key> keys) {
      this.keys = keys;
    }

    @Override
    public Iterator<Key> iterator() {
      return keys.iterator();
    }

    @Override
    public int size() {
      return keys.size();
    }

    @Override
    public Comparator<? super Key> comparator() {
      return null; // natural order, as the TreeSet's
    }

    @Override
    public SortedSet<Key> subSet(Key from, Key to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SortedSet<Key> headSet(Key to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SortedSet<Key> tailSet(Key from) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Key first() {
      return keys.get(0);
    }

    @Override
    public Key last() {
      return keys.get(keys.size() - 1);
    }
  }

  private Loaded load(Path file) {
    String name = file.getFileName().toString();
    byte[] bytes;
    int length;
    try {
      length = Fs.readInto(file, READ_BUFFER);
      bytes = READ_BUFFER.get();
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
    return parseTaskFile(file, bytes, length);
  }

  /**
   * Decodes a task file: first by the streaming fast path, which takes only well-formed current-schema files;
   * whatever it does not take is read by the tree reader, which alone decides what is bad and why.
   */
  private Loaded parseTaskFile(Path file, byte[] buffer, int length) {
    String name = file.getFileName().toString();
    try {
      TaskFileDecoder.Decoded fast = TaskFileDecoder.decode(buffer, length);
      if (fast != null) {
        return checked(file, name, new Entry(fast.task(), fast.leaseEpoch(), fast.recent()), false);
      }
      byte[] bytes = buffer.length == length ? buffer : Arrays.copyOf(buffer, length);
      JsonIn in = new JsonIn(Codec.parse(bytes, "the file"), "");
      int schema = in.integer("schema");
      if (schema > SCHEMA) {
        return new Loaded(file, null, null, schema, false);
      }
      if (schema < 1) {
        throw new BadFileException("schema: " + schema + " is not a schema version (1-" + SCHEMA + ")");
      }
      Entry e;
      if (schema == 1) {
        // Schema 1: the task's fields at the top level, no lease epoch, no recent records.
        e = new Entry(Codec.task(in), 0, List.of());
      } else {
        TaskFileDecoder.Decoded d = readTree(in);
        e = new Entry(d.task(), d.leaseEpoch(), d.recent());
      }
      return checked(file, name, e, schema < SCHEMA);
    } catch (BadFileException | ValidationException e) {
      return new Loaded(file, null, e.getMessage(), 0, false);
    }
  }

  /** A schema-2 task file by the tree reader: every problem is a {@link BadFileException} naming the field. */
  static TaskFileDecoder.Decoded readTree(JsonIn in) {
    List<ExecutionRecord> recent = new ArrayList<>();
    for (JsonIn r : in.optObjects("recent")) {
      recent.add(Codec.record(r));
    }
    return new TaskFileDecoder.Decoded(Codec.task(in.obj("task")), in.lng("leaseEpoch"), recent);
  }

  /** The checks of a decoded task file that need its name: the id it holds, and a stored version. */
  private static Loaded checked(Path file, String name, Entry e, boolean migrated) {
    if (!name.equals(e.task.id().value() + ".json")) {
      throw new BadFileException("the file is named " + name + " but holds task " + e.task.id());
    }
    if (e.task.version() < 1) {
      throw new BadFileException("task.version: " + e.task.version() + " is not a stored version (1 or more)");
    }
    return new Loaded(file, e, null, 0, migrated);
  }

  private void reloadTask(TaskId id) throws IOException {
    Path f = taskFile(id);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(f);
    } catch (NoSuchFileException e) {
      remove(id);
      return;
    }
    Loaded l = parseTaskFile(f, bytes, bytes.length);
    if (l.newerSchema() > 0) {
      throw newerFile(f, l.newerSchema());
    }
    if (l.problem() != null) {
      quarantine(f, l.problem());
      remove(id);
      return;
    }
    put(l.entry());
  }

  private SchedulingException newerFile(Path f, int schema) {
    return new SchedulingException(dir.relativize(f) + " in the task store " + dir + " was written by a newer "
        + "version of summary-scheduler (schema " + schema + "); this version reads up to schema " + SCHEMA
        + ". Upgrade summary-scheduler; the store was not opened and nothing was changed.");
  }

  private void loadLeases() throws IOException {
    Map<TaskId, Lease> m = new HashMap<>();
    long last = lastToken;
    if (Files.exists(leasesFile)) {
      try {
        JsonIn in = new JsonIn(Codec.parse(Files.readAllBytes(leasesFile), "leases.json"), "");
        int schema = in.integer("schema");
        if (schema > SCHEMA) {
          throw newerFile(leasesFile, schema);
        }
        // Files of releases before fencing have no tokens: their leases hold token 0, which no claim carries.
        if (in.has("lastToken")) {
          last = Math.max(last, in.lng("lastToken"));
        }
        for (JsonIn l : in.objects("leases")) {
          TaskId id = TaskId.of(l.str("task"));
          long token = l.has("token") ? l.lng("token") : 0;
          m.put(id, new Lease(id, l.str("node"), l.instant("until"), l.lng("epoch"), token));
          last = Math.max(last, token);
        }
      } catch (BadFileException | ValidationException e) {
        quarantine(leasesFile, e.getMessage());
      }
    }
    leases = m;
    lastToken = last;
  }

  private void loadPruned() throws IOException {
    prunedBefore = Instant.MIN;
    if (Files.exists(prunedFile)) {
      try {
        JsonIn in = new JsonIn(Codec.parse(Files.readAllBytes(prunedFile), "pruned.json"), "");
        prunedBefore = in.instant("prunedBefore");
      } catch (BadFileException e) {
        quarantine(prunedFile, e.getMessage());
      }
    }
  }

  /** Moves a bad file to {@code quarantine/} beside a {@code .reason} file; never deletes it. */
  private void quarantine(Path file, String reason) throws IOException {
    String base = file.getFileName().toString();
    Path target = quarantineDir.resolve(base);
    for (int n = 1; Files.exists(target) || Files.exists(target.resolveSibling(target.getFileName() + ".reason")); n++) {
      target = quarantineDir.resolve(base + "." + n);
    }
    String text = "file: " + dir.relativize(file) + "\nreason: " + reason.replace('\n', ' ') + "\n"
        + "The store ignores this file. Fix it and move it back to " + dir.relativize(file.getParent())
        + "/, or delete it.\n";
    Path moved = target;
    writing(file, () -> {
      Fs.atomicWrite(moved.resolveSibling(moved.getFileName() + ".reason"), text.getBytes(UTF_8), fsync);
      Files.move(file, moved, StandardCopyOption.ATOMIC_MOVE);
      if (fsync) {
        Fs.fsyncDirectory(file.getParent());
        Fs.fsyncDirectory(quarantineDir);
      }
    });
    try {
      Fs.restrict(moved, Fs.FILE_MODE); // a stray file keeps the mode its writer gave it until here
    } catch (IOException e) {
      log.log(Level.WARNING, "could not make " + dir.relativize(moved) + " owner-only: " + WriteHealth.describe(e));
    }
    log.log(Level.WARNING, dir.relativize(file) + " was moved to " + dir.relativize(target) + ": " + reason);
  }

  // ================================================================ writing

  private Path taskFile(TaskId id) {
    return tasksDir.resolve(id.value() + ".json");
  }

  private Path historyFile(TaskId id) {
    return historyDir.resolve(id.value() + ".jsonl");
  }

  private void writeTask(Entry e) {
    Path f = taskFile(e.task.id());
    writing(f, () -> Fs.atomicWrite(f, taskBytes(e), fsync));
  }

  /**
   * Makes one write: of {@code file}, or of the directory entry it names. A failure is recorded (health reports
   * it; only the first of a spell is logged) and thrown as a {@link WriteFailedException} naming the file and the
   * cause; a call whose writes all succeed ends such a spell ({@link #locked}). Writes happen only under the lock.
   */
  private void writing(Path file, Write write) {
    try {
      write.run();
    } catch (IOException e) {
      writesFailed++;
      throw writeHealth.failed(file, e);
    }
    writesMade++;
  }

  private static byte[] taskBytes(Entry e) {
    return Codec.pretty(taskFile(e.task, e.epoch, e.recent));
  }

  /** The JSON of a task file. */
  static ObjectNode taskFile(ScheduledTask task, long leaseEpoch, List<ExecutionRecord> recent) {
    ObjectNode root = Codec.object();
    root.put("schema", SCHEMA);
    root.put("leaseEpoch", leaseEpoch);
    root.set("task", Codec.task(task, true));
    if (!recent.isEmpty()) {
      ArrayNode rs = root.putArray("recent");
      recent.forEach(r -> rs.add(Codec.record(r)));
    }
    return root;
  }

  /** Writes {@code next} as the leases, and {@code last} as the last fencing token handed out. */
  private void writeLeases(Map<TaskId, Lease> next, long last) throws IOException {
    journal(op("leases", null));
    ObjectNode root = Codec.object();
    root.put("schema", SCHEMA);
    root.put("lastToken", last);
    ArrayNode arr = root.putArray("leases");
    Map<TaskId, Lease> kept = new TreeMap<>();
    for (Lease l : next.values()) {
      Entry e = tasks.get(l.id());
      if (e != null && e.epoch == l.epoch()) {
        kept.put(l.id(), l);
      }
    }
    for (Lease l : kept.values()) {
      ObjectNode n = arr.addObject();
      n.put("task", l.id().value());
      n.put("node", l.node());
      n.put("until", l.until().toString());
      n.put("epoch", l.epoch());
      n.put("token", l.token());
    }
    writing(leasesFile, () -> Fs.atomicWrite(leasesFile, Codec.pretty(root), fsync));
    leases = new HashMap<>(kept);
    lastToken = last;
  }

  private void journalTask(TaskId id) throws IOException {
    journal(op("task", id));
  }

  /** One journal append naming every task of a batch. */
  private void journalTasks(Set<TaskId> ids) throws IOException {
    ByteArrayBuilder lines = new ByteArrayBuilder();
    for (TaskId id : ids) {
      lines.add(Codec.line(op("task", id)));
    }
    journal(lines.bytes());
  }

  private static ObjectNode op(String op, TaskId id) {
    ObjectNode n = Codec.object();
    n.put("op", op);
    if (id != null) {
      n.put("id", id.value());
    }
    return n;
  }

  /**
   * Appends a change to the journal, before the change itself is made: a process that reads the entry takes
   * the lock to refresh, and so sees the change only once it is complete. Not fsynced: after a power loss every
   * process starts with a full load, which does not need the journal.
   */
  private void journal(ObjectNode entry) throws IOException {
    journal(Codec.line(entry));
  }

  /** Appends whole journal lines ({@link #journal(ObjectNode)}). */
  private void journal(byte[] lines) throws IOException {
    BasicFileAttributes a = Fs.attributes(journal);
    writing(journal, () -> {
      if (a != null && a.size() >= journalRotateBytes) {
        Files.move(journal, journalOld, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Fs.createEmpty(journal);
      }
      Fs.append(journal, lines, false);
    });
    BasicFileAttributes b = Fs.attributes(journal);
    journalKey = b.fileKey();
    journalOffset = b.size();
  }

  private void appendHistory(TaskId id, List<ExecutionRecord> records) {
    if (!records.isEmpty()) {
      Path f = historyFile(id);
      writing(f, () -> Fs.append(f, historyLines(records), fsync));
    }
  }

  private static byte[] historyLines(List<ExecutionRecord> records) {
    ByteArrayBuilder out = new ByteArrayBuilder();
    for (ExecutionRecord r : records) {
      ObjectNode n = Codec.object();
      n.put("schema", SCHEMA);
      n.set("record", Codec.record(r));
      out.add(Codec.line(n));
    }
    return out.bytes();
  }

  private static byte[] deliveryLine(String key, Instant at) {
    ObjectNode n = Codec.object();
    n.put("schema", SCHEMA);
    n.put("key", key);
    n.put("at", at.toString());
    return Codec.line(n);
  }

  /** Appends the task's last completion's records to its history file when a crash kept them out of it. */
  private void flushRecent(Entry e) throws IOException {
    if (e.recent.isEmpty()) {
      return;
    }
    NavigableMap<Instant, ExecutionRecord> inFile = historyCache(e.task.id()).values;
    List<ExecutionRecord> missing = e.recent.stream()
        .filter(r -> !inFile.containsKey(r.scheduledFor()) && !r.finishedAt().isBefore(prunedBefore))
        .toList();
    if (!missing.isEmpty()) {
      log.log(Level.INFO, "restoring " + missing.size() + " history record(s) of task " + e.task.id()
          + " that a crash kept out of its history file");
      appendHistory(e.task.id(), missing);
      history.remove(e.task.id());
    }
  }

  // ================================================================ in-memory view

  private void put(Entry e) {
    Entry old = tasks.put(e.task.id(), e);
    if (old != null && old.dueKey != null) {
      due.remove(old.dueKey);
    }
    if (e.task.isActive() && e.task.dueAt().isPresent()) {
      e.dueKey = new Key(e.task.dueAt().get(), e.task.id());
      due.add(e.dueKey);
    }
  }

  private void remove(TaskId id) {
    Entry old = tasks.remove(id);
    if (old != null && old.dueKey != null) {
      due.remove(old.dueKey);
    }
  }

  private boolean liveLease(Entry e, Instant now) {
    Lease l = leases.get(e.task.id());
    return l != null && l.epoch() == e.epoch && l.until().isAfter(now);
  }

  /** Whether {@code claim} holds the task's lease: the lease of the current epoch carries its fencing token. */
  private boolean holds(Entry e, Claim claim) {
    Lease l = leases.get(e.task.id());
    return l != null && l.epoch() == e.epoch && l.token() != 0 && l.token() == claim.fencingToken();
  }

  /** The earliest active task no live lease holds at {@code now}; with {@code dueOnly}, only when due by then. */
  private Key firstFree(Instant now, boolean dueOnly) {
    for (Key k : due) {
      if (dueOnly && k.at().isAfter(now)) {
        return null;
      }
      if (!liveLease(tasks.get(k.id()), now)) {
        return k;
      }
    }
    return null;
  }

  /** The task's history: its file, plus its last completion's records when a crash kept them out of the file. */
  private NavigableMap<Instant, ExecutionRecord> historyView(TaskId id) throws IOException {
    NavigableMap<Instant, ExecutionRecord> view = new TreeMap<>(historyCache(id).values);
    Entry e = tasks.get(id);
    if (e != null) {
      for (ExecutionRecord r : e.recent) {
        if (!r.finishedAt().isBefore(prunedBefore)) {
          view.putIfAbsent(r.scheduledFor(), r);
        }
      }
    }
    return view;
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
      ExecutionRecord r = Codec.record(in.obj("record"));
      out.putIfAbsent(r.scheduledFor(), r);
    });
    return out;
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

  private interface LineHandler {
    void accept(JsonIn line);
  }

  /**
   * Reads the whole lines of an append-only log from {@code from}: a last line without its newline is a write
   * in progress or torn by a crash and is left for later; a whole line that does not parse is logged and
   * skipped. Returns the offset after the last whole line.
   */
  private long readLines(Path f, long from, LineHandler handler) throws IOException {
    byte[] bytes;
    try {
      bytes = Fs.readFrom(f, from);
    } catch (NoSuchFileException e) {
      return from;
    }
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      String line = new String(bytes, start, i - start, UTF_8).strip();
      start = i + 1;
      if (line.isEmpty()) {
        continue;
      }
      try {
        JsonIn in = new JsonIn(Codec.parse(line.getBytes(UTF_8), "record"), "");
        int schema = in.integer("schema");
        if (schema > SCHEMA) {
          throw newerFile(f, schema);
        }
        handler.accept(in);
      } catch (BadFileException | ValidationException e) {
        log.log(Level.WARNING, dir.relativize(f) + ": skipping a record that was torn by a crash or is damaged: "
            + e.getMessage());
      }
    }
    return from + start;
  }

  /** A growable byte array. */
  private static final class ByteArrayBuilder {
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    void add(byte[] b) {
      out.writeBytes(b);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  @Override
  public String toString() {
    return "FileTaskStore[" + dir + "]";
  }
}

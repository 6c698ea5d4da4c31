package org.summarybot.scheduling.persistence.file;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.VersionConflictException;
import org.summarybot.scheduling.json.ExportDocument;
import org.summarybot.scheduling.json.TaskJson;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.SetOnce;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.port.DaySpend;
import org.summarybot.scheduling.port.Pruned;
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

  /** The schema version this code writes (that of the shared form); it reads this one and every older one. */
  static final int SCHEMA = TaskJson.SCHEMA;
  static final long JOURNAL_ROTATE_BYTES = 1L << 20;

  private final Path dir;
  private final WriteHealth writeHealth;
  private final StoreDirectory storeDirectory;
  private final Quarantine quarantine;
  private final Logs logs;
  private final TaskView view = new TaskView();
  private final Claims claims;
  private final TaskWrites writes;
  private final StoreLock lock;
  private final GuildFile guilds;
  private final SpendFile spend;

  /** Makes the parts (each used only under the lock) and opens the directory. */
  private FileTaskStore(Builder b) {
    this.dir = b.dir.toAbsolutePath().normalize();
    System.Logger log = b.logger != null ? b.logger : System.getLogger(FileTaskStore.class.getName());
    this.writeHealth = new WriteHealth(dir, b.clock != null ? b.clock : Clock.system(), log);
    Disk disk = new Disk(b.fsync == null || b.fsync, writeHealth);
    this.quarantine = new Quarantine(dir, disk, log);
    this.storeDirectory = new StoreDirectory(dir, disk, quarantine, log);
    Journal journal = new Journal(dir, b.journalRotateBytes, disk, log);
    TaskFiles taskFiles = new TaskFiles(dir, disk, log);
    Leases leases = new Leases(dir, disk, journal, quarantine);
    this.logs = new Logs(dir, disk, journal, quarantine, log);
    this.claims = new Claims(view, leases);
    try {
      Fs.createPrivateDirectory(dir);
      Fs.createPrivateDirectory(taskFiles.directory());
      Fs.createPrivateDirectory(logs.historyDirectory());
      Fs.createPrivateDirectory(quarantine.directory());
    } catch (IOException e) {
      throw new SchedulingException("cannot create the task store directory " + dir + ": " + e, e);
    }
    Refresh refresh = new Refresh(dir, log, storeDirectory, quarantine, journal, taskFiles, leases, logs, view);
    this.writes = new TaskWrites(disk, journal, taskFiles, leases, logs, view, refresh);
    this.lock = new StoreLock(dir, disk, journal, refresh);
    this.guilds = new GuildFile(dir, disk);
    this.spend = new SpendFile(dir, disk);
  }

  /** Opens (creating when needed) the store in {@code dir} with fsync on and the default logger. */
  public static FileTaskStore open(Path dir) {
    return builder(dir).open();
  }

  public static Builder builder(Path dir) {
    return new Builder(requireNonNull(dir, "dir"));
  }

  /**
   * Options of a {@link FileTaskStore}; each may be set once, and one set twice fails at {@link #open()} naming
   * it.
   */
  public static final class Builder {
    private final Path dir;
    private final SetOnce given = new SetOnce();
    private System.Logger logger;
    private Boolean fsync;
    private Clock clock;
    private long journalRotateBytes = JOURNAL_ROTATE_BYTES;

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** Where quarantines, migrations, skipped torn records and a spell of failing writes are logged. */
    public Builder logger(System.Logger logger) {
      this.logger = given.set("logger", logger);
      return this;
    }

    /**
     * Whether every write is forced to the disk before the call returns (default true). Off, a power loss may
     * lose recent writes, though never leave a torn file; a process crash loses nothing either way.
     */
    public Builder fsync(boolean fsync) {
      this.fsync = given.set("fsync", fsync);
      return this;
    }

    /**
     * What dates a spell of failing writes in {@link FileTaskStore#health()} and the log (default the system
     * clock).
     */
    public Builder clock(Clock clock) {
      this.clock = given.set("clock", clock);
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
     * @throws ValidationException naming each setting given more than once
     * @throws SchedulingException when the directory was written by a newer version of this code, or cannot be
     *     read
     */
    public FileTaskStore open() {
      given.throwIfAny();
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
    return locked(() -> writes.create(task));
  }

  @Override
  public Optional<ScheduledTask> get(TaskId id) {
    requireNonNull(id, "id");
    return read(() -> Optional.ofNullable(view.get(id)).map(e -> e.task));
  }

  @Override
  public ScheduledTask update(ScheduledTask task) {
    requireNonNull(task, "task");
    return locked(() -> writes.update(task));
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
    return locked(() -> writes.updateAll(batch, ids));
  }

  @Override
  public boolean delete(TaskId id) {
    requireNonNull(id, "id");
    return locked(() -> writes.delete(id));
  }

  @Override
  public List<ScheduledTask> list(TaskQuery query) {
    requireNonNull(query, "query");
    return read(() -> query.select(() -> view.all().stream().map(e -> e.task).iterator()));
  }

  @Override
  public Map<TaskStatus, Long> countByStatus() {
    return read(() -> {
      Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
      for (TaskEntry e : view.all()) {
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
    if (limit <= 0 || !read(() -> claims.firstFree(now, true) != null)) {
      return List.of();
    }
    return locked(() -> claims.claim(now, limit, nodeId, now.plus(lease)));
  }

  @Override
  public Optional<Instant> nextDueAt(Instant now) {
    requireNonNull(now, "now");
    return read(() -> claims.nextDueAt(now));
  }

  @Override
  public Map<TaskId, String> leaseHolders(Instant now) {
    requireNonNull(now, "now");
    return read(() -> claims.holders(now));
  }

  @Override
  public boolean extendLease(Claim claim, Instant until) {
    requireNonNull(claim, "claim");
    requireNonNull(until, "until");
    return locked(() -> claims.extend(claim, until));
  }

  @Override
  public boolean releaseLease(Claim claim) {
    requireNonNull(claim, "claim");
    return locked(() -> claims.release(claim));
  }

  @Override
  public ScheduledTask complete(Completion completion) {
    requireNonNull(completion, "completion");
    // Logged first, and kept whatever happens to the completion (see TaskStore#complete).
    for (String key : completion.deliveryKeys()) {
      recordDelivery(key, completion.completedAt());
    }
    return locked(() -> writes.complete(completion));
  }

  @Override
  public List<ExecutionRecord> history(TaskId id, int limit) {
    requireNonNull(id, "id");
    if (limit <= 0) {
      return List.of();
    }
    return read(() -> {
      List<ExecutionRecord> out = new ArrayList<>();
      for (ExecutionRecord r : logs.historyView(view.get(id), id).descendingMap().values()) {
        if (out.size() == limit) {
          break;
        }
        out.add(r);
      }
      return out;
    });
  }

  @Override
  public Pruned prune(Optional<GuildId> guild, Instant olderThan) {
    requireNonNull(guild, "guild");
    requireNonNull(olderThan, "olderThan");
    return locked(() -> logs.prune(guild, olderThan));
  }

  @Override
  public boolean recordDelivery(String deliveryKey, Instant at) {
    requireNonNull(deliveryKey, "deliveryKey");
    requireNonNull(at, "at");
    return locked(() -> logs.recordDelivery(deliveryKey, at));
  }

  @Override
  public DaySpend chargeSpend(LocalDate day, long micros, long limitMicros) {
    requireNonNull(day, "day");
    return locked(() -> spend.charge(day, micros, limitMicros));
  }

  @Override
  public DaySpend spend(LocalDate day) {
    requireNonNull(day, "day");
    return read(() -> spend.get(day));
  }

  @Override
  public boolean isDelivered(String deliveryKey) {
    requireNonNull(deliveryKey, "deliveryKey");
    return read(() -> logs.isDelivered(deliveryKey));
  }

  @Override
  public Optional<GuildSettings> guildSettings(GuildId guild) {
    requireNonNull(guild, "guild");
    return locked(() -> guilds.settings(guild));
  }

  @Override
  public void saveGuildSettings(GuildSettings settings) {
    requireNonNull(settings, "settings");
    locked(() -> {
      guilds.save(settings);
      return null;
    });
  }

  @Override
  public List<GuildSettings> allGuildSettings() {
    return locked(guilds::all);
  }

  @Override
  public boolean removeGuildSettings(GuildId guild) {
    requireNonNull(guild, "guild");
    return locked(() -> guilds.remove(guild));
  }

  @Override
  public boolean claimInteraction(String interactionId, String nodeId, Instant now, Duration keep) {
    requireNonNull(interactionId, "interactionId");
    requireNonNull(nodeId, "nodeId");
    requireNonNull(now, "now");
    requireNonNull(keep, "keep");
    return locked(() -> guilds.claim(interactionId, nodeId, now, keep));
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
    return quarantine.list();
  }

  /** Rewrites store.json as it is; a problem other than the write failing (which is recorded), if any. */
  private Optional<String> tryWriting() {
    try {
      locked(() -> {
        storeDirectory.rewriteStoreFile();
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
    lock.close();
  }

  // ================================================================ import and export

  /**
   * All tasks and guild settings, or one guild's, as one export document ({@link ExportDocument}: tasks ordered by
   * id, without versions and leases; settings by guild). The same tasks and settings always give the same document.
   */
  public String exportTasks(Optional<GuildId> guild) {
    requireNonNull(guild, "guild");
    List<ScheduledTask> tasks = list(guild.map(TaskQuery::guild).orElse(TaskQuery.all()));
    return ExportDocument.write(tasks, guild.map(g -> guildSettings(g).stream().toList()).orElseGet(
        this::allGuildSettings), guild);
  }

  /**
   * Imports the tasks and guild settings of an export document ({@link ExportDocument}): checks everything first
   * (it parses, it is valid, a task's id is not in the document twice and not in this store, a guild in it has no
   * other settings in this store), then creates all of the tasks and saves the settings this store does not hold
   * yet, or writes none of them. With {@code dryRun}, only checks.
   *
   * @throws ValidationException listing every problem found, each naming its place ({@code tasks[3].zone})
   */
  public ImportReport importTasks(String document, boolean dryRun) {
    requireNonNull(document, "document");
    ExportDocument.Contents parsed = ExportDocument.readContents(document);
    return locked(() -> guilds.importWith(parsed, dryRun, writes));
  }

  private <T> T locked(StoreLock.Io<T> body) {
    return lock.locked(body);
  }

  private <T> T read(StoreLock.Io<T> body) {
    return lock.read(body);
  }

  @Override
  public String toString() {
    return "FileTaskStore[" + dir + "]";
  }
}

package org.summarybot.scheduling.persistence.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.summarybot.scheduling.json.BadJsonException;
import org.summarybot.scheduling.json.JsonIn;
import org.summarybot.scheduling.json.TaskJson;
import org.summarybot.scheduling.model.SchedulingException;

/**
 * The directory as a whole, as an open finds it: {@code store.json} (the directory's schema version; a newer one
 * refuses the open), file modes (owner-only), and temp files of writers that died (removed).
 */
final class StoreDirectory {
  static final String STORE_FORMAT = "summary-scheduler-file-store";

  private final Path dir;
  private final Path storeFile;
  private final Disk disk;
  private final Quarantine quarantine;
  private final System.Logger log;

  StoreDirectory(Path dir, Disk disk, Quarantine quarantine, System.Logger log) {
    this.dir = dir;
    this.storeFile = dir.resolve("store.json");
    this.disk = disk;
    this.quarantine = quarantine;
    this.log = log;
  }

  /** The error for a file of the store written by a newer version of this code. */
  static SchedulingException newerFile(Path dir, Path f, int schema) {
    return new SchedulingException(dir.relativize(f) + " in the task store " + dir + " was written by a newer "
        + "version of summary-scheduler (schema " + schema + "); this version reads up to schema " + TaskJson.SCHEMA
        + ". Upgrade summary-scheduler; the store was not opened and nothing was changed.");
  }

  /**
   * Makes a store written before its files were made owner-only (or loosened by hand) owner-only: files 0600,
   * directories 0700. The store's directory is done last, so a store whose directory is 0700 was made or already
   * restricted by this code, and opening it costs no call per file. A file whose mode cannot be changed (another
   * user's) is logged and left; the directory's 0700 keeps others out of it anyway.
   */
  void restrictModes() throws IOException {
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

  /** Refuses a directory of a newer schema; writes {@code store.json} in this schema when it is older or missing. */
  void checkStoreFile() throws IOException {
    if (Files.exists(storeFile)) {
      try {
        int schema = JsonIn.parse(Files.readAllBytes(storeFile), "store.json").integer("schema");
        if (schema > TaskJson.SCHEMA) {
          throw new SchedulingException("the task store in " + dir + " was written by a newer version of "
              + "summary-scheduler (store schema " + schema + "); this version reads up to schema " + TaskJson.SCHEMA
              + ". Upgrade summary-scheduler, or open a copy made before the upgrade. Nothing was changed.");
        }
        if (schema == TaskJson.SCHEMA) {
          return;
        }
        log.log(Level.INFO, "upgrading the task store in " + dir + " from schema " + schema + " to "
            + TaskJson.SCHEMA);
      } catch (BadJsonException e) {
        quarantine.move(storeFile, e.getMessage());
      }
    }
    rewriteStoreFile();
  }

  /** Writes {@code store.json} as this version writes it (also the write that {@code health()} tries). */
  void rewriteStoreFile() {
    ObjectNode s = TaskJson.object();
    s.put("format", STORE_FORMAT);
    s.put("schema", TaskJson.SCHEMA);
    disk.replace(storeFile, TaskJson.pretty(s));
  }

  void removeTempFiles(Path d) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
      for (Path p : ds) {
        if (Fs.isTemp(p)) {
          removeTempFile(p);
        }
      }
    }
  }

  void removeTempFile(Path p) {
    // A write that never completed (its writer held the lock we hold now, so it is dead): never acknowledged.
    log.log(Level.INFO, "removing unfinished write " + p);
    disk.write(p, () -> Files.deleteIfExists(p));
  }
}

package org.summarybot.scheduling.persistence.file;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.persistence.file.FileTaskStore.QuarantinedFile;

/**
 * {@code quarantine/}: bad files moved out of the store's way, each beside a {@code <name>.reason} file saying
 * where it was and why. Nothing is ever deleted; a second bad file of the same name becomes {@code <name>.1}.
 */
final class Quarantine {
  private final Path dir;
  private final Path quarantineDir;
  private final Disk disk;
  private final System.Logger log;

  Quarantine(Path dir, Disk disk, System.Logger log) {
    this.dir = dir;
    this.quarantineDir = dir.resolve("quarantine");
    this.disk = disk;
    this.log = log;
  }

  Path directory() {
    return quarantineDir;
  }

  /** Moves a bad file to {@code quarantine/} beside a {@code .reason} file; never deletes it. */
  void move(Path file, String reason) {
    String base = file.getFileName().toString();
    Path target = quarantineDir.resolve(base);
    for (int n = 1; Files.exists(target) || Files.exists(target.resolveSibling(target.getFileName() + ".reason")); n++) {
      target = quarantineDir.resolve(base + "." + n);
    }
    String text = "file: " + dir.relativize(file) + "\nreason: " + reason.replace('\n', ' ') + "\n"
        + "The store ignores this file. Fix it and move it back to " + dir.relativize(file.getParent())
        + "/, or delete it.\n";
    Path moved = target;
    disk.write(file, () -> {
      Fs.atomicWrite(moved.resolveSibling(moved.getFileName() + ".reason"), text.getBytes(UTF_8), disk.fsync);
      Files.move(file, moved, StandardCopyOption.ATOMIC_MOVE);
      if (disk.fsync) {
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

  /** Every file in {@code quarantine/}, by name, with where it came from and why (from its reason file). */
  List<QuarantinedFile> list() {
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
}

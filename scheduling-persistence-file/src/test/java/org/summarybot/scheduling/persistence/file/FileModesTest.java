package org.summarybot.scheduling.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.summarybot.scheduling.testkit.TaskFixtures.completed;
import static org.summarybot.scheduling.testkit.TaskFixtures.dueTask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.TaskQuery;

/**
 * The store's files are its owner's alone (0600, directories 0700): task files hold webhook URLs, and the path of
 * a Discord webhook URL is its token.
 */
class FileModesTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  @TempDir Path tmp;

  @BeforeEach
  void posixOnly() {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "file modes exist only on file systems with POSIX permissions");
  }

  /** Makes the store write every kind of file it has: task, leases, history, deliveries, pruned, journals. */
  private static void writeEveryKindOfFile(FileTaskStore s) {
    s.create(dueTask("a", T0, T0));
    Claim c = s.claimDue(T0, 1, "node-1", Duration.ofMinutes(1)).get(0);
    s.complete(completed(c, T0.plusSeconds(1), T0.plus(Duration.ofHours(1))));
    s.recordDelivery("exec-1/console:", T0);
    s.pruneHistory(T0.minusSeconds(1));
  }

  private static Set<PosixFilePermission> mode(Path p) {
    try {
      return Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file and directory of the store, the store's directory included, relative to it, with its mode. */
  private static Map<String, String> modes(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      all.forEach(p -> out.put(dir.relativize(p).toString(), PosixFilePermissions.toString(mode(p))));
    }
    return out;
  }

  private static void assertOwnerOnly(Path dir) throws IOException {
    Map<String, String> modes = modes(dir);
    assertThat(modes).containsKeys("", "store.json", "store.lock", "journal.jsonl", "journal.jsonl.1", "leases.json",
        "deliveries.jsonl", "tasks", "tasks/a.json", "history", "history/a.jsonl", "history/pruned.json",
        "quarantine", "quarantine/notes.txt", "quarantine/notes.txt.reason");
    modes.forEach((name, mode) -> assertThat(mode).as(name.isEmpty() ? "the store's directory" : name)
        .isEqualTo(Files.isDirectory(dir.resolve(name)) ? "rwx------" : "rw-------"));
  }

  /** A store with every kind of file, and a stray file the next open quarantines. */
  private Path storeWithEveryFile() throws IOException {
    Path dir = tmp.resolve("store");
    try (FileTaskStore s = FileTaskStore.builder(dir).journalRotateBytes(1).open()) {
      writeEveryKindOfFile(s);
    }
    Files.writeString(dir.resolve("tasks/notes.txt"), "a note someone left\n");
    return dir;
  }

  @Test
  void a_new_store_makes_its_files_0600_and_its_directories_0700() throws IOException {
    Path dir = storeWithEveryFile();
    assertThat(mode(dir.resolve("tasks/notes.txt"))).as("the stray file, as its writer made it").isNotEqualTo(FILE);

    FileTaskStore.open(dir).close();

    assertOwnerOnly(dir);
  }

  @Test
  void the_files_of_an_older_store_are_made_owner_only_when_it_opens() throws IOException {
    Path dir = storeWithEveryFile();
    FileTaskStore.open(dir).close();
    // As a version that did not set modes left them, with umask 022.
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        String older = Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--";
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(older));
      }
    }

    try (FileTaskStore s = FileTaskStore.open(dir)) {
      assertThat(s.list(TaskQuery.all())).hasSize(1);
    }

    assertOwnerOnly(dir);
  }

  @Test
  void every_file_is_owner_only_before_its_first_byte_is_written() throws IOException {
    FullDisk disk = new FullDisk();
    Map<Path, Set<PosixFilePermission>> atFirstWrite = new ConcurrentHashMap<>();
    disk.beforeEachWrite(file -> atFirstWrite.computeIfAbsent(file, FileModesTest::mode));

    try (FileTaskStore s = FileTaskStore.builder(disk.wrap(tmp).resolve("store")).journalRotateBytes(1).open()) {
      writeEveryKindOfFile(s);
    }

    List<String> names = atFirstWrite.keySet().stream().map(p -> p.getFileName().toString()).toList();
    assertThat(names).anyMatch(n -> n.startsWith(".a.json.tmp-")).anyMatch(n -> n.startsWith(".leases.json.tmp-"))
        .anyMatch(n -> n.startsWith(".store.json.tmp-")).contains("a.jsonl", "deliveries.jsonl", "journal.jsonl");
    assertThat(atFirstWrite).allSatisfy((file, mode) -> assertThat(mode).as(file.toString()).isEqualTo(FILE));
  }
}

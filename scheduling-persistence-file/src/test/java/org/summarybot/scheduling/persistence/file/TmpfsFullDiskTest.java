package org.summarybot.scheduling.persistence.file;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.summarybot.scheduling.testkit.TaskFixtures.completed;
import static org.summarybot.scheduling.testkit.TaskFixtures.dueTask;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.StoreHealth;
import org.summarybot.scheduling.testing.FakeClock;

/**
 * A store on a real file system that runs out of space: a 256 KiB tmpfs, filled up by another file. Mounting
 * needs Linux and root (CI runs the tests as root); elsewhere this test is skipped and says why, and
 * {@link FullDiskTest} covers the same promises through a file system wrapper.
 */
class TmpfsFullDiskTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(1);
  private static final Duration HOUR = Duration.ofHours(1);

  @TempDir
  Path mountPoint;

  private boolean mounted;

  @BeforeEach
  void mountASmallTmpfs() throws InterruptedException {
    assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"),
        "a tmpfs needs Linux");
    String out = run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint.toString());
    assumeTrue(out == null, () -> "cannot mount a tmpfs here (needs root): " + out);
    mounted = true;
  }

  @AfterEach
  void unmount() throws InterruptedException {
    if (mounted) {
      String out = run("umount", mountPoint.toString());
      assertThat(out).as("umount " + mountPoint).isNull();
    }
  }

  /** Runs a command; null when it succeeded, else what it said. */
  private static String run(String... command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return String.join(" ", command) + " did not finish";
      }
      return p.exitValue() == 0 ? null : String.join(" ", command) + ": exit " + p.exitValue() + ": " + out;
    } catch (IOException e) {
      return String.join(" ", command) + ": " + e.getMessage();
    }
  }

  /** Writes {@code filler} until the file system refuses; returns how many bytes it took. */
  private static long fillUp(Path filler) throws IOException {
    long written = 0;
    ByteBuffer block = ByteBuffer.allocate(4096);
    try (FileChannel ch = FileChannel.open(filler, CREATE_NEW, WRITE)) {
      while (true) {
        block.clear();
        written += ch.write(block);
      }
    } catch (IOException e) {
      assertThat(e).hasMessageContaining("No space left on device");
    }
    return written;
  }

  @Test
  void a_store_on_a_full_tmpfs_fails_whole_logs_once_reports_it_and_recovers_with_nothing_lost() throws IOException {
    Path dir = mountPoint.resolve("store");
    FakeClock clock = new FakeClock(T0);
    RecordingLogger log = new RecordingLogger();
    TaskId a = TaskId.of("a");
    ScheduledTask doneA;
    try (FileTaskStore s = FileTaskStore.builder(dir).logger(log).clock(clock).open()) {
      s.create(dueTask("a", T0, T0));
      s.create(dueTask("b", T0, T0));
      doneA = s.complete(completed(s.claimDue(T0, 1, "node-1", LEASE).get(0), T0.plusSeconds(5), T0.plus(HOUR)));
      s.recordDelivery("k1", T0);

      Path filler = mountPoint.resolve("filler");
      assertThat(fillUp(filler)).isPositive();
      for (int poll = 0; poll < 30; poll++) {
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> s.claimDue(clock.now(), 10, "node-1", LEASE))
            .isInstanceOf(SchedulingException.class)
            .hasMessageStartingWith("task store " + dir + " cannot write")
            .hasMessageContaining("No space left on device");
      }
      assertThat(log.at(ERROR)).hasSize(1);
      assertThat(s.health().problems()).singleElement().asString()
          .isEqualTo("task store " + dir + " cannot write since " + T0.plusSeconds(1) + ": No space left on device");
      try (Stream<Path> files = Files.walk(dir)) {
        assertThat(files.map(Path::toString)).noneMatch(n -> n.contains(Fs.TMP_MARK));
      }

      Files.delete(filler);
      assertThat(s.claimDue(clock.now(), 10, "node-1", LEASE)).extracting(c -> c.task().id().value())
          .containsExactly("b");
      assertThat(log.at(INFO)).singleElement().extracting(RecordingLogger.Line::message).asString()
          .contains("can write again");
      assertThat(s.health()).isEqualTo(StoreHealth.healthy());
      assertThat(s.recordDelivery("k2", T0)).isTrue();
    }
    RecordingLogger reopened = new RecordingLogger();
    try (FileTaskStore s = FileTaskStore.builder(dir).logger(reopened).open()) {
      assertThat(s.get(a)).contains(doneA);
      assertThat(s.history(a, 10)).extracting(ExecutionRecord::scheduledFor).containsExactly(T0);
      assertThat(s.isDelivered("k1")).isTrue();
      assertThat(s.isDelivered("k2")).isTrue();
      assertThat(s.claimDue(T0.plusSeconds(40), 10, "node-2", LEASE)).as("b's lease outlives the store").isEmpty();
      assertThat(s.claimDue(T0.plus(HOUR), 10, "node-2", LEASE)).extracting(c -> c.task().id().value())
          .containsExactly("b", "a");
      assertThat(s.health()).isEqualTo(StoreHealth.healthy());
    }
    assertThat(reopened.at(WARNING)).as("no torn line skipped, nothing quarantined").isEmpty();
  }
}

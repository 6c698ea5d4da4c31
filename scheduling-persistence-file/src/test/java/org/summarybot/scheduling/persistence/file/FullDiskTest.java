package org.summarybot.scheduling.persistence.file;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.summarybot.scheduling.testkit.TaskFixtures.completed;
import static org.summarybot.scheduling.testkit.TaskFixtures.dueTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.summaryTask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.StoreHealth;
import org.summarybot.scheduling.testing.FakeClock;

/**
 * A store whose disk is full, through {@link FullDisk} over the real files of a temp directory: a failed write
 * leaves nothing behind, is logged once (and its end once), makes the store unhealthy while it lasts, and loses
 * nothing. {@link TmpfsFullDiskTest} checks the same on a real file system that runs out of space.
 */
class FullDiskTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(1);
  private static final Duration HOUR = Duration.ofHours(1);

  /**
   * A disk full for every file but the journal: what a real one looks like when the journal's last block still
   * has room for a short line and a new file needs a block that is not there.
   */
  private static final Predicate<Path> ALL_BUT_THE_JOURNAL = p -> !p.getFileName().toString().startsWith("journal");

  @TempDir
  Path real;

  private final FullDisk disk = new FullDisk();
  private final FakeClock clock = new FakeClock(T0);
  private final RecordingLogger log = new RecordingLogger();

  private FileTaskStore open() {
    return FileTaskStore.builder(disk.wrap(real)).logger(log).clock(clock).open();
  }

  private List<String> tempFiles() throws IOException {
    try (Stream<Path> files = Files.walk(real)) {
      return files.map(p -> real.relativize(p).toString()).filter(n -> n.contains(Fs.TMP_MARK)).toList();
    }
  }

  @Test
  void a_store_polled_for_many_seconds_on_a_full_disk_logs_one_error_and_on_recovery_one_info() throws IOException {
    try (FileTaskStore s = open()) {
      s.create(dueTask("a", T0, T0));
      s.create(dueTask("b", T0, T0));
      disk.fill(FullDisk.Fails.WRITE, ALL_BUT_THE_JOURNAL);

      List<SchedulingException> failures = new ArrayList<>();
      for (int poll = 0; poll < 100; poll++) {
        clock.advance(Duration.ofSeconds(1));
        failures.add(catchThrowableOfType(SchedulingException.class,
            () -> s.claimDue(clock.now(), 10, "node-1", LEASE)));
      }

      assertThat(failures).allSatisfy(e -> assertThat(e)
          .hasMessageStartingWith("task store " + real + " cannot write leases.json: No space left on device"));
      assertThat(failures.get(0).getCause()).isInstanceOf(IOException.class).hasMessage(FullDisk.NO_SPACE);
      assertThat(failures.subList(1, failures.size())).as("one line each: the first was logged in full")
          .allSatisfy(e -> {
            assertThat(e.getCause()).isNull();
            assertThat(e.getStackTrace()).isEmpty();
          });
      assertThat(log.at(ERROR)).singleElement().satisfies(line -> {
        assertThat(line.message())
            .contains("task store " + real + " cannot write leases.json: No space left on device");
        assertThat(line.thrown()).as("no stack trace").isNull();
      });
      assertThat(log.at(INFO)).isEmpty();
      assertThat(tempFiles()).as("one temp file per poll would pile up").isEmpty();

      disk.free();
      clock.advance(Duration.ofSeconds(1));
      assertThat(s.claimDue(clock.now(), 10, "node-1", LEASE)).extracting(c -> c.task().id().value())
          .containsExactly("a", "b");
      assertThat(log.at(INFO)).singleElement().extracting(RecordingLogger.Line::message).asString()
          .contains("task store " + real + " can write again")
          .contains("from " + T0.plusSeconds(1) + " to " + T0.plusSeconds(101));

      s.create(dueTask("c", T0, T0));
      assertThat(s.claimDue(clock.now(), 10, "node-1", LEASE)).hasSize(1);
      assertThat(log.at(ERROR)).hasSize(1);
      assertThat(log.at(INFO)).hasSize(1);
    }
  }

  @Test
  void health_says_the_store_cannot_write_since_the_first_failure_and_is_healthy_after_one_write_succeeds() {
    try (FileTaskStore s = open()) {
      s.create(dueTask("a", T0, T0));
      assertThat(s.health()).isEqualTo(StoreHealth.healthy());
      disk.fill();

      Instant firstFailure = clock.now();
      assertThatThrownBy(() -> s.claimDue(clock.now(), 10, "node-1", LEASE)).isInstanceOf(SchedulingException.class);
      clock.advance(Duration.ofMinutes(5));
      assertThatThrownBy(() -> s.claimDue(clock.now(), 10, "node-1", LEASE)).isInstanceOf(SchedulingException.class);

      assertThat(s.health().problems()).containsExactly(
          "task store " + real + " cannot write since " + firstFailure + ": No space left on device");
      assertThat(s.health().isHealthy()).as("asking again does not make it so").isFalse();
      assertThat(log.at(ERROR)).hasSize(1);

      disk.free();
      assertThat(s.claimDue(clock.now(), 10, "node-1", LEASE)).hasSize(1);
      assertThat(log.at(INFO)).as("the claim's write ended the spell").hasSize(1);
      assertThat(s.health()).isEqualTo(StoreHealth.healthy());
    }
  }

  @Test
  void health_finds_a_disk_that_has_space_again_without_waiting_for_the_next_call_that_writes() {
    try (FileTaskStore s = open()) {
      ScheduledTask t = s.create(summaryTask("a", T0).build());
      disk.fill();
      assertThatThrownBy(() -> s.update(t.toBuilder().name("renamed").build()))
          .isInstanceOf(SchedulingException.class).hasMessageContaining("No space left on device");
      assertThat(s.health().isHealthy()).isFalse();

      disk.free();
      assertThat(s.health().problems()).isEmpty();
      assertThat(log.at(ERROR)).hasSize(1);
      assertThat(log.at(INFO)).hasSize(1);
      assertThat(s.update(t.toBuilder().name("renamed").build()).version()).isEqualTo(2);
    }
  }

  @Test
  void nothing_is_lost_when_every_file_is_full() throws IOException {
    nothingIsLost(p -> true);
  }

  @Test
  void nothing_is_lost_when_the_journal_still_takes_its_lines() throws IOException {
    nothingIsLost(ALL_BUT_THE_JOURNAL);
  }

  /**
   * Every kind of write fails on a full disk and changes nothing the store reports; once there is space, the
   * same calls succeed, and a store opened afterwards reads back every task, record, lease and delivery, with no
   * torn line skipped and nothing quarantined. (Deleting a task is left out: once its journal line fits, it
   * succeeds, as removing a file needs no space.)
   */
  private void nothingIsLost(Predicate<Path> full) throws IOException {
    TaskId a = TaskId.of("a");
    TaskId b = TaskId.of("b");
    TaskId e = TaskId.of("e");
    Claim heldE;
    ScheduledTask doneA;
    ScheduledTask c;
    ScheduledTask doneB;
    ScheduledTask renamedC;
    try (FileTaskStore s = open()) {
      s.create(dueTask("a", T0, T0));
      s.create(dueTask("b", T0, T0));
      c = s.create(summaryTask("c", T0).build());
      doneA = s.complete(completed(s.claimDue(T0, 1, "node-1", LEASE).get(0), T0.plusSeconds(5), T0.plus(HOUR)));
      s.recordDelivery("k1", T0);
      Claim held = s.claimDue(T0, 1, "node-1", LEASE).get(0);
      assertThat(held.task().id()).isEqualTo(b);
      s.create(dueTask("e", T0, T0));
      heldE = s.claimDue(T0, 1, "node-1", LEASE).get(0);
      assertThat(heldE.task().id()).isEqualTo(e);

      disk.fill(FullDisk.Fails.WRITE, full);
      List<Runnable> writes = List.of(
          () -> s.create(summaryTask("d", T0).build()),
          () -> s.update(c.toBuilder().name("renamed").build()),
          () -> s.updateAll(List.of(c.toBuilder().name("batched").build())),
          () -> s.recordDelivery("k2", T0),
          () -> s.extendLease(heldE, T0.plus(Duration.ofMinutes(10))),
          () -> s.releaseLease(held),
          () -> s.complete(completed(held, T0.plusSeconds(30), T0.plus(HOUR))),
          () -> s.claimDue(T0.plus(HOUR), 10, "node-2", LEASE),
          () -> s.pruneHistory(T0.plus(Duration.ofDays(1))));
      for (Runnable w : writes) {
        assertThatThrownBy(w::run).isInstanceOf(SchedulingException.class)
            .hasMessageContaining("No space left on device");
      }
      assertThat(disk.refused()).isGreaterThanOrEqualTo(writes.size());

      assertThat(s.get(c.id())).contains(c);
      assertThat(s.get(TaskId.of("d"))).isEmpty();
      assertThat(s.get(a)).contains(doneA);
      assertThat(s.history(a, 10)).extracting(ExecutionRecord::scheduledFor).containsExactly(T0);
      assertThat(s.history(b, 10)).isEmpty();
      assertThat(s.isDelivered("k1")).isTrue();
      assertThat(s.isDelivered("k2")).isFalse();
      assertThat(s.claimDue(T0.plusSeconds(30), 10, "node-2", LEASE)).as("b and e are still held").isEmpty();
      assertThat(tempFiles()).isEmpty();

      disk.free();
      renamedC = s.update(c.toBuilder().name("renamed").build());
      assertThat(s.recordDelivery("k2", T0)).isTrue();
      assertThat(s.extendLease(heldE, T0.plus(Duration.ofMinutes(10)))).isTrue();
      doneB = s.complete(completed(held, T0.plusSeconds(30), T0.plus(HOUR)));
      assertThat(s.health()).isEqualTo(StoreHealth.healthy());
    }
    assertThat(log.at(ERROR)).hasSize(1);
    assertThat(log.at(INFO)).hasSize(1);
    assertThat(tempFiles()).isEmpty();

    RecordingLogger reopened = new RecordingLogger();
    try (FileTaskStore s = FileTaskStore.builder(real).logger(reopened).open()) {
      assertThat(s.get(a)).contains(doneA);
      assertThat(s.get(b)).contains(doneB);
      assertThat(s.get(c.id())).contains(renamedC);
      assertThat(s.get(TaskId.of("d"))).isEmpty();
      assertThat(s.history(a, 10)).extracting(ExecutionRecord::scheduledFor).containsExactly(T0);
      assertThat(s.history(b, 10)).extracting(ExecutionRecord::scheduledFor).containsExactly(T0);
      assertThat(s.isDelivered("k1")).isTrue();
      assertThat(s.isDelivered("k2")).isTrue();
      assertThat(s.claimDue(T0.plus(Duration.ofMinutes(5)), 10, "node-2", LEASE)).as("e's lease outlives the store")
          .isEmpty();
      assertThat(s.extendLease(heldE, T0.plus(Duration.ofMinutes(20)))).as("its claim still holds it").isTrue();
      assertThat(s.claimDue(T0.plus(HOUR), 10, "node-2", LEASE)).extracting(cl -> cl.task().id())
          .containsExactly(e, a, b, c.id());
      assertThat(s.health()).isEqualTo(StoreHealth.healthy());
    }
    assertThat(reopened.at(WARNING)).as("no torn line skipped, nothing quarantined").isEmpty();
  }

  @Test
  void a_completion_whose_history_append_fails_stands_and_its_records_reach_the_history_file_later()
      throws IOException {
    TaskId a = TaskId.of("a");
    try (FileTaskStore s = open()) {
      s.create(dueTask("a", T0, T0));
      Claim first = s.claimDue(T0, 1, "node-1", LEASE).get(0);
      disk.fill(FullDisk.Fails.WRITE, p -> p.getParent().getFileName().toString().equals("history"));

      ScheduledTask done = s.complete(completed(first, T0.plusSeconds(5), T0.plus(HOUR)));

      assertThat(done.version()).as("the task file holds the completion").isEqualTo(2);
      assertThat(done.nextRun()).contains(T0.plus(HOUR));
      assertThat(s.history(a, 10)).extracting(ExecutionRecord::scheduledFor).containsExactly(T0);
      assertThat(log.at(ERROR)).singleElement().extracting(RecordingLogger.Line::message).asString()
          .contains("cannot write history/a.jsonl: No space left on device");
      assertThat(Files.readString(real.resolve("history/a.jsonl"))).as("no part of the record").isEmpty();

      disk.free();
      Claim second = s.claimDue(T0.plus(HOUR), 1, "node-1", LEASE).get(0);
      s.complete(completed(second, T0.plus(HOUR).plusSeconds(5), T0.plus(HOUR.multipliedBy(2))));
      assertThat(Files.readAllLines(real.resolve("history/a.jsonl"))).as("restored, then appended").hasSize(2);
    }
    try (FileTaskStore s = FileTaskStore.open(real)) {
      assertThat(s.history(a, 10)).extracting(ExecutionRecord::scheduledFor).containsExactly(T0.plus(HOUR), T0);
    }
  }
}

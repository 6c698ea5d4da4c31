package org.summarybot.scheduling.persistence.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Fs}'s writes on a full disk ({@link FullDisk} over real files): a failed write leaves nothing behind. */
class FsFullDiskTest {
  @TempDir
  Path real;

  private final FullDisk disk = new FullDisk();

  @Test
  void an_atomic_write_whose_write_fails_leaves_the_old_file_and_no_temp_file() throws IOException {
    atomicWriteFails(FullDisk.Fails.WRITE);
  }

  @Test
  void an_atomic_write_whose_fsync_fails_leaves_the_old_file_and_no_temp_file() throws IOException {
    atomicWriteFails(FullDisk.Fails.FSYNC);
  }

  private void atomicWriteFails(FullDisk.Fails fails) throws IOException {
    Path file = disk.wrap(real).resolve("leases.json");
    Fs.atomicWrite(file, "old\n".getBytes(UTF_8), true);
    disk.fill(fails, p -> true);

    assertThatThrownBy(() -> Fs.atomicWrite(file, "new and longer\n".getBytes(UTF_8), true))
        .isInstanceOf(IOException.class).hasMessage(FullDisk.NO_SPACE);

    assertThat(disk.refused()).isPositive();
    assertThat(Files.readString(real.resolve("leases.json"))).isEqualTo("old\n");
    try (Stream<Path> files = Files.list(real)) {
      assertThat(files).containsExactly(real.resolve("leases.json"));
    }
  }

  @Test
  void an_append_that_fails_half_way_leaves_no_part_of_its_lines() throws IOException {
    Path file = disk.wrap(real).resolve("deliveries.jsonl");
    Fs.append(file, "{\"a\":1}\n".getBytes(UTF_8), true);
    disk.fill();

    assertThatThrownBy(() -> Fs.append(file, "{\"b\":22}\n{\"c\":333}\n".getBytes(UTF_8), true))
        .isInstanceOf(IOException.class).hasMessage(FullDisk.NO_SPACE);
    assertThat(disk.refused()).as("the disk took part of the lines, then refused").isEqualTo(2);
    assertThat(Files.readString(real.resolve("deliveries.jsonl"))).isEqualTo("{\"a\":1}\n");

    disk.free();
    Fs.append(file, "{\"d\":4}\n".getBytes(UTF_8), true);
    assertThat(Files.readString(real.resolve("deliveries.jsonl"))).isEqualTo("{\"a\":1}\n{\"d\":4}\n");
  }
}

package org.summarybot.scheduling.persistence.file;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * The crash-safe file operations: atomic replace with fsync, and appends that never extend a torn line. Every file
 * they create is made owner-only (0600) and every directory 0700, as it is created, on file systems with POSIX
 * permissions: task files hold webhook URLs, and the path of a Discord webhook URL is its token.
 */
final class Fs {
  static final String TMP_MARK = ".tmp-";
  static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
  private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];
  private static final FileAttribute<?>[] PRIVATE_FILE = {PosixFilePermissions.asFileAttribute(FILE_MODE)};
  private static final FileAttribute<?>[] PRIVATE_DIRECTORY = {PosixFilePermissions.asFileAttribute(DIRECTORY_MODE)};

  private Fs() {}

  /** Whether the file system of {@code p} has POSIX permissions; where it has not, modes are left to it. */
  static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** What creates a file as 0600 (less what the umask takes), or nothing where there are no POSIX permissions. */
  static FileAttribute<?>[] privateFile(Path p) {
    return posix(p) ? PRIVATE_FILE : NONE;
  }

  /** Creates {@code dir} as 0700 when it is missing; parents it also needs get the default mode. */
  static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createDirectory(dir, posix(dir) ? PRIVATE_DIRECTORY : NONE);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }

  /** Makes {@code file} empty, creating it as 0600 when it is missing. */
  static void createEmpty(Path file) throws IOException {
    FileChannel.open(file, Set.of(CREATE, TRUNCATE_EXISTING, WRITE), privateFile(file)).close();
  }

  /**
   * Gives {@code p} the mode {@code mode} unless it has it already; returns whether it changed it. Symbolic links
   * are left alone (a mode set through one would land on whatever it points to), and so is everything on a file
   * system without POSIX permissions.
   */
  static boolean restrict(Path p, Set<PosixFilePermission> mode) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return false;
    }
    var attributes = view.readAttributes();
    if (attributes.isSymbolicLink() || attributes.permissions().equals(mode)) {
      return false;
    }
    view.setPermissions(mode);
    return true;
  }

  /**
   * Replaces {@code target} with {@code bytes} so that a crash at any moment leaves the old or the new content,
   * never a mix: write a temp file in the same directory, fsync it, rename it over the target, fsync the
   * directory.
   */
  static void atomicWrite(Path target, byte[] bytes, boolean fsync) throws IOException {
    atomicWrite(target, bytes, fsync, fsync);
  }

  /**
   * {@link #atomicWrite(Path, byte[], boolean)} with the directory fsync left to the caller when
   * {@code fsyncDirectory} is false: a batch of writes into one directory then needs only one directory fsync,
   * which the caller must do before it reports any of them as written.
   */
  static void atomicWrite(Path target, byte[] bytes, boolean fsync, boolean fsyncDirectory) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + TMP_MARK + UUID.randomUUID());
    try {
      // Created owner-only, before the first byte: the mode is never wider, not even for a moment.
      try (FileChannel ch = FileChannel.open(tmp, Set.of(CREATE_NEW, WRITE), privateFile(tmp))) {
        writeFully(ch, ByteBuffer.wrap(bytes), 0);
        if (fsync) {
          ch.force(true);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException | Error failed) {
      // A full disk fails the write or the fsync: the temp file holds nothing anyone will read, so it goes now
      // (a store polling a full disk would otherwise leave one per poll). The failure stays the one reported.
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException | RuntimeException again) {
        failed.addSuppressed(again);
      }
      throw failed;
    }
    if (fsyncDirectory) {
      fsyncDirectory(target.getParent());
    }
  }

  /**
   * Appends {@code bytes} (whole lines) to {@code file}. When the file ends in a torn line left by a crash, a
   * newline first ends it, so the torn bytes stay a line of their own that readers skip. When the write or the
   * fsync fails (a full disk may take part of the bytes before it refuses the rest), the file is cut back to the
   * size it had, so a failed append leaves no part of a line behind.
   */
  static void append(Path file, byte[] bytes, boolean fsync) throws IOException {
    boolean existed = Files.exists(file);
    try (FileChannel ch = FileChannel.open(file, Set.of(CREATE, READ, WRITE), privateFile(file))) {
      long size = ch.size();
      ByteBuffer out = ByteBuffer.wrap(bytes);
      if (size > 0) {
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        if (last.get(0) != '\n') {
          ByteBuffer fixed = ByteBuffer.allocate(bytes.length + 1);
          fixed.put((byte) '\n').put(bytes).flip();
          out = fixed;
        }
      }
      try {
        writeFully(ch, out, size);
        if (fsync) {
          ch.force(true);
        }
      } catch (IOException | RuntimeException | Error failed) {
        try {
          ch.truncate(size);
        } catch (IOException | RuntimeException again) {
          // Left as it is, the partial line is still ended by the next append and skipped by readers.
          failed.addSuppressed(again);
        }
        throw failed;
      }
    }
    if (fsync && !existed) {
      fsyncDirectory(file.getParent());
    }
  }

  static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory for reading; the rename itself is then all we can do.
      if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
        throw e;
      }
    }
  }

  /**
   * Each whole line of {@code f} from byte {@code from} on, stripped, blank ones skipped; a last line without its
   * newline is left for a later read (a writer may be in the middle of it). Returns the offset after the last whole
   * line ({@code from} when the file is gone).
   */
  static long forEachWholeLine(Path f, long from, java.util.function.Consumer<String> each) throws IOException {
    byte[] bytes;
    try {
      bytes = readFrom(f, from);
    } catch (java.nio.file.NoSuchFileException e) {
      return from;
    }
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      String line = new String(bytes, start, i - start, java.nio.charset.StandardCharsets.UTF_8).strip();
      start = i + 1;
      if (!line.isEmpty()) {
        each.accept(line);
      }
    }
    return from + start;
  }

  /** The bytes of {@code file} from {@code offset} to its current end. */
  static byte[] readFrom(Path file, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(file, READ)) {
      long size = ch.size();
      if (size <= offset) {
        return new byte[0];
      }
      long n = size - offset;
      if (n > Integer.MAX_VALUE - 16) {
        throw new IOException(file + " is too large to read (" + n + " bytes)");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) n);
      long pos = offset;
      while (buf.hasRemaining()) {
        int r = ch.read(buf, pos);
        if (r < 0) {
          break;
        }
        pos += r;
      }
      buf.flip();
      byte[] out = new byte[buf.remaining()];
      buf.get(out);
      return out;
    }
  }

  /**
   * Reads all of {@code file} into this thread's {@code buffer} (replacing it with a larger one when needed) and
   * returns the number of bytes read; the bytes are {@code buffer.get()[0, n)}. Reads the size the file has when
   * opened (the store replaces files by renaming, never writes them in place): one {@code read} for a file that
   * fits the buffer, with no second one to see the end.
   */
  static int readInto(Path file, ThreadLocal<byte[]> buffer) throws IOException {
    try (FileChannel ch = FileChannel.open(file, READ)) {
      byte[] buf = buffer.get();
      long size = ch.size();
      if (size > Integer.MAX_VALUE - 4096) {
        throw new IOException(file + " is too large to read (" + size + " bytes)");
      }
      if (buf.length < size) {
        buf = new byte[(int) size + 4096];
        buffer.set(buf);
      }
      if (size == 0) {
        // Empty, or not a regular file (a directory has size 0 on some file systems): read to the end as it comes.
        ByteBuffer bb = ByteBuffer.wrap(buf);
        while (ch.read(bb) >= 0) {
          if (!bb.hasRemaining()) {
            int n = bb.position();
            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            buffer.set(buf);
            bb = ByteBuffer.wrap(buf);
            bb.position(n);
          }
        }
        return bb.position();
      }
      ByteBuffer bb = ByteBuffer.wrap(buf, 0, (int) size);
      while (bb.hasRemaining() && ch.read(bb) >= 0) {
        // a short read: read on (a file cut short since it was opened ends the loop at -1)
      }
      return bb.position();
    }
  }

  /** The attributes of {@code file}, or null when it does not exist. */
  static BasicFileAttributes attributes(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  static boolean isTemp(Path file) {
    String n = file.getFileName().toString();
    return n.startsWith(".") && n.contains(TMP_MARK);
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      pos += ch.write(buf, pos);
    }
  }
}

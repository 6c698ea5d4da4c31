package org.summarybot.scheduling.persistence.file;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The default file system with a switch that fills the disk: while it is on, writing to a file (or, in
 * {@link Fails#FSYNC} mode, forcing it) throws {@code IOException("No space left on device")}, as the JDK does
 * for ENOSPC. As on a real disk that runs out, the first write of a channel may take part of its bytes before the
 * next one is refused. Everything else (names, renames, locks, attributes, deleting and truncating, which free
 * space) goes to the real files underneath, so the store under test runs its real code on real files.
 */
final class FullDisk {
  static final String NO_SPACE = "No space left on device";

  /** What a full disk refuses. */
  enum Fails {
    /** Writes: the data does not fit. */
    WRITE,
    /** Only fsync: the writes were taken into the page cache, the blocks could not be allocated later. */
    FSYNC
  }

  private final FileSystem real = FileSystems.getDefault();
  private final Provider provider = new Provider();
  private final Wrapped fs = new Wrapped();
  private volatile boolean full;
  private volatile Fails fails = Fails.WRITE;
  private volatile Predicate<Path> affected = p -> true;
  private final AtomicInteger refused = new AtomicInteger();
  private volatile java.util.function.Consumer<Path> beforeWrite = p -> { };

  /** {@code dir} as a path of this file system. */
  Path wrap(Path dir) {
    return new WPath(dir);
  }

  /** Fills the disk for the files {@code affected} accepts (given as real paths). */
  void fill(Fails fails, Predicate<Path> affected) {
    this.fails = fails;
    this.affected = affected;
    this.full = true;
  }

  void fill() {
    fill(Fails.WRITE, p -> true);
  }

  void free() {
    full = false;
  }

  /** Calls {@code watcher} with the real path of a file before each write to it (full or not). */
  void beforeEachWrite(java.util.function.Consumer<Path> watcher) {
    this.beforeWrite = watcher;
  }

  /** How many writes or fsyncs were refused so far. */
  int refused() {
    return refused.get();
  }

  private boolean refuses(Path file, Fails what) {
    if (full && fails == what && affected.test(file)) {
      refused.incrementAndGet();
      return true;
    }
    return false;
  }

  private Path unwrap(Path p) {
    if (p instanceof WPath w && w.owner() == this) {
      return w.real;
    }
    throw new ProviderMismatchException(String.valueOf(p));
  }

  private Path wrapOrNull(Path p) {
    return p == null ? null : new WPath(p);
  }

  private final class WPath implements Path {
    final Path real;

    WPath(Path real) {
      this.real = real;
    }

    FullDisk owner() {
      return FullDisk.this;
    }

    @Override public FileSystem getFileSystem() { return fs; }
    @Override public boolean isAbsolute() { return real.isAbsolute(); }
    @Override public Path getRoot() { return wrapOrNull(real.getRoot()); }
    @Override public Path getFileName() { return wrapOrNull(real.getFileName()); }
    @Override public Path getParent() { return wrapOrNull(real.getParent()); }
    @Override public int getNameCount() { return real.getNameCount(); }
    @Override public Path getName(int index) { return new WPath(real.getName(index)); }
    @Override public Path subpath(int begin, int end) { return new WPath(real.subpath(begin, end)); }
    @Override public boolean startsWith(Path other) { return real.startsWith(unwrap(other)); }
    @Override public boolean endsWith(Path other) { return real.endsWith(unwrap(other)); }
    @Override public Path normalize() { return new WPath(real.normalize()); }
    @Override public Path resolve(Path other) { return new WPath(real.resolve(unwrap(other))); }
    @Override public Path relativize(Path other) { return new WPath(real.relativize(unwrap(other))); }
    @Override public URI toUri() { return real.toUri(); }
    @Override public Path toAbsolutePath() { return new WPath(real.toAbsolutePath()); }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
      return new WPath(real.toRealPath(options));
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
      throw new UnsupportedOperationException("watching");
    }

    @Override public int compareTo(Path other) { return real.compareTo(unwrap(other)); }
    @Override public boolean equals(Object o) { return o instanceof WPath w && w.real.equals(real); }
    @Override public int hashCode() { return real.hashCode(); }
    @Override public String toString() { return real.toString(); }
  }

  private final class Wrapped extends FileSystem {
    @Override public FileSystemProvider provider() { return provider; }
    @Override public void close() { throw new UnsupportedOperationException("closing"); }
    @Override public boolean isOpen() { return true; }
    @Override public boolean isReadOnly() { return false; }
    @Override public String getSeparator() { return real.getSeparator(); }

    @Override
    public Iterable<Path> getRootDirectories() {
      List<Path> out = new ArrayList<>();
      real.getRootDirectories().forEach(p -> out.add(new WPath(p)));
      return out;
    }

    @Override public Iterable<FileStore> getFileStores() { return real.getFileStores(); }
    @Override public Set<String> supportedFileAttributeViews() { return real.supportedFileAttributeViews(); }
    @Override public Path getPath(String first, String... more) { return new WPath(real.getPath(first, more)); }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
      PathMatcher m = real.getPathMatcher(syntaxAndPattern);
      return p -> m.matches(unwrap(p));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
      return real.getUserPrincipalLookupService();
    }

    @Override public WatchService newWatchService() { throw new UnsupportedOperationException("watching"); }
  }

  private final class Provider extends FileSystemProvider {
    private FileSystemProvider real() {
      return real.provider();
    }

    @Override public String getScheme() { return "full-disk"; }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
      throw new UnsupportedOperationException("new file systems");
    }

    @Override public FileSystem getFileSystem(URI uri) { throw new UnsupportedOperationException("by URI"); }
    @Override public Path getPath(URI uri) { throw new UnsupportedOperationException("by URI"); }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
        throws IOException {
      return newFileChannel(path, options, attrs);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
        throws IOException {
      Path file = unwrap(path);
      return new Channel(file, real().newFileChannel(file, options, attrs));
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
        throws IOException {
      DirectoryStream<Path> ds = real().newDirectoryStream(unwrap(dir), p -> filter.accept(new WPath(p)));
      return new DirectoryStream<>() {
        @Override
        public Iterator<Path> iterator() {
          Iterator<Path> it = ds.iterator();
          return new Iterator<>() {
            @Override public boolean hasNext() { return it.hasNext(); }
            @Override public Path next() { return new WPath(it.next()); }
          };
        }

        @Override
        public void close() throws IOException {
          ds.close();
        }
      };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
      real().createDirectory(unwrap(dir), attrs);
    }

    @Override public void delete(Path path) throws IOException { real().delete(unwrap(path)); }
    @Override
    public boolean deleteIfExists(Path path) throws IOException {
      return real().deleteIfExists(unwrap(path));
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
      real().copy(unwrap(source), unwrap(target), options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
      real().move(unwrap(source), unwrap(target), options);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
      return real().isSameFile(unwrap(path), unwrap(path2));
    }

    @Override public boolean isHidden(Path path) throws IOException { return real().isHidden(unwrap(path)); }
    @Override public FileStore getFileStore(Path path) throws IOException { return real().getFileStore(unwrap(path)); }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
      real().checkAccess(unwrap(path), modes);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
      return real().getFileAttributeView(unwrap(path), type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
        throws IOException {
      return real().readAttributes(unwrap(path), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
        throws IOException {
      return real().readAttributes(unwrap(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
      real().setAttribute(unwrap(path), attribute, value, options);
    }
  }

  /** A channel of a real file whose writes and fsyncs a full disk refuses. */
  private final class Channel extends FileChannel {
    private final Path file;
    private final FileChannel real;
    private boolean tookPart;

    Channel(Path file, FileChannel real) {
      this.file = file;
      this.real = real;
    }

    /**
     * How many bytes of {@code src} a write may take: all of them with space left; on a full disk, the first
     * write of the channel takes half (what fit), every later one none (it throws).
     */
    private int allowed(ByteBuffer src) throws IOException {
      if (!refuses(file, Fails.WRITE)) {
        return src.remaining();
      }
      if (!tookPart && src.remaining() > 1) {
        tookPart = true;
        return src.remaining() / 2;
      }
      throw new IOException(NO_SPACE);
    }

    private int write(ByteBuffer src, Long position) throws IOException {
      beforeWrite.accept(file);
      int n = allowed(src);
      ByteBuffer part = src.duplicate();
      part.limit(part.position() + n);
      int written = position == null ? real.write(part) : real.write(part, position);
      src.position(src.position() + written);
      return written;
    }

    @Override public int read(ByteBuffer dst) throws IOException { return real.read(dst); }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return real.read(dsts, offset, length);
    }

    @Override public int write(ByteBuffer src) throws IOException { return write(src, null); }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      long n = 0;
      for (int i = offset; i < offset + length; i++) {
        n += write(srcs[i], null);
      }
      return n;
    }

    @Override public long position() throws IOException { return real.position(); }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      real.position(newPosition);
      return this;
    }

    @Override public long size() throws IOException { return real.size(); }

    @Override
    public FileChannel truncate(long size) throws IOException {
      real.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      if (refuses(file, Fails.FSYNC)) {
        throw new IOException(NO_SPACE);
      }
      real.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
      return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
      throw new UnsupportedOperationException("transferFrom");
    }

    @Override public int read(ByteBuffer dst, long position) throws IOException { return real.read(dst, position); }
    @Override public int write(ByteBuffer src, long position) throws IOException { return write(src, (Long) position); }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException("map");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      real.close();
    }
  }
}

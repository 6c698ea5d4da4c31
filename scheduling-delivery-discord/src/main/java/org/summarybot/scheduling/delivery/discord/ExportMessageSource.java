package org.summarybot.scheduling.delivery.discord;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.ExternalServiceException;
import org.summarybot.scheduling.port.MessageBatch;
import org.summarybot.scheduling.port.MessageSource;

/**
 * A {@link MessageSource} over DiscordChatExporter JSON exports: every {@code *.json} file in one directory and
 * its sub-directories (hidden files and directories skipped, symbolic links to directories not followed), matched
 * to a channel by its {@code channel.id}. Several files of one channel are merged (a message id counts once).
 *
 * <p>What it promises:
 *
 * <ul>
 *   <li>the chat messages (not joins, pins, boosts and other system notices) whose {@code timestamp} falls in the
 *       half-open window, oldest first, at most the cap (the batch says when it was cut), bots' messages only
 *       when asked; the author's name is the server nickname when known, else the global display name;
 *   <li>a window the channel's exports do not cover up to its end is never returned as if complete: a transient
 *       {@link ExternalServiceException} names where the exports end (their {@code exportedAt}, or
 *       {@code dateRange.before} when earlier; a file without {@code exportedAt} counts as exported when it was
 *       last modified) and where the window ends, so the engine retries until a fresher export arrives; an
 *       uncovered stretch that no later export will fill (before {@code dateRange.after}, or between two exports)
 *       is a permanent failure naming it (see {@link ExportCoverage});
 *   <li>a file still being written (its JSON ends early) makes a fetch that needs it fail transiently, naming the
 *       file; other channels are unaffected;
 *   <li>a malformed file is a permanent failure naming the file, the line and the column, raised for its channel
 *       (or, when its channel cannot be read, for a channel no other file holds); a channel no file holds is a
 *       permanent failure too, never a quiet channel.
 * </ul>
 *
 * <p>A file is parsed again when its modification time or size changes. Memory stays bounded: a few facts per
 * file, and the parsed messages of the most recently read files up to a total number of messages (200,000 by
 * default); a file that is evicted, or larger than that, is streamed again and only its window is kept.
 * Thread-safe.
 */
public final class ExportMessageSource implements MessageSource {
  static final int DEFAULT_CACHED_MESSAGES = 200_000;

  private final Path directory;
  private final int maxCachedMessages;
  private final Object lock = new Object();
  private final Map<Path, ExportFile> files = new HashMap<>(); // guarded by lock
  private final ExportMessageCache cache; // guarded by lock

  private ExportMessageSource(Path directory, int maxCachedMessages) {
    this.directory = requireNonNull(directory, "directory");
    this.maxCachedMessages = maxCachedMessages;
    this.cache = new ExportMessageCache(maxCachedMessages);
  }

  /** A source reading the exports in {@code directory}; the directory is read at each fetch, not now. */
  public static ExportMessageSource of(Path directory) {
    return new ExportMessageSource(directory, DEFAULT_CACHED_MESSAGES);
  }

  /** A source keeping at most {@code maxCachedMessages} parsed messages between fetches. */
  static ExportMessageSource of(Path directory, int maxCachedMessages) {
    return new ExportMessageSource(directory, maxCachedMessages);
  }

  /** The directory this source reads. */
  public Path directory() {
    return directory;
  }

  @Override
  public MessageBatch fetch(ChannelId channel, TimeWindow window, int maxMessages, boolean includeBots) {
    requireNonNull(channel, "channel");
    requireNonNull(window, "window");
    if (maxMessages < 1) {
      throw new IllegalArgumentException("maxMessages must be at least 1: " + maxMessages);
    }
    List<Path> paths = listFiles();
    Set<Path> present = new HashSet<>(paths);
    synchronized (lock) {
      files.keySet().retainAll(present);
      cache.retainOnly(present);
    }
    List<ExportFile> mine = new ArrayList<>();
    List<ExportFile> unknownChannel = new ArrayList<>();
    Map<String, Message> byId = new LinkedHashMap<>();
    List<List<Message>> windows = new ArrayList<>();
    for (Path path : paths) {
      ExportFileReader.Result r = load(path, channel, window);
      ExportFile f = r.file();
      if (f.holds(channel.value())) {
        mine.add(f);
        if (f.state() == ExportFile.State.COMPLETE) {
          windows.add(r.inWindow());
        }
      } else if (f.channelId() == 0) {
        unknownChannel.add(f);
      }
    }
    failIfIncomplete(channel, window, mine, unknownChannel, paths.size());
    for (List<Message> w : windows) {
      for (Message m : w) {
        if (includeBots || !m.authorIsBot()) {
          byId.putIfAbsent(m.id(), m);
        }
      }
    }
    List<Message> sorted = new ArrayList<>(byId.values());
    sorted.sort(Comparator.comparing(Message::timestamp).thenComparing(Message::id));
    boolean truncated = sorted.size() > maxMessages;
    return new MessageBatch(truncated ? sorted.subList(0, maxMessages) : sorted, truncated);
  }

  /** Throws when the channel's complete exports do not cover the window, saying why and whether to retry. */
  private void failIfIncomplete(ChannelId channel, TimeWindow window, List<ExportFile> mine,
      List<ExportFile> unknownChannel, int fileCount) {
    if (mine.isEmpty()) {
      List<String> writing = problems(unknownChannel, ExportFile.State.BEING_WRITTEN);
      if (!writing.isEmpty()) {
        throw ExternalServiceException.transientFailure(
            "no complete export for channel " + channel + " yet: " + String.join("; ", writing), Optional.empty());
      }
      List<String> broken = problems(unknownChannel, ExportFile.State.BROKEN);
      if (!broken.isEmpty()) {
        throw ExternalServiceException.permanent(String.join("; ", broken));
      }
      throw ExternalServiceException.permanent("no export for channel " + channel + " in " + directory
          + " (looked at " + fileCount + " .json files)");
    }
    List<ExportFile> complete = mine.stream().filter(f -> f.state() == ExportFile.State.COMPLETE).toList();
    Optional<ExternalServiceException> gap = ExportCoverage.check(channel, complete, window);
    if (gap.isEmpty()) {
      return;
    }
    List<String> writing = problems(mine, ExportFile.State.BEING_WRITTEN);
    if (!writing.isEmpty()) {
      throw ExternalServiceException.transientFailure(String.join("; ", writing), Optional.empty());
    }
    List<String> broken = problems(mine, ExportFile.State.BROKEN);
    if (!broken.isEmpty()) {
      throw ExternalServiceException.permanent(String.join("; ", broken));
    }
    throw gap.get();
  }

  private static List<String> problems(List<ExportFile> files, ExportFile.State state) {
    return files.stream().filter(f -> f.state() == state).map(ExportFile::problem).toList();
  }

  /** The file's facts and its messages in the window: from the cache when the file has not changed. */
  private ExportFileReader.Result load(Path path, ChannelId channel, TimeWindow window) {
    ExportFile.Stamp stamp;
    try {
      stamp = new ExportFile.Stamp(Files.getLastModifiedTime(path), Files.size(path));
    } catch (IOException e) {
      return new ExportFileReader.Result(ExportFile.failed(path, ExportFile.Stamp.UNKNOWN, 0,
          ExportFile.State.BROKEN, path + ": cannot be read: " + e.getMessage()), Optional.empty(), List.of());
    }
    synchronized (lock) {
      ExportFile known = files.get(path);
      if (known != null && known.stamp().equals(stamp)) {
        if (!known.holds(channel.value()) || known.state() != ExportFile.State.COMPLETE) {
          return new ExportFileReader.Result(known, Optional.empty(), List.of());
        }
        Optional<List<Message>> all = cache.get(path, stamp);
        if (all.isPresent()) {
          List<Message> inWindow = all.get().stream().filter(m -> window.contains(m.timestamp())).toList();
          return new ExportFileReader.Result(known, all, inWindow);
        }
      }
    }
    ExportFileReader.Result read = ExportFileReader.read(path, stamp, channel, window, maxCachedMessages);
    synchronized (lock) {
      files.put(path, read.file());
      read.all().ifPresent(all -> cache.put(path, stamp, all));
    }
    return read;
  }

  /** Messages held in the cache now (for tests of its bound). */
  long cachedMessages() {
    synchronized (lock) {
      return cache.heldMessages();
    }
  }

  private List<Path> listFiles() {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(directory, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return !dir.equals(directory) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          // attrs describe a link itself: a link to a file counts, a link to a directory is not entered
          if (!hidden(file) && isJson(file) && (attrs.isRegularFile() || Files.isRegularFile(file))) {
            found.add(file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (file.equals(directory)) {
            throw e;
          }
          if (isJson(file)) {
            found.add(file); // named as unreadable when a channel no other file holds is asked for
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException e) {
      throw ExternalServiceException.permanent("export directory " + directory + " does not exist");
    } catch (IOException e) {
      throw new ExternalServiceException("cannot list export directory " + directory + ": " + e.getMessage(), false,
          Optional.empty(), e);
    }
    found.sort(Comparator.naturalOrder());
    return found;
  }

  private static boolean hidden(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  private static boolean isJson(Path p) {
    Path name = p.getFileName();
    return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".json");
  }

  @Override
  public String toString() {
    return "ExportMessageSource[" + directory + "]";
  }
}

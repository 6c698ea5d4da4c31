package org.summarybot.scheduling.delivery.discord;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

/**
 * What is known of one export file without its messages: the stamp it was read at, its channel, the span it
 * covers and whether it could be read. Small, so one is kept for every file in the export directory.
 *
 * @param channelId the file's {@code channel.id}, 0 when it was not read (yet)
 * @param coveredFrom {@code dateRange.after}, empty for "from the channel's beginning"
 * @param coveredTo the end of what the export holds: {@code exportedAt} (or the file's last-modified time when
 *     it has none), or {@code dateRange.before} when that is earlier
 * @param coveredToSource what {@code coveredTo} was taken from, for messages
 * @param problem why the file is {@link State#BEING_WRITTEN} or {@link State#BROKEN}, naming the file
 */
record ExportFile(
    Path path,
    Stamp stamp,
    long channelId,
    Optional<Instant> coveredFrom,
    Instant coveredTo,
    String coveredToSource,
    State state,
    String problem) {

  /** How far a file could be read. */
  enum State {
    /** Read to its end: its messages and coverage count. */
    COMPLETE,
    /** Ends early, as a file DiscordChatExporter is still writing does: read again on a later fetch. */
    BEING_WRITTEN,
    /** Malformed or unreadable: a permanent problem until the file changes. */
    BROKEN
  }

  /** A file's modification time and size: when either changes, the file is read again. */
  record Stamp(FileTime modified, long size) {
    static final Stamp UNKNOWN = new Stamp(FileTime.fromMillis(0), -1);
  }

  ExportFile {
    requireNonNull(path, "path");
    requireNonNull(stamp, "stamp");
    requireNonNull(coveredFrom, "coveredFrom");
    requireNonNull(coveredTo, "coveredTo");
    requireNonNull(coveredToSource, "coveredToSource");
    requireNonNull(state, "state");
    requireNonNull(problem, "problem");
  }

  static ExportFile failed(Path path, Stamp stamp, long channelId, State state, String problem) {
    return new ExportFile(path, stamp, channelId, Optional.empty(), Instant.EPOCH, "", state, problem);
  }

  boolean holds(long channel) {
    return channelId == channel;
  }
}

package org.summarybot.scheduling.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.ExternalServiceException;
import org.summarybot.scheduling.port.DeliveryRequest;

/**
 * FILE delivery: one file per execution in the destination's directory, named from the execution id
 * ({@code <id>.md} or {@code <id>.json}), written to a temporary file and moved into place, so a reader never
 * sees half a summary and a retry overwrites instead of adding a second file. A cleanup task prunes the old
 * ones ({@link #prune}).
 */
final class FileDelivery implements DeliveryChannel {

  /** Where the summary of {@code execution} lands for {@code destination}. */
  static Path pathFor(Destination destination, ExecutionId execution) {
    String ext = destination.format() == DeliveryFormat.JSON ? ".json" : ".md";
    return Path.of(destination.target()).resolve(execution.value() + ext);
  }

  @Override
  public DeliveryOutcome deliver(DeliveryRequest request) {
    Path target = pathFor(request.destination(), request.executionId());
    String body = request.destination().format() == DeliveryFormat.JSON
        ? SummaryJson.render(request) + "\n"
        : request.summary().markdown();
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      Files.writeString(tmp, body, UTF_8);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return DeliveryOutcome.delivered(target.toString());
    } catch (AccessDeniedException e) {
      cleanup(tmp);
      return DeliveryOutcome.failed("cannot write " + target + ": permission denied");
    } catch (IOException e) {
      cleanup(tmp);
      return DeliveryOutcome.retryLater("cannot write " + target + ": " + e, java.util.Optional.empty());
    }
  }

  /** The name of a summary file this channel writes: an execution id and the extension of its format. */
  private static final Pattern SUMMARY_FILE =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.(md|json)");

  /**
   * For a cleanup task: deletes the summary files this channel wrote (named as an execution id, {@code .md} or
   * {@code .json}) in the directories of {@code destinations} that were last written before {@code olderThan};
   * every other file stays. A directory that does not exist holds none.
   */
  @Override
  public int prune(List<Destination> destinations, Instant olderThan) {
    Set<Path> dirs = new LinkedHashSet<>();
    destinations.forEach(d -> dirs.add(Path.of(d.target()).toAbsolutePath().normalize()));
    int removed = 0;
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path f : files) {
          if (SUMMARY_FILE.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f)
              && Files.getLastModifiedTime(f).toInstant().isBefore(olderThan) && Files.deleteIfExists(f)) {
            removed++;
          }
        }
      } catch (IOException e) {
        throw ExternalServiceException.transientFailure("cannot prune summary files in " + dir + ": " + e,
            Optional.empty());
      }
    }
    return removed;
  }

  private static void cleanup(Path tmp) {
    if (tmp != null) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort: a stray temp file is harmless and named as one
      }
    }
  }

  @Override
  public String toString() {
    return "file delivery";
  }
}

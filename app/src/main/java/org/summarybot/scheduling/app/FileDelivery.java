package org.summarybot.scheduling.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryRequest;

/**
 * FILE delivery: one file per execution in the destination's directory, named from the execution id
 * ({@code <id>.md} or {@code <id>.json}), written to a temporary file and moved into place, so a reader never
 * sees half a summary and a retry overwrites instead of adding a second file.
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

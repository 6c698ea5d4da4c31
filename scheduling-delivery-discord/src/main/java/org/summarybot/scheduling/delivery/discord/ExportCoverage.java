package org.summarybot.scheduling.delivery.discord;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.ExternalServiceException;

/**
 * Whether a channel's complete exports together cover a window, and if not, what failure says so.
 *
 * <p>An export covers {@code [dateRange.after, end)}, {@code after} absent meaning the channel's beginning and
 * {@code end} being {@link ExportFile#coveredTo()}. Spans of several files join. A window is never passed off as
 * complete when they do not reach over it:
 *
 * <ul>
 *   <li>the exports stop before the window's end and nothing is exported after that point: the export is stale.
 *       A <em>transient</em> failure names where the exports end and where the window ends; the engine retries
 *       with backoff and the window keeps its start, so a fresher export is summarised whole;
 *   <li>an export starts after an uncovered stretch of the window (the window starts before every
 *       {@code dateRange.after}, or two exports leave a hole): waiting for the next export would not fill it.
 *       A <em>permanent</em> failure names the stretch and tells the operator to export it.
 * </ul>
 */
final class ExportCoverage {
  private ExportCoverage() {}

  /** Empty when {@code files} (complete exports of {@code channel}) cover {@code window}; else the failure. */
  static Optional<ExternalServiceException> check(ChannelId channel, List<ExportFile> files, TimeWindow window) {
    List<ExportFile> spans = files.stream()
        .filter(f -> f.coveredFrom().map(from -> from.isBefore(f.coveredTo())).orElse(true))
        .sorted(Comparator.comparing((ExportFile f) -> f.coveredFrom().orElse(Instant.MIN)))
        .toList();
    Instant reach = window.from();
    ExportFile reachedBy = null;
    for (ExportFile f : spans) {
      if (!reach.isBefore(window.to())) {
        break;
      }
      if (!f.coveredFrom().orElse(Instant.MIN).isAfter(reach) && f.coveredTo().isAfter(reach)) {
        reach = f.coveredTo();
        reachedBy = f;
      }
    }
    if (!reach.isBefore(window.to())) {
      return Optional.empty();
    }
    Instant gapStart = reach;
    Optional<Instant> nextStart = spans.stream()
        .map(f -> f.coveredFrom().orElse(Instant.MIN))
        .filter(from -> from.isAfter(gapStart))
        .min(Comparator.naturalOrder());
    if (nextStart.isPresent()) {
      Instant gapEnd = nextStart.get().isBefore(window.to()) ? nextStart.get() : window.to();
      return Optional.of(ExternalServiceException.permanent("no export of channel " + channel + " covers ["
          + gapStart + ", " + gapEnd + ") of the window " + window + " (the next export starts at "
          + nextStart.get() + "): export that range with DiscordChatExporter (--after " + gapStart + " --before "
          + gapEnd + ") into the export directory"));
    }
    if (reachedBy == null) {
      reachedBy = spans.stream().max(Comparator.comparing(ExportFile::coveredTo)).orElse(null);
    }
    String end = reachedBy == null
        ? "no complete export of channel " + channel + " covers any time"
        : "the exports of channel " + channel + " end at " + reachedBy.coveredTo() + " ("
            + reachedBy.coveredToSource() + " of " + reachedBy.path() + ")";
    return Optional.of(ExternalServiceException.transientFailure(end + " but the window " + window + " ends at "
        + window.to() + ": waiting for a fresher export; will retry", Optional.empty()));
  }
}

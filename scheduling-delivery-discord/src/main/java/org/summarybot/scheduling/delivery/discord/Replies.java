package org.summarybot.scheduling.delivery.discord;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.summarybot.scheduling.engine.TaskReport;
import org.summarybot.scheduling.model.DurationText;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;

/**
 * The text of replies: times as Discord timestamps ({@code <t:EPOCH:F>} and {@code <t:EPOCH:R>}), which every
 * reader sees in their own local time; names of tasks made harmless (no Markdown or mentions taken from them);
 * everything within Discord's 2000 characters.
 */
final class Replies {
  static final int MAX = 2000;

  private Replies() {}

  /** An instant as a full date and time and as "in 3 hours", each in the reader's own zone. */
  static String when(Instant at) {
    long s = at.getEpochSecond();
    return "<t:" + s + ":F> (<t:" + s + ":R>)";
  }

  static String runs(List<Instant> runs) {
    if (runs.isEmpty()) {
      return "no further runs";
    }
    StringBuilder b = new StringBuilder();
    for (Instant r : runs) {
      b.append("\n- ").append(when(r));
    }
    return b.toString();
  }

  /** Text shown literally: Markdown and mention characters escaped. */
  static String plain(String s) {
    return s.replaceAll("([\\\\*_`~|>#@\\[\\]()<-])", "\\\\$1");
  }

  static String task(ScheduledTask t) {
    return "**" + plain(t.name()) + "** (`" + t.id() + "`)";
  }

  static String created(TaskReport r) {
    return "Created " + task(r.task()) + ": " + plain(r.scheduleDescription()) + ", zone " + r.task().zone().getId()
        + ".\nNext runs:" + runs(r.nextRuns());
  }

  static String show(TaskReport r) {
    ScheduledTask t = r.task();
    StringBuilder b = new StringBuilder(task(t)).append(" · ").append(t.status().name().toLowerCase(Locale.ROOT));
    t.statusReason().ifPresent(x -> b.append(" (").append(plain(x)).append(')'));
    b.append("\nSchedule: `").append(t.schedule().replace("`", "'")).append("` in ").append(t.zone().getId())
        .append(" (").append(plain(r.scheduleDescription())).append(')');
    b.append("\nReads: ").append(String.join(", ", t.channelIds().stream().map(c -> "<#" + c + ">").toList()));
    b.append("\nPosts to: ").append(String.join(", ", t.destinations().stream().map(Replies::destination).toList()));
    b.append("\nLength ").append(t.options().length().name().toLowerCase(Locale.ROOT)).append(", min messages ")
        .append(t.options().minMessages());
    t.options().lookback().ifPresent(l -> b.append(", lookback ").append(DurationText.format(l)));
    b.append("\nNext runs:").append(runs(r.nextRuns()));
    b.append("\nRuns: ").append(t.stats().runs()).append(", succeeded ").append(t.stats().successes())
        .append(", failed ").append(t.stats().failures());
    r.lastExecution().ifPresent(e -> b.append("\nLast run: ").append(outcome(e)));
    return cut(b.toString());
  }

  static String destination(org.summarybot.scheduling.model.Destination d) {
    String s = switch (d.type()) {
      case DISCORD_CHANNEL -> "<#" + d.target() + "> (" + d.format().name().toLowerCase(Locale.ROOT) + ")";
      case WEBHOOK -> "webhook " + plain(org.summarybot.scheduling.model.Destination.redactUrl(d.target()));
      default -> plain(d.describe());
    };
    return d.enabled() ? s : s + " — disabled: " + plain(d.disabledReason().orElse("?"));
  }

  static String outcome(ExecutionRecord e) {
    StringBuilder b = new StringBuilder(when(e.scheduledFor())).append(" **")
        .append(e.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append("**");
    if (e.messageCount() > 0) {
      b.append(", ").append(e.messageCount()).append(" messages");
    }
    Optional<String> error = e.errorMessage();
    error.ifPresent(m -> b.append(": ").append(plain(cutTo(m, 200))));
    return b.toString();
  }

  static String history(ScheduledTask t, List<ExecutionRecord> records) {
    if (records.isEmpty()) {
      return task(t) + " has not run yet.";
    }
    StringBuilder b = new StringBuilder("Last runs of ").append(task(t)).append(':');
    for (ExecutionRecord e : records) {
      b.append("\n- ").append(outcome(e));
    }
    return cut(b.toString());
  }

  static String cut(String s) {
    return cutTo(s, MAX);
  }

  static String cutTo(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}

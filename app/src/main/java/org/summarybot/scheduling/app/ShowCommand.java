package org.summarybot.scheduling.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.summarybot.scheduling.engine.TaskReport;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.model.DurationText;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SummarizerChoice;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TimeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tasks show ID}: one task for people (its settings, time options, destinations, a pending retry, its next
 * runs with the first one's lateness or the node running it, stats and last execution), or {@code --json}: the
 * task in the shared form with its next runs and last execution.
 */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one task.")
final class ShowCommand extends TasksCommand.Base {
  @Parameters(paramLabel = "ID") String id;
  @Mixin TasksCommand.JsonFlag json;

  @Override
  public Integer call() {
    TaskId tid = id(id);
    try (Wiring w = open()) {
      TaskReport r = w.scheduler.status(tid);
      ScheduledTask t = r.task();
      PrintWriter out = out();
      if (json.json) {
        ObjectNode o = withNextRuns(t, r);
        r.lastExecution().ifPresent(e -> o.set("lastExecution", Json.record(e)));
        out.println(Json.write(o));
      } else {
        out.println("id:          " + t.id());
        out.println("name:        " + FreeText.printable(t.name()));
        out.println("guild:       " + (t.isOperatorTask() ? "every guild (an operator task)" : t.guildId()));
        t.retention().ifPresent(keep -> out.println("cleanup:     prunes history, delivery logs and file:"
            + " summaries older than " + DurationText.format(keep)));
        out.println("channels:    " + String.join(", ", t.channelIds().stream().map(Object::toString).toList()));
        out.println("schedule:    " + t.schedule() + " (" + r.scheduleDescription() + ")");
        out.println("status:      " + t.status()
            + t.statusReason().map(s -> " (" + FreeText.printable(s) + ")").orElse(""));
        out.println("length:      " + t.options().length().name().toLowerCase(Locale.ROOT)
            + ", min messages " + t.options().minMessages()
            + t.options().lookback().map(l -> ", lookback " + DurationText.format(l)).orElse(""));
        out.println("summarizer:  " + t.options().summarizer().name().toLowerCase(Locale.ROOT)
            + (t.options().summarizer() == SummarizerChoice.BUILTIN ? " (messages stay on this machine)"
                : " (the model of the config's summarizer section)")
            + ", language " + t.options().language().orElse("of the messages"));
        out.println("retries:     " + (t.retryPolicy().maxAttempts() - 1) + ", first after "
            + DurationText.format(t.retryPolicy().initialDelay()) + "; disable after " + t.maxConsecutiveFailures()
            + " failures");
        t.alertIfSilent().ifPresent(a -> out.println("silence:     alert when nothing is delivered for "
            + DurationText.format(a) + t.stats().lastDelivered().map(d -> "; last delivery " + at(d, t.zone()))
                .orElse("; nothing delivered yet")
            + t.silenceAlertedAt().map(s -> "; SILENT, reported " + at(s, t.zone())).orElse("")));
        out.println("misfire:     " + t.misfirePolicy().name().toLowerCase(Locale.ROOT).replace('_', '-')
            + " when a fire starts more than " + DurationText.format(t.misfireGrace()) + " late");
        String times = timesLine(t);
        if (!times.isEmpty()) {
          out.println("times:       " + times);
        }
        out.println("destinations:");
        for (Destination d : t.destinations()) {
          out.println("  " + d.describe() + " (" + d.format().name().toLowerCase(Locale.ROOT) + ")"
              + d.secretRef().map(s -> " secret from $" + s).orElse("")
              + (d.enabled() ? "" : " DISABLED: " + FreeText.printable(d.disabledReason().orElse(""))));
        }
        Instant now = Instant.now();
        Optional<String> runningOn = Optional.ofNullable(w.store.leaseHolders(now).get(t.id()));
        t.pending().ifPresent(p -> out.println("pending:     attempt " + p.nextAttempt() + " of the execution for "
            + at(p.scheduledFor(), t.zone()) + " at " + at(p.dueAt(), t.zone()) + " (" + p.reason() + ")"));
        out.println("next runs:");
        for (int i = 0; i < r.nextRuns().size(); i++) {
          Instant next = r.nextRuns().get(i);
          out.println("  " + (i == 0 ? Times.due(next, t.zone(), now, runningOn) : at(next, t.zone())));
        }
        out.println("stats:       " + t.stats().runs() + " runs, " + t.stats().successes() + " succeeded, "
            + t.stats().failures() + " failed, " + t.stats().skipped() + " skipped, " + t.stats().missed() + " missed");
        r.lastExecution().ifPresent(e -> out.println("last:        " + e.outcome() + " for "
            + at(e.scheduledFor(), t.zone())
            + e.errorMessage().map(m -> ": " + FreeText.printable(DestinationText.shown(m))).orElse("")));
      }
      out.flush();
    }
    return Main.OK;
  }

  /**
   * A task's time options for people, those not at their default: {@code from 2026-03-01T09:00:00+01:00, until ...,
   * max 10 runs (3 so far), skip 12-25,2026-12-24, jitter 10m (this task: +4m 2s), dst gap skip, dst overlap both};
   * empty when all are.
   */
  static String timesLine(ScheduledTask t) {
    TimeOptions o = t.timeOptions();
    List<String> parts = new ArrayList<>();
    o.starts().ifPresent(i -> parts.add("from " + at(i, t.zone())));
    o.ends().ifPresent(i -> parts.add("until " + at(i, t.zone())));
    o.maxRuns().ifPresent(n -> parts.add("max " + n + " runs (" + t.stats().ran() + " so far)"));
    if (!o.skipDates().isEmpty()) {
      parts.add("skip " + o.skipDatesText());
    }
    if (!o.jitter().isZero()) {
      parts.add("jitter " + DurationText.format(o.jitter()) + " (this task: +" + Times.span(o.jitterOffset(t.id()))
          + ")");
    }
    if (o.dstGap() != DstGap.SHIFT) {
      parts.add("dst gap " + o.dstGap().name().toLowerCase(Locale.ROOT));
    }
    if (o.dstOverlap() != DstOverlap.FIRST) {
      parts.add("dst overlap " + o.dstOverlap().name().toLowerCase(Locale.ROOT));
    }
    return String.join(", ", parts);
  }
}

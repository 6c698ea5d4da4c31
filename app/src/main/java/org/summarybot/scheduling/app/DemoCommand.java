package org.summarybot.scheduling.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.summarybot.scheduling.delivery.discord.ExportMessageSource;
import org.summarybot.scheduling.engine.SchedulerEvent;
import org.summarybot.scheduling.engine.TaskSpec;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DurationText;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.RetryPolicy;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SummaryLength;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.TaskQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the whole pipeline with no config, token or network. A file store in a directory of its own
 * ({@code ./summary-demo}), the sample conversation shipped in the jar read by the export reader and replayed into
 * each window, the built-in summarizer, FILE delivery to {@code ./summary-demo/summaries/} and CONSOLE delivery.
 *
 * <p>The demo never touches a store it did not create: it runs every task of its store on the sample
 * conversation, so a user's task there would be fed it and its window used up. It marks the directory it makes
 * ({@value #MARKER}) and refuses a {@code --data} directory that is neither new, empty nor so marked, or that holds
 * a task it did not create.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a demo task over a sample conversation: a summary now and every minute after, printed"
        + " and written to DATA/summaries/. No config, token or network needed. Ctrl-C stops it.")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
  static final GuildId SAMPLE_GUILD = GuildId.of(1100000000000000001L);
  static final ChannelId SAMPLE_CHANNEL = ChannelId.of(1100000000000000002L);
  static final String TASK_NAME = "demo";
  static final String CREATED_BY = "demo";
  /** The file that marks a directory as the demo's own. */
  static final String MARKER = ".summary-demo";
  private static final String SAMPLE = "sample-conversation.json";
  /** Everything the sample export covers: it was exported at this instant ({@code exportedAt} in the file). */
  private static final TimeWindow SAMPLE_RECORDED =
      TimeWindow.of(Instant.EPOCH, Instant.parse("2025-03-14T12:00:00Z"));

  @Option(names = "--exit-after", paramLabel = "N",
      description = "Stop after N executions that wrote a summary (default: run until Ctrl-C).")
  Integer exitAfter;

  @Option(names = "--data", defaultValue = "summary-demo", paramLabel = "DIR",
      description = "The demo's own directory for its store, sample and summaries (default ./summary-demo); a"
          + " directory it did not make is refused.")
  Path data;

  @Option(names = "--every", defaultValue = "1m", paramLabel = "DURATION",
      description = "How often the demo task fires after its first run (default 1m; 1s-1d).")
  String every;

  @Option(names = "--length", defaultValue = "detailed", paramLabel = "LENGTH",
      description = "brief, detailed or comprehensive (default detailed).")
  SummaryLength length;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (exitAfter != null && exitAfter < 1) {
      throw new UsageException("--exit-after: " + exitAfter + " must be at least 1");
    }
    TaskInput in = new TaskInput(SecretEnvs.of(Config.defaults()));
    Duration period = in.duration("--every", every, Limits.DEMO_EVERY);
    in.throwIfAny();
    PrintWriter out = spec.commandLine().getOut();
    claimDirectory(data);
    Path exportDir = data.resolve("demo-export");
    Path summaries = data.resolve("summaries");
    installSample(exportDir);

    Destination file = Destination.file(summaries.toString(), DeliveryFormat.MARKDOWN);
    AtomicInteger written = new AtomicInteger();
    AtomicReference<Wiring> wiring = new AtomicReference<>();
    // Ctrl-C (or --exit-after) stops the demo; it exits 0.
    StopSignal signal = StopSignal.install(why -> {
      Wiring opened = wiring.get();
      if (opened != null) {
        opened.scheduler.stop(Duration.ofSeconds(10));
        opened.close();
      }
      return Main.OK;
    });
    Config config = Config.defaults().withStore("file:" + data);
    Wiring.Overrides overrides = new Wiring.Overrides(Optional.empty(),
        Optional.of(new ReplaySource(ExportMessageSource.of(exportDir), SAMPLE_RECORDED)), Optional.of(Duration.ofSeconds(1)),
        Optional.of(Duration.ofSeconds(30)), Optional.of(1), List.of(event -> {
          if (event instanceof SchedulerEvent.Succeeded s && s.record().outcome() == ExecutionOutcome.SUCCEEDED) {
            synchronized (out) {
              out.println("summary written to " + FileDelivery.pathFor(file, s.record().id()));
              out.println();
              out.flush();
            }
            if (exitAfter != null && written.incrementAndGet() >= exitAfter) {
              signal.request(exitAfter + " summaries written");
            }
          } else if (event instanceof SchedulerEvent.Failed f) {
            spec.commandLine().getErr().println("demo: execution failed: " + f.record().errorMessage().orElse("?"));
          }
        }));
    Wiring w = Wiring.open(config, out, overrides);
    List<ScheduledTask> others = w.scheduler.list(TaskQuery.all()).stream().filter(t -> !isDemoTask(t)).toList();
    if (!others.isEmpty()) {
      w.close();
      throw new UsageException("--data: " + data + " holds " + others.size() + " task(s) the demo did not create ("
          + String.join(", ", others.stream().limit(3).map(t -> t.id() + " '" + t.name() + "'").toList())
          + (others.size() > 3 ? ", ..." : "") + "); the demo runs every task of its store on its sample"
          + " conversation, so it uses only a store of its own: give a new or empty directory");
    }
    wiring.set(w);

    for (ScheduledTask old : w.scheduler.list(TaskQuery.all())) {
      w.scheduler.cancel(old.id()); // an earlier demo's task: only the demo's are here
    }
    TaskSpec taskSpec = TaskSpec.builder()
        .name(TASK_NAME)
        .guild(SAMPLE_GUILD)
        .channel(SAMPLE_CHANNEL)
        .schedule("every " + DurationText.format(period))
        .destinations(List.of(file, Destination.console()))
        .options(SummaryOptions.DEFAULTS.withLength(length).withLookback(period))
        .retryPolicy(new RetryPolicy(3, Duration.ofSeconds(2), 2.0, Duration.ofSeconds(10)))
        .createdBy(CREATED_BY)
        .build();
    ScheduledTask task = w.scheduler.schedule(taskSpec);
    w.scheduler.runNow(task.id());
    out.println("demo: task " + task.id() + " summarises the sample #dev conversation now and every "
        + DurationText.format(period) + " after (" + task.schedule() + ").");
    out.println("demo: summaries are printed here and written to " + summaries + "/. "
        + (exitAfter == null ? "Ctrl-C stops." : "Stops after " + exitAfter + "."));
    out.println();
    out.flush();
    w.scheduler.start();
    return signal.awaitAndStop();
  }

  private static boolean isDemoTask(ScheduledTask t) {
    return t.createdBy().equals(CREATED_BY) && t.guildId().equals(SAMPLE_GUILD) && t.name().equals(TASK_NAME);
  }

  /**
   * Makes {@code dir} the demo's: a new or empty directory is created and marked; a marked one is the demo's
   * already; anything else is refused, untouched.
   */
  private static void claimDirectory(Path dir) {
    Path marker = dir.resolve(MARKER);
    try {
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw new UsageException("--data: " + dir + " is not a directory");
      }
      if (Files.isDirectory(dir) && !Files.exists(marker)) {
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            throw new UsageException("--data: " + dir + " is not the demo's directory (it has files and no "
                + MARKER + " marker); the demo runs every task of its store on its sample conversation, so it"
                + " uses only a directory of its own: give a new or empty one (default ./summary-demo)");
          }
        }
      }
      Files.createDirectories(dir);
      if (!Files.exists(marker)) {
        Files.writeString(marker, "This directory belongs to 'summary-scheduler demo': its store, sample"
            + " conversation and summaries. Delete it when you are done with the demo.\n");
      }
    } catch (IOException e) {
      throw new Failure("--data: cannot use " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void installSample(Path exportDir) {
    try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLE)) {
      if (in == null) {
        throw new Failure("the sample conversation is missing from the jar");
      }
      Files.createDirectories(exportDir);
      Files.copy(in, exportDir.resolve(SAMPLE), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new Failure("cannot write the sample conversation to " + exportDir + ": " + e.getMessage(), e);
    }
  }
}

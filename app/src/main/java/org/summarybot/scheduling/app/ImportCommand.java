package org.summarybot.scheduling.app;

import java.nio.file.Path;
import java.util.List;
import org.summarybot.scheduling.json.ExportDocument;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.persistence.file.ImportReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tasks import FILE}: checks the document ({@link ImportFile}) and, with the Discord token set, where its
 * tasks' channels belong ({@link GuildPlacementCheck}), then creates all of its tasks and guild settings or none.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Create the tasks and guild settings of an export document: all of them or, on any problem,"
        + " none.",
        "Every task is checked as 'tasks add' checks its flags; at most " + Limits.TASKS_PER_IMPORT
            + " tasks and 50 MB per file."})
final class ImportCommand extends TasksCommand.Base {
  @Parameters(paramLabel = "FILE") Path file;

  @Option(names = "--dry-run", description = "Only check the document.")
  boolean dryRun;

  @Override
  public Integer call() {
    Config config = config();
    String doc = ImportFile.read(file, SecretEnvs.of(config));
    if (Wiring.discordTokenSet(config)) {
      List<ScheduledTask> tasks;
      try {
        tasks = ExportDocument.read(doc);
      } catch (ValidationException e) {
        throw new UsageException(e.problems().stream().map(p -> file + ": " + p.field() + ": " + p.message()).toList());
      }
      GuildPlacementCheck.require(config, tasks.stream().map(t -> new GuildPlacementCheck.Subject(
          file + ": tasks[" + t.id() + "]: ", t.guildId(), t.channelIds(), t.destinations())).toList(),
          spec.commandLine().getErr());
    }
    try (Wiring w = Wiring.open(config, out())) {
      ImportReport r;
      try {
        r = StoreTransfer.importDocument(w.store, doc, dryRun);
      } catch (ValidationException e) {
        throw new UsageException(e.problems().stream().map(p -> file + ": " + p.field() + ": " + p.message()).toList());
      }
      out().println((r.dryRun() ? "would import " : "imported ") + r.created().size() + " task(s)"
          + (r.settings().isEmpty() ? "" : " and the settings of " + r.settings().size() + " guild(s)"));
      r.created().forEach(id -> out().println("  " + id));
      r.settings().forEach(g -> out().println("  guild " + g.guild() + ": zone " + g.zone().getId()));
      out().flush();
    }
    return Main.OK;
  }
}

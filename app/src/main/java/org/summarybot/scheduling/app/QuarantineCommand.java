package org.summarybot.scheduling.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.util.List;
import org.summarybot.scheduling.persistence.file.FileTaskStore;
import org.summarybot.scheduling.persistence.file.FileTaskStore.QuarantinedFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tasks quarantine}: the files the file store moved to {@code quarantine/} because it could not use them
 * (a task file that does not parse or validate, a stray file in {@code tasks/}), each with where it was and why.
 * The store works without them; {@code status} and {@code /health} report them as warnings.
 */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
    description = "List the files the store put in quarantine, with the reason for each.")
final class QuarantineCommand extends TasksCommand.Base {
  @Mixin TasksCommand.JsonFlag json;

  @Override
  public Integer call() {
    try (Wiring w = open()) {
      List<QuarantinedFile> files = w.store instanceof FileTaskStore f ? f.quarantined() : List.of();
      PrintWriter out = out();
      if (json.json) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (QuarantinedFile q : files) {
          a.addObject().put("file", q.file()).put("from", q.from().orElse(null)).put("reason", q.reason());
        }
        out.println(Json.write(a));
      } else if (files.isEmpty()) {
        out.println(w.store instanceof FileTaskStore f ? "no quarantined files in " + f.directory()
            : "no quarantined files (the SQL store keeps no files)");
      } else {
        for (QuarantinedFile q : files) {
          out.println(q.file() + q.from().map(p -> " (was " + p + ")").orElse("") + ": " + q.reason());
        }
        out.println(files.size() + " file(s); the store ignores them. Fix one and move it back, or delete it.");
      }
      out.flush();
    }
    return Main.OK;
  }
}

package org.summarybot.scheduling.persistence.file;

import static org.summarybot.scheduling.testkit.TaskFixtures.completed;
import static org.summarybot.scheduling.testkit.TaskFixtures.dueTask;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.port.Claim;

/**
 * The victim of {@link CrashTest}: creates, updates, claims and completes tasks in a loop until it is killed,
 * printing one acknowledgement line after each call returns:
 * {@code ACK <id> <version> <name>}, {@code DONE <id> <scheduledFor>}, {@code DLV <key>}.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int round = Integer.parseInt(args[1]);
    Instant now = Instant.parse("2026-03-02T09:00:00Z").plus(Duration.ofMinutes(2L * round));
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    try (FileTaskStore store = FileTaskStore.open(dir)) {
      out.println("OPEN");
      for (int i = 0; ; i++) {
        String id = "r" + round + "-" + i;
        ScheduledTask t = store.create(dueTask(id, now.minusSeconds(3600), now).toBuilder().name("v1 " + id).build());
        out.println("ACK " + id + " " + t.version() + " " + t.name());
        t = store.update(t.toBuilder().name("v2 " + id).build());
        out.println("ACK " + id + " " + t.version() + " " + t.name());
        List<Claim> claims = store.claimDue(now, 1, "child-" + round, Duration.ofMinutes(1));
        for (Claim c : claims) {
          ScheduledTask done = store.complete(completed(c, now, c.dueAt().plus(Duration.ofHours(1))));
          out.println("ACK " + done.id() + " " + done.version() + " " + done.name());
          out.println("DONE " + done.id() + " " + c.dueAt());
          String key = "exec-" + done.id() + "@" + c.dueAt() + "/console:";
          if (store.recordDelivery(key, now)) {
            out.println("DLV " + key);
          }
        }
      }
    }
  }
}

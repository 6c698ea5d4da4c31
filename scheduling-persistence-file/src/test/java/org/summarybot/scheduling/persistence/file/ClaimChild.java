package org.summarybot.scheduling.persistence.file;

import static org.summarybot.scheduling.testkit.TaskFixtures.completed;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.summarybot.scheduling.port.Claim;

/**
 * One of the two daemons of {@link TwoProcessClaimTest}: claims due tasks from a shared directory for a while,
 * completing each with its next fire, printing {@code CLAIM <id> <dueAt>} for every claim it receives.
 */
public final class ClaimChild {
  private ClaimChild() {}

  public static void main(String[] args) throws java.io.IOException {
    Path dir = Path.of(args[0]);
    String node = args[1];
    long runMillis = Long.parseLong(args[2]);
    Instant now = Instant.parse(args[3]);
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    try (FileTaskStore store = FileTaskStore.open(dir)) {
      out.println("READY");
      // Wait for the parent's GO, so both daemons start claiming together.
      String go = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
          .readLine();
      if (!"GO".equals(go)) {
        throw new IllegalStateException("expected GO, got " + go);
      }
      long end = System.nanoTime() + runMillis * 1_000_000L;
      int claims = 0;
      while (System.nanoTime() < end) {
        List<Claim> batch = store.claimDue(now, 3, node, Duration.ofMinutes(10));
        for (Claim c : batch) {
          out.println("CLAIM " + c.task().id() + " " + c.dueAt());
          store.complete(completed(c, now, c.dueAt().plus(Duration.ofHours(1))));
          claims++;
        }
      }
      out.println("END " + claims);
    }
  }
}

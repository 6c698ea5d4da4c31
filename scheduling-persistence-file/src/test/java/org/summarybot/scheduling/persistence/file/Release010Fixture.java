package org.summarybot.scheduling.persistence.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.DeliveryStatus;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.MisfirePolicy;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.SummaryLength;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.testkit.TaskFixtures;

/**
 * Writes the fixture {@code src/test/resources/store-0.1.0/} (and {@code export-0.1.0.json}) through the public
 * API of the store. It was run once on release 0.1.0 (the code before the shared JSON module, whose task files
 * carry {@code "schema" : 2} and no {@code "format"}); the committed output is what {@code Release010StoreTest}
 * opens. Running it on later code writes that code's format instead, so the committed files are never regenerated.
 *
 * <p>Usage: {@code Release010Fixture <store dir> <export file>}.
 */
final class Release010Fixture {
  static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  private Release010Fixture() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    try (FileTaskStore store = FileTaskStore.builder(dir).fsync(false).open()) {
      // Every schedule kind, several zones and destination types.
      String[][] schedules = {
          {"daily", "daily 09:00", "Europe/Berlin"},
          {"weekly", "weekly MON,FRI 09:30", "America/New_York"},
          {"monthly", "monthly last 18:00", "Asia/Kolkata"},
          {"once", "once 2026-12-24T17:00", "Australia/Sydney"},
          {"every", "every 90m", "UTC"},
          {"cron5", "30 9 * * 1-5", "Europe/London"},
          {"cron6", "0 0 9 ? * MON-FRI", "Europe/Berlin"},
          {"cron7", "0 15 10 ? * 6#3 2027", "Pacific/Auckland"},
          {"macro", "@weekly", "UTC"},
      };
      for (String[] s : schedules) {
        store.create(TaskFixtures.summaryTask(s[0], T0).schedule(s[1]).zone(ZoneId.of(s[2]))
            .destinations(List.of(
                Destination.discord(ChannelId.of(3001), DeliveryFormat.EMBED),
                Destination.webhook("https://hooks.example.com/digest/" + s[0] + "?token=abc",
                    Optional.of("DIGEST_WEBHOOK_SECRET")),
                Destination.file("summaries/" + s[0], DeliveryFormat.MARKDOWN),
                Destination.console()))
            .build());
      }
      // Every optional field set: disabled, with a pending run carrying a summary, a disabled webhook.
      store.create(TaskFixtures.richTask("rich", T0).toBuilder().version(0).build());
      // Paused with options and a retry policy of its own.
      store.create(TaskFixtures.summaryTask("paused", T0).status(TaskStatus.PAUSED)
          .statusReason(Optional.of("paused by admin#1"))
          .options(new SummaryOptions(SummaryLength.DETAILED, false, 5, 2000, Optional.empty(), Duration.ofDays(7)))
          .retryPolicy(new org.summarybot.scheduling.model.RetryPolicy(4, Duration.ofSeconds(45), 3.0,
              Duration.ofHours(1)))
          .misfirePolicy(MisfirePolicy.SKIP)
          .build());
      // A cleanup task.
      store.create(TaskFixtures.cleanupTask("cleanup", T0).build());
      // Another guild's task.
      store.create(TaskFixtures.summaryTask("other-guild", T0).guildId(GuildId.of(1002))
          .channel(ChannelId.of(2099)).destination(Destination.discord(ChannelId.of(3099),
              DeliveryFormat.MARKDOWN)).build());

      // History: "daily" runs, fails, misses; its last completion stays in the task file as "recent".
      Instant due = T0.plus(Duration.ofHours(1));
      ScheduledTask daily = store.get(TaskId.of("daily")).orElseThrow();
      daily = store.update(daily.toBuilder().nextRun(Optional.of(due)).build());
      Claim c1 = store.claimDue(due, 100, "node-a", Duration.ofMinutes(5)).stream()
          .filter(c -> c.task().id().value().equals("daily")).findFirst().orElseThrow();
      ExecutionRecord ok = TaskFixtures.succeeded(daily, due, due.plusSeconds(20));
      ExecutionRecord missed = ExecutionRecord.missed(daily.id(), daily.guildId(), due.minus(Duration.ofDays(3)),
          due.minus(Duration.ofDays(1)), 3, due.plusSeconds(1), "the scheduler was down");
      store.complete(new Completion(c1, List.of(missed, ok), Optional.of(due.plus(Duration.ofDays(1))),
          Optional.empty(), Optional.of(due), Optional.empty(), Optional.empty(), Map.of(), due.plusSeconds(20),
          List.of(ok.id().value() + "|discord_channel:3001")));
      Instant due2 = due.plus(Duration.ofDays(1));
      Claim c2 = store.claimDue(due2, 100, "node-a", Duration.ofMinutes(5)).stream()
          .filter(c -> c.task().id().value().equals("daily")).findFirst().orElseThrow();
      ExecutionRecord failed = new ExecutionRecord(ExecutionId.of(daily.id(), due2), daily.id(), daily.guildId(),
          due2, due2.plusSeconds(1), due2.plusSeconds(9), 3, ExecutionOutcome.FAILED,
          Optional.of(TimeWindow.of(due, due2)), 17,
          List.of(DeliveryResult.delivered("discord_channel:3001"),
              new DeliveryResult("webhook:https://hooks.example.com/digest/daily?token=abc", DeliveryStatus.FAILED,
                  Optional.of("HTTP 503 after 3 attempts"))),
          Optional.of("ExternalServiceException"), Optional.of("HTTP 503"), 0, Optional.empty());
      store.complete(new Completion(c2, List.of(failed), Optional.of(due2.plus(Duration.ofDays(1))),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Map.of("file:summaries/daily", "directory is not writable"), due2.plusSeconds(9)));
      store.recordDelivery("manual-key", due2.plusSeconds(10));

      // A completed once task, and a live lease on "every".
      ScheduledTask once = store.get(TaskId.of("once")).orElseThrow();
      store.update(once.toBuilder().status(TaskStatus.COMPLETED).nextRun(Optional.empty())
          .lastWindowEnd(Optional.of(Instant.parse("2026-12-24T06:00:00Z"))).build());
      ScheduledTask every = store.get(TaskId.of("every")).orElseThrow();
      store.update(every.toBuilder().nextRun(Optional.of(due2)).build());
      store.claimDue(due2, 1, "node-b", Duration.ofDays(36500));
      store.pruneHistory(T0.minus(Duration.ofDays(30)));

      Files.writeString(Path.of(args[1]), store.exportTasks(Optional.empty()), StandardCharsets.UTF_8);
    }
    // A bad file, quarantined at the next open.
    Files.writeString(dir.resolve("tasks/broken.json"), "{ \"schema\" : 2, \"task\" : ", StandardCharsets.UTF_8);
    try (FileTaskStore store = FileTaskStore.builder(dir).fsync(false).open()) {
      System.out.println(store.quarantined());
    }
  }
}

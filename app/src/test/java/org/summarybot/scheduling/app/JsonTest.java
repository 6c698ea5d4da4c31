package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.json.JsonIn;
import org.summarybot.scheduling.json.TaskJson;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.DeliveryStatus;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TaskStats;
import org.summarybot.scheduling.model.TimeWindow;

/** The CLI's --json shapes are the shared form of scheduling-json, plus what an operator needs, minus secrets. */
class JsonTest {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  private static ScheduledTask task() {
    return ScheduledTask.builder().id(TaskId.of("digest")).name("digest").guildId(GuildId.of(1001))
        .channel(ChannelId.of(2001)).schedule("daily 09:00").zone(ZoneId.of("Europe/Berlin"))
        .destinations(List.of(Destination.discord(ChannelId.of(3001), DeliveryFormat.EMBED),
            Destination.webhook("https://hooks.example.com/t/SECRET-TOKEN?sig=abc", Optional.of("D_WEBHOOK_SECRET"))))
        .stats(new TaskStats(4, 3, 1, 0, 0, 0, 4000, Optional.of(T0), Optional.of(T0), Optional.of(T0)))
        .createdBy("admin").createdAt(T0).nextRun(Optional.of(T0.plus(Duration.ofHours(1)))).version(3).build();
  }

  @Test
  void a_task_is_the_shared_form_with_destinations_as_shown_and_derived_stats() {
    ObjectNode o = Json.task(task());
    ObjectNode shared = TaskJson.task(task(), true);

    assertThat(o.get("retryPolicy")).isEqualTo(shared.get("retryPolicy"));
    assertThat(o.has("retry")).isFalse();
    for (String field : List.of("id", "guild", "schedule", "zone", "options", "misfireGrace", "version")) {
      assertThat(o.get(field)).as(field).isEqualTo(shared.get(field));
    }
    assertThat(o.get("destinations").get(0).get("format").asText()).isEqualTo("EMBED");
    assertThat(o.get("destinations").get(0).get("destination").asText()).isEqualTo("discord:3001");
    assertThat(o.get("stats").get("successRate").asDouble()).isEqualTo(0.75);
    assertThat(o.get("stats").get("averageDuration").asText()).isEqualTo("1000ms");
    // Read back by the shared reader, the output is the task but for the webhook's path and query.
    ScheduledTask read = TaskJson.task(new JsonIn(o, ""));
    assertThat(read.toBuilder().destinations(task().destinations()).build()).isEqualTo(task());
  }

  @Test
  void a_webhook_token_in_the_url_never_appears() {
    String out = Json.write(Json.task(task()));
    assertThat(out).doesNotContain("SECRET-TOKEN").doesNotContain("sig=abc").contains("D_WEBHOOK_SECRET");
  }

  @Test
  void a_record_is_the_shared_form_with_old_destinations_shown_as_users_write_them() {
    ExecutionRecord r = new ExecutionRecord(ExecutionId.of(TaskId.of("digest"), T0), TaskId.of("digest"),
        GuildId.of(1001), T0, T0, T0.plusSeconds(2), 2, ExecutionOutcome.FAILED,
        Optional.of(TimeWindow.of(T0.minusSeconds(3600), T0)), 5,
        List.of(new DeliveryResult("discord_channel:3001", DeliveryStatus.FAILED,
            Optional.of("discord_channel:3001 is gone"))),
        Optional.of("X"), Optional.of("discord_channel:3001 failed"), 0, Optional.empty());
    ObjectNode o = Json.record(r);

    assertThat(o.get("task").asText()).isEqualTo("digest");
    assertThat(o.get("deliveries").get(0).get("destination").asText()).isEqualTo("discord:3001");
    assertThat(o.get("deliveries").get(0).get("error").asText()).isEqualTo("discord:3001 is gone");
    assertThat(o.get("errorMessage").asText()).isEqualTo("discord:3001 failed");
    assertThat(o.get("outcome")).isEqualTo(TaskJson.record(r).get("outcome"));
  }
}

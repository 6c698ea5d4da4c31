package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryRequest;

class FileDeliveryTest {
  private static final Instant FIRE = Instant.parse("2025-03-14T12:00:00Z");
  private static final TaskId TASK = TaskId.of("digest");

  @TempDir Path dir;

  private DeliveryRequest request(Destination d, String markdown, int attempt) {
    ScheduledTask task = ScheduledTask.builder().id(TASK).name("digest").guildId(GuildId.of(1))
        .channel(ChannelId.of(2)).schedule("daily 12:00").destination(d).createdAt(FIRE.minusSeconds(86_400)).build();
    Summary s = new Summary("digest", markdown, List.of("ana"), 1, TimeWindow.of(FIRE.minusSeconds(3600), FIRE));
    return new DeliveryRequest(ExecutionId.of(TASK, FIRE), task, d, s, FIRE, attempt, DeliveryJournal.none());
  }

  @Test
  void writes_one_markdown_file_named_from_the_execution_id_and_a_retry_overwrites_it() throws Exception {
    Destination d = Destination.file(dir.toString(), DeliveryFormat.MARKDOWN);
    FileDelivery delivery = new FileDelivery();

    DeliveryOutcome first = delivery.deliver(request(d, "# first\n", 1));
    DeliveryOutcome retry = delivery.deliver(request(d, "# second\n", 2));

    Path file = dir.resolve(ExecutionId.of(TASK, FIRE).value() + ".md");
    assertThat(first).isEqualTo(DeliveryOutcome.delivered(file.toString()));
    assertThat(retry).isEqualTo(first);
    assertThat(Files.readString(file)).isEqualTo("# second\n");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void writes_json_with_the_execution_and_the_summary() throws Exception {
    Destination d = Destination.file(dir.resolve("nested/out").toString(), DeliveryFormat.JSON);

    new FileDelivery().deliver(request(d, "# body\n", 1));

    Path file = dir.resolve("nested/out").resolve(ExecutionId.of(TASK, FIRE).value() + ".json");
    var json = Json.MAPPER.readTree(file.toFile());
    assertThat(json.get("executionId").asText()).isEqualTo(ExecutionId.of(TASK, FIRE).value());
    assertThat(json.get("taskId").asText()).isEqualTo("digest");
    assertThat(json.get("markdown").asText()).isEqualTo("# body\n");
    assertThat(json.get("window").get("to").asText()).isEqualTo("2025-03-14T12:00:00Z");
  }

  @Test
  void an_unwritable_directory_is_a_failure_outcome_not_an_exception() throws Exception {
    Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
    Destination d = Destination.file(blocker.resolve("sub").toString(), DeliveryFormat.MARKDOWN);

    assertThat(new FileDelivery().deliver(request(d, "# x\n", 1)))
        .isInstanceOf(DeliveryOutcome.TransientFailure.class);
  }
}

package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.ExternalServiceException;
import org.summarybot.scheduling.port.MessageBatch;

class ExportMessageSourceTest {
  private static final ChannelId DEV = ChannelId.of(111);
  private static final TimeWindow ALL_DAY =
      TimeWindow.of(Instant.parse("2025-01-15T00:00:00Z"), Instant.parse("2025-01-16T00:00:00Z"));

  @TempDir Path dir;

  private static String message(String id, String ts, String author, boolean bot, String extra) {
    return "{\"id\":\"" + id + "\",\"timestamp\":\"" + ts + "\",\"author\":{\"id\":\"" + author + "\",\"name\":\""
        + author + "\",\"isBot\":" + bot + "},\"content\":\"hello " + id + "\"" + extra + "}";
  }

  private Path export(String name, long channel, String... messages) throws IOException {
    String json = "{\"guild\":{\"id\":\"9\",\"name\":\"g\"},\"channel\":{\"id\":\"" + channel
        + "\",\"name\":\"dev\"},\n\"messages\":[\n" + String.join(",\n", messages) + "\n]}";
    return Files.writeString(dir.resolve(name), json);
  }

  @Test
  void returns_the_channels_messages_in_the_half_open_window_oldest_first() throws IOException {
    export("dev.json", 111,
        message("3", "2025-01-15T11:00:00+01:00", "bob", false, ""),
        message("1", "2025-01-15T00:00:00+00:00", "ann", false,
            ",\"reactions\":[{\"count\":2},{\"count\":3}],\"attachments\":[{}],\"reference\":{\"messageId\":\"0\"}"),
        message("2", "2025-01-16T00:00:00+00:00", "ann", false, ""));
    export("other.json", 222, message("9", "2025-01-15T10:00:00+00:00", "eve", false, ""));

    MessageBatch batch = ExportMessageSource.of(dir).fetch(DEV, ALL_DAY, 100, false);

    assertThat(batch.messages()).extracting(Message::id).containsExactly("1", "3");
    assertThat(batch.truncated()).isFalse();
    Message first = batch.messages().get(0);
    assertThat(first.reactionCount()).isEqualTo(5);
    assertThat(first.attachmentCount()).isEqualTo(1);
    assertThat(first.replyTo()).contains("0");
    assertThat(batch.messages().get(1).timestamp()).isEqualTo(Instant.parse("2025-01-15T10:00:00Z"));
  }

  @Test
  void caps_the_batch_and_says_it_was_truncated() throws IOException {
    export("dev.json", 111,
        message("1", "2025-01-15T01:00:00Z", "ann", false, ""),
        message("2", "2025-01-15T02:00:00Z", "ann", false, ""),
        message("3", "2025-01-15T03:00:00Z", "ann", false, ""));

    MessageBatch batch = ExportMessageSource.of(dir).fetch(DEV, ALL_DAY, 2, false);

    assertThat(batch.messages()).extracting(Message::id).containsExactly("1", "2");
    assertThat(batch.truncated()).isTrue();
  }

  @Test
  void includes_bots_only_when_asked() throws IOException {
    export("dev.json", 111,
        message("1", "2025-01-15T01:00:00Z", "ann", false, ""),
        message("2", "2025-01-15T02:00:00Z", "robot", true, ""));
    ExportMessageSource source = ExportMessageSource.of(dir);

    assertThat(source.fetch(DEV, ALL_DAY, 10, false).messages()).extracting(Message::id).containsExactly("1");
    assertThat(source.fetch(DEV, ALL_DAY, 10, true).messages()).extracting(Message::id).containsExactly("1", "2");
  }

  @Test
  void reads_a_file_again_when_it_changes() throws IOException {
    Path file = export("dev.json", 111, message("1", "2025-01-15T01:00:00Z", "ann", false, ""));
    ExportMessageSource source = ExportMessageSource.of(dir);
    assertThat(source.fetch(DEV, ALL_DAY, 10, false).messages()).hasSize(1);

    export("dev.json", 111,
        message("1", "2025-01-15T01:00:00Z", "ann", false, ""),
        message("2", "2025-01-15T02:00:00Z", "bob", false, ""));
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));

    assertThat(source.fetch(DEV, ALL_DAY, 10, false).messages()).extracting(Message::id).containsExactly("1", "2");
  }

  @Test
  void a_malformed_file_is_a_permanent_failure_naming_the_file_line_and_column() throws IOException {
    Files.writeString(dir.resolve("broken.json"), "{\"channel\":{\"id\":\"111\"},\n\"messages\":[ {\"id\": }\n]}");

    assertThatThrownBy(() -> ExportMessageSource.of(dir).fetch(DEV, ALL_DAY, 10, false))
        .isInstanceOfSatisfying(ExternalServiceException.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessageContaining("broken.json")
        .hasMessageContaining("line 2, column");
  }

  @Test
  void a_bad_timestamp_names_the_message_and_its_place() throws IOException {
    export("dev.json", 111, message("1", "yesterday", "ann", false, ""));

    assertThatThrownBy(() -> ExportMessageSource.of(dir).fetch(DEV, ALL_DAY, 10, false))
        .isInstanceOf(ExternalServiceException.class)
        .hasMessageContaining("dev.json: line 3, column")
        .hasMessageContaining("messages[0]: 'timestamp' 'yesterday'");
  }

  @Test
  void a_channel_without_an_export_is_a_permanent_failure_not_a_quiet_channel() throws IOException {
    export("other.json", 222, message("9", "2025-01-15T10:00:00Z", "eve", false, ""));

    assertThatThrownBy(() -> ExportMessageSource.of(dir).fetch(DEV, ALL_DAY, 10, false))
        .isInstanceOfSatisfying(ExternalServiceException.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessageContaining("no export for channel 111");
  }
}

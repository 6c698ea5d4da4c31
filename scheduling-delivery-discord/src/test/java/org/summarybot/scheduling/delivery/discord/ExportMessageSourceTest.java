package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
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
  private static final ChannelId OPS = ChannelId.of(222);
  private static final TimeWindow ALL_DAY =
      TimeWindow.of(Instant.parse("2025-01-15T00:00:00Z"), Instant.parse("2025-01-16T00:00:00Z"));
  /** An export made after {@link #ALL_DAY}: it covers the whole window. */
  private static final String FRESH = "\"dateRange\":{\"after\":null,\"before\":null},"
      + "\"exportedAt\":\"2025-01-16T06:00:00+00:00\"";

  @TempDir Path dir;

  private static String message(String id, String ts, String author, boolean bot, String extra) {
    return "{\"id\":\"" + id + "\",\"timestamp\":\"" + ts + "\",\"author\":{\"id\":\"" + author + "\",\"name\":\""
        + author + "\",\"isBot\":" + bot + "},\"content\":\"hello " + id + "\"" + extra + "}";
  }

  private static String typed(String id, String ts, String type, String content) {
    return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"timestamp\":\"" + ts
        + "\",\"author\":{\"id\":\"5\",\"name\":\"ann\",\"nickname\":\"Ann\",\"isBot\":false},\"content\":\""
        + content + "\"}";
  }

  private static String covering(String after, String before, String exportedAt) {
    return "\"dateRange\":{\"after\":" + quoted(after) + ",\"before\":" + quoted(before) + "}"
        + (exportedAt == null ? "" : ",\"exportedAt\":\"" + exportedAt + "\"");
  }

  private static String quoted(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  private Path export(String name, long channel, String... messages) throws IOException {
    return exportWith(name, channel, FRESH, messages);
  }

  /** An export as DiscordChatExporter lays it out: guild, channel, the header, then the messages from line 3. */
  private Path exportWith(String name, long channel, String header, String... messages) throws IOException {
    String json = "{\"guild\":{\"id\":\"9\",\"name\":\"g\"},\"channel\":{\"id\":\"" + channel
        + "\",\"name\":\"dev\"}" + (header.isEmpty() ? "" : "," + header) + ",\n\"messages\":[\n"
        + String.join(",\n", messages) + "\n],\"messageCount\":" + messages.length + "}";
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, json);
  }

  private static ExternalServiceException failure(ExportMessageSource source, ChannelId channel, TimeWindow w) {
    try {
      source.fetch(channel, w, 100, false);
    } catch (ExternalServiceException e) {
      return e;
    }
    throw new AssertionError("expected the fetch of " + channel + " " + w + " to fail");
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

  // Messages are chat (issue items 3 and 9)

  @Test
  void a_real_export_yields_its_chat_only_with_server_nicknames_replies_and_forwards() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("dce-general.json")) {
      Files.copy(in, dir.resolve("Summary Bot Test - Text Channels - general [900000000000000111].json"));
    }
    ExportMessageSource source = ExportMessageSource.of(dir);
    ChannelId general = ChannelId.of(900000000000000111L);

    MessageBatch people = source.fetch(general, ALL_DAY, 100, false);
    MessageBatch everyone = source.fetch(general, ALL_DAY, 100, true);

    // joins, pins, thread created and boosts are gone, and nobody counts as a participant through them
    assertThat(people.messages()).extracting(Message::id).containsExactly(
        "900000000000001002", "900000000000001003", "900000000000001008", "900000000000001009");
    assertThat(people.messages()).extracting(Message::authorName)
        .containsExactly("Ann (release mgr)", "Bobby", "Carol", "dave");
    assertThat(people.messages().get(1).replyTo()).contains("900000000000001002");
    Message forward = people.messages().get(2);
    assertThat(forward.content()).isEqualTo("[forwarded] Incident resolved: the staging database is back.");
    assertThat(forward.replyTo()).isEmpty();
    assertThat(forward.attachmentCount()).isEqualTo(1);
    // a slash-command result (type 20, written as a number) is a bot's chat
    assertThat(everyone.messages()).extracting(Message::id).contains("900000000000001007");
    assertThat(everyone.messages()).filteredOn(m -> m.id().equals("900000000000001007"))
        .extracting(Message::authorName).containsExactly("Deploy Bot");
  }

  @Test
  void system_messages_are_skipped_whether_named_or_numbered() throws IOException {
    export("dev.json", 111,
        typed("1", "2025-01-15T01:00:00Z", "GuildMemberJoin", "Joined the server."),
        typed("2", "2025-01-15T02:00:00Z", "ChannelPinnedMessage", "Pinned a message."),
        typed("3", "2025-01-15T03:00:00Z", "Default", "real talk"),
        typed("4", "2025-01-15T04:00:00Z", "9", ""),
        typed("5", "2025-01-15T05:00:00Z", "Reply", "an answer"),
        typed("6", "2025-01-15T06:00:00Z", "ThreadCreated", "Started a thread."));

    assertThat(ExportMessageSource.of(dir).fetch(DEV, ALL_DAY, 100, false).messages())
        .extracting(Message::id).containsExactly("3", "5");
  }

  @Test
  void an_unknown_type_is_not_chat_as_for_the_live_source() throws IOException {
    export("dev.json", 111,
        typed("1", "2025-01-15T01:00:00Z", "SomethingNew", "words from the future"),
        typed("2", "2025-01-15T02:00:00Z", "SomethingNew", ""),
        typed("3", "2025-01-15T03:00:00Z", "99", " "),
        typed("4", "2025-01-15T04:00:00Z", "Default", "plain chat"));

    assertThat(ExportMessageSource.of(dir).fetch(DEV, ALL_DAY, 100, false).messages())
        .extracting(Message::id).containsExactly("4");
  }

  @Test
  void a_message_without_a_type_is_chat() throws IOException {
    export("dev.json", 111, message("1", "2025-01-15T01:00:00Z", "ann", false, ""));

    assertThat(ExportMessageSource.of(dir).fetch(DEV, ALL_DAY, 100, false).messages()).hasSize(1);
  }

  @Test
  void the_author_is_the_nickname_and_the_username_only_stands_in_for_a_missing_or_blank_one() throws IOException {
    String author = ",\"author\":{\"id\":\"7\",\"name\":\"ann.k\",";
    export("dev.json", 111,
        "{\"id\":\"1\",\"timestamp\":\"2025-01-15T01:00:00Z\"" + author + "\"nickname\":\"Ann\"}}",
        "{\"id\":\"2\",\"timestamp\":\"2025-01-15T02:00:00Z\"" + author + "\"nickname\":\" \"}}",
        "{\"id\":\"3\",\"timestamp\":\"2025-01-15T03:00:00Z\"" + author + "\"nickname\":null}}",
        "{\"id\":\"4\",\"timestamp\":\"2025-01-15T04:00:00Z\",\"author\":{\"id\":\"8\",\"name\":\"\"}}");

    assertThat(ExportMessageSource.of(dir).fetch(DEV, ALL_DAY, 100, false).messages())
        .extracting(Message::authorName).containsExactly("Ann", "ann.k", "ann.k", "8");
  }

  // A window the exports do not cover is never summarised as complete (issue item 10)

  @Test
  void a_stale_export_is_a_transient_failure_naming_where_it_ends_and_where_the_window_ends() throws IOException {
    exportWith("dev.json", 111, covering(null, null, "2025-01-14T20:00:00+00:00"),
        message("1", "2025-01-14T19:00:00Z", "ann", false, ""));

    ExternalServiceException e = failure(ExportMessageSource.of(dir), DEV, ALL_DAY);

    assertThat(e.permanent()).isFalse();
    assertThat(e).hasMessageContaining("end at 2025-01-14T20:00:00Z (exportedAt of ")
        .hasMessageContaining("ends at 2025-01-16T00:00:00Z")
        .hasMessageContaining("waiting for a fresher export");
  }

  @Test
  void an_export_ending_inside_the_window_is_a_transient_failure_not_a_partial_summary() throws IOException {
    exportWith("dev.json", 111, covering(null, null, "2025-01-15T12:00:00+01:00"),
        message("1", "2025-01-15T09:00:00Z", "ann", false, ""));

    ExternalServiceException e = failure(ExportMessageSource.of(dir), DEV, ALL_DAY);

    assertThat(e.permanent()).isFalse();
    assertThat(e).hasMessageContaining("end at 2025-01-15T11:00:00Z").hasMessageContaining("2025-01-16T00:00:00Z");
  }

  @Test
  void a_fresher_export_lets_the_retried_window_through_whole() throws IOException {
    exportWith("dev-1.json", 111, covering(null, null, "2025-01-15T12:00:00Z"),
        message("1", "2025-01-15T09:00:00Z", "ann", false, ""));
    ExportMessageSource source = ExportMessageSource.of(dir);
    assertThat(failure(source, DEV, ALL_DAY).permanent()).isFalse();

    // the next export continues where the first ended, as an incremental DiscordChatExporter run does
    exportWith("dev-2.json", 111, covering("2025-01-15T12:00:00Z", null, "2025-01-16T08:00:00Z"),
        message("2", "2025-01-15T18:00:00Z", "bob", false, ""));

    assertThat(source.fetch(DEV, ALL_DAY, 100, false).messages()).extracting(Message::id).containsExactly("1", "2");
  }

  @Test
  void date_range_before_ends_the_coverage_even_when_exported_later() throws IOException {
    exportWith("dev.json", 111, covering(null, "2025-01-15T18:00:00Z", "2025-02-01T00:00:00Z"),
        message("1", "2025-01-15T09:00:00Z", "ann", false, ""));

    ExternalServiceException e = failure(ExportMessageSource.of(dir), DEV, ALL_DAY);

    assertThat(e.permanent()).isFalse();
    assertThat(e).hasMessageContaining("end at 2025-01-15T18:00:00Z (dateRange.before of ");
  }

  @Test
  void a_window_starting_before_date_range_after_is_a_permanent_failure_naming_the_range_to_export()
      throws IOException {
    exportWith("dev.json", 111, covering("2025-01-15T06:00:00Z", null, "2025-01-16T06:00:00Z"),
        message("1", "2025-01-15T09:00:00Z", "ann", false, ""));

    ExternalServiceException e = failure(ExportMessageSource.of(dir), DEV, ALL_DAY);

    assertThat(e.permanent()).isTrue();
    assertThat(e).hasMessageContaining("covers [2025-01-15T00:00:00Z, 2025-01-15T06:00:00Z)")
        .hasMessageContaining("export that range");
  }

  @Test
  void a_hole_between_two_exports_is_a_permanent_failure() throws IOException {
    exportWith("dev-1.json", 111, covering(null, null, "2025-01-15T08:00:00Z"));
    exportWith("dev-2.json", 111, covering("2025-01-15T10:00:00Z", null, "2025-01-16T06:00:00Z"));

    ExternalServiceException e = failure(ExportMessageSource.of(dir), DEV, ALL_DAY);

    assertThat(e.permanent()).isTrue();
    assertThat(e).hasMessageContaining("[2025-01-15T08:00:00Z, 2025-01-15T10:00:00Z)");
  }

  @Test
  void an_export_without_exported_at_counts_as_exported_when_last_modified() throws IOException {
    Path file = exportWith("dev.json", 111, "", message("1", "2025-01-15T09:00:00Z", "ann", false, ""));
    ExportMessageSource source = ExportMessageSource.of(dir);

    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-01-15T12:00:00Z")));
    ExternalServiceException e = failure(source, DEV, ALL_DAY);
    assertThat(e.permanent()).isFalse();
    assertThat(e).hasMessageContaining("end at 2025-01-15T12:00:00Z (last-modified time");

    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-01-16T00:00:00Z")));
    assertThat(source.fetch(DEV, ALL_DAY, 10, false).messages()).hasSize(1);
  }

  // Files being written, sub-directories, bounded memory (issue item 11)

  @Test
  void a_file_still_being_written_is_a_transient_failure_for_its_channel_only() throws IOException {
    String whole = Files.readString(export("dev.json", 111,
        message("1", "2025-01-15T01:00:00Z", "ann", false, ""),
        message("2", "2025-01-15T02:00:00Z", "bob", false, "")));
    Path dev = Files.writeString(dir.resolve("dev.json"), whole.substring(0, whole.indexOf("\"2\"") + 8));
    export("ops.json", 222, message("9", "2025-01-15T10:00:00Z", "eve", false, ""));
    ExportMessageSource source = ExportMessageSource.of(dir);

    ExternalServiceException e = failure(source, DEV, ALL_DAY);
    assertThat(e.permanent()).isFalse();
    assertThat(e).hasMessageContaining("dev.json").hasMessageContaining("still writing it; will retry");
    assertThat(source.fetch(OPS, ALL_DAY, 10, false).messages()).extracting(Message::id).containsExactly("9");

    Files.writeString(dev, whole);
    assertThat(source.fetch(DEV, ALL_DAY, 10, false).messages()).extracting(Message::id).containsExactly("1", "2");
  }

  @Test
  void a_file_cut_inside_a_literal_is_being_written_too() throws IOException {
    String whole = Files.readString(export("dev.json", 111, message("1", "2025-01-15T01:00:00Z", "ann", false, "")));
    Files.writeString(dir.resolve("dev.json"), whole.substring(0, whole.indexOf("\"isBot\":") + 11)); // "isBot":fal

    ExternalServiceException e = failure(ExportMessageSource.of(dir), DEV, ALL_DAY);

    assertThat(e.permanent()).isFalse();
    assertThat(e).hasMessageContaining("still writing it");
  }

  @Test
  void an_empty_file_just_created_is_being_written_not_broken() throws IOException {
    Files.writeString(dir.resolve("dev.json"), "");

    ExternalServiceException e = failure(ExportMessageSource.of(dir), DEV, ALL_DAY);

    assertThat(e.permanent()).isFalse();
    assertThat(e).hasMessageContaining("dev.json: is empty");
  }

  @Test
  void reads_exports_in_sub_directories_but_not_hidden_ones() throws IOException {
    export("Summary Bot Test/dev/dev.json", 111, message("1", "2025-01-15T01:00:00Z", "ann", false, ""));
    export(".trash/dev.json", 111, message("2", "2025-01-15T02:00:00Z", "ann", false, ""));
    export("Summary Bot Test/.dev-partial.json", 111, message("3", "2025-01-15T03:00:00Z", "ann", false, ""));

    assertThat(ExportMessageSource.of(dir).fetch(DEV, ALL_DAY, 10, false).messages())
        .extracting(Message::id).containsExactly("1");
  }

  @Test
  void a_symbolic_link_loop_is_not_followed() throws IOException {
    export("guild/dev.json", 111, message("1", "2025-01-15T01:00:00Z", "ann", false, ""));
    Files.createSymbolicLink(dir.resolve("guild/loop"), dir);

    assertThat(ExportMessageSource.of(dir).fetch(DEV, ALL_DAY, 10, false).messages())
        .extracting(Message::id).containsExactly("1");
  }

  @Test
  void the_cache_holds_at_most_its_bound_and_forgets_deleted_files() throws IOException {
    export("a.json", 111, message("1", "2025-01-15T01:00:00Z", "ann", false, ""),
        message("2", "2025-01-15T02:00:00Z", "ann", false, ""));
    Path b = export("b.json", 111, message("3", "2025-01-15T03:00:00Z", "ann", false, ""),
        message("4", "2025-01-15T04:00:00Z", "ann", false, ""));
    export("big.json", 111, message("5", "2025-01-15T05:00:00Z", "ann", false, ""),
        message("6", "2025-01-15T06:00:00Z", "ann", false, ""), message("7", "2025-01-15T07:00:00Z", "ann", false, ""),
        message("8", "2025-01-15T08:00:00Z", "ann", false, ""));
    ExportMessageSource source = ExportMessageSource.of(dir, 3);

    for (int i = 0; i < 2; i++) {
      assertThat(source.fetch(DEV, ALL_DAY, 100, false).messages()).extracting(Message::id)
          .containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
      assertThat(source.cachedMessages()).isBetween(1L, 3L);
    }

    Files.delete(b);
    source.fetch(DEV, ALL_DAY, 100, false);
    assertThat(source.cachedMessages()).isEqualTo(2);
  }
}

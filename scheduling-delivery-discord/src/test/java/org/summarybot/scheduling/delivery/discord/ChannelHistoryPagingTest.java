package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.MessageBatch;
import org.summarybot.scheduling.port.MessageSource;

/**
 * Real JDA paging through a history that holds message types JDA does not know, which real servers do: JDA drops
 * them, so only Discord's answer says where the history goes on.
 */
class ChannelHistoryPagingTest {
  private static final Instant FROM = Instant.parse("2026-03-01T08:00:00Z");
  private static final Instant TO = Instant.parse("2026-03-02T08:00:00Z");
  private static final TimeWindow WINDOW = TimeWindow.of(FROM, TO);
  private static final long ANA = 100_000_000_000_000_001L;
  /** A message type newer than JDA 6.5: JDA cannot parse it. */
  private static final int FUTURE_TYPE = 9999;

  private static FakeDiscord fake;
  private static DiscordAdapter adapter;
  private static MessageSource source;

  @BeforeAll
  static void start() throws Exception {
    fake = FakeDiscord.start();
    adapter = fake.adapter(false);
    source = adapter.messageSource();
  }

  @AfterAll
  static void stop() throws Exception {
    if (adapter != null) {
      adapter.close();
    }
    fake.close();
  }

  @BeforeEach
  void clear() {
    fake.clear();
    fake.clearHistory(TEXT);
  }

  private static ObjectNode chat(int minute) {
    return fake.addMessage(TEXT, FROM.plusSeconds(60L * minute), ANA, "ana", false, "m-" + minute);
  }

  private static ObjectNode unknown(int minute) {
    return fake.addMessage(TEXT, FROM.plusSeconds(60L * minute), ANA, "ana", false, "u-" + minute)
        .put("type", FUTURE_TYPE);
  }

  private static String after(FakeDiscord.Request r) {
    return r.query().get("after");
  }

  @Test
  void unknown_message_types_inside_full_pages_do_not_end_the_read() {
    List<Integer> unknownAt = List.of(7, 42, 99, 150, 151, 230);
    List<String> expected = new ArrayList<>();
    ObjectNode newestOfFirstPage = null;
    for (int i = 0; i < 257; i++) {
      if (unknownAt.contains(i)) {
        ObjectNode u = unknown(i);
        if (i == 99) {
          newestOfFirstPage = u;
        }
      } else {
        chat(i);
        expected.add("m-" + i);
      }
    }

    MessageBatch batch = source.fetch(ChannelId.of(TEXT), WINDOW, 1000, false);

    assertThat(batch.messages()).extracting(Message::content).containsExactlyElementsOf(expected);
    assertThat(batch.truncated()).isFalse();
    List<FakeDiscord.Request> gets = fake.requestsTo("GET", "/channels/" + TEXT + "/messages");
    assertThat(gets).hasSize(3);
    // the second page starts after the newest message Discord sent, which JDA could not parse
    assertThat(after(gets.get(1))).isEqualTo(newestOfFirstPage.get("id").asText());
  }

  @Test
  void a_page_made_only_of_unknown_types_does_not_end_the_read_and_the_window_end_in_one_does() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      chat(i);
      expected.add("m-" + i);
    }
    ObjectNode lastUnknown = null;
    for (int i = 100; i < 200; i++) {
      lastUnknown = unknown(i);
    }
    for (int i = 200; i < 220; i++) {
      chat(i);
      expected.add("m-" + i);
    }
    // a third page of 20 chat messages and 80 unknown ones, the last 30 of them after the window
    for (int i = 0; i < 80; i++) {
      fake.addMessage(TEXT, TO.minusSeconds(50 - i), ANA, "ana", false, "late-" + i).put("type", FUTURE_TYPE);
    }
    fake.addMessage(TEXT, TO.plusSeconds(60), ANA, "ana", false, "after the window");

    MessageBatch batch = source.fetch(ChannelId.of(TEXT), WINDOW, 1000, false);

    assertThat(batch.messages()).extracting(Message::content).containsExactlyElementsOf(expected);
    assertThat(batch.truncated()).isFalse();
    List<FakeDiscord.Request> gets = fake.requestsTo("GET", "/channels/" + TEXT + "/messages");
    assertThat(gets).as("the third answer reaches past the window's end: no fourth request").hasSize(3);
    assertThat(after(gets.get(2))).isEqualTo(lastUnknown.get("id").asText());
    assertThat(gets).allSatisfy(r -> assertThat(r.query()).containsEntry("limit", "100"));
  }

  @Test
  void messages_of_unknown_types_are_not_chat_and_not_content() {
    chat(1);
    unknown(2);
    chat(3);

    assertThat(source.fetch(ChannelId.of(TEXT), WINDOW, 100, false).messages()).extracting(Message::content)
        .containsExactly("m-1", "m-3");
  }
}

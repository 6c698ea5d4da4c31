package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.FORUM;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT_B;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT_NO_HISTORY;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import net.dv8tion.jda.api.utils.TimeUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.delivery.discord.FakeDiscord.Scripted;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.ExternalServiceException;
import org.summarybot.scheduling.port.MessageBatch;
import org.summarybot.scheduling.port.MessageSource;

/** Real JDA reading channel history from the fake Discord. */
class ChannelHistorySourceTest {
  private static final Instant FROM = Instant.parse("2026-03-01T08:00:00Z");
  private static final Instant TO = Instant.parse("2026-03-02T08:00:00Z");
  private static final TimeWindow WINDOW = TimeWindow.of(FROM, TO);
  private static final long ANA = 100_000_000_000_000_001L;
  private static final long HOOKBOT = 100_000_000_000_000_002L;

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
    fake.clearHistory(TEXT_B);
  }

  @Test
  void reads_the_half_open_window_oldest_first_paging_forward_from_the_snowflake_of_its_start() {
    fake.addMessage(TEXT, FROM.minusMillis(1), ANA, "ana", false, "before the window");
    fake.addMessage(TEXT, FROM, ANA, "ana", false, "m-first");
    for (int i = 1; i < 249; i++) {
      fake.addMessage(TEXT, FROM.plusSeconds(60L * i), ANA, "ana", false, "m-" + i);
    }
    fake.addMessage(TEXT, TO.minusMillis(1), ANA, "ana", false, "m-last");
    fake.addMessage(TEXT, TO, ANA, "ana", false, "at the end: outside");
    fake.addMessage(TEXT, TO.plusSeconds(5), ANA, "ana", false, "after the window");

    MessageBatch batch = source.fetch(ChannelId.of(TEXT), WINDOW, 1000, false);

    assertThat(batch.truncated()).isFalse();
    assertThat(batch.messages()).hasSize(250);
    assertThat(batch.messages().get(0).content()).isEqualTo("m-first");
    assertThat(batch.messages().get(249).content()).isEqualTo("m-last");
    assertThat(batch.messages()).isSortedAccordingTo((a, b) -> a.timestamp().compareTo(b.timestamp()));
    List<FakeDiscord.Request> gets = fake.requestsTo("GET", "/channels/" + TEXT + "/messages");
    assertThat(gets).hasSize(3);
    assertThat(gets.get(0).query()).containsEntry("limit", "100")
        .containsEntry("after", Long.toUnsignedString(TimeUtil.getDiscordTimestamp(FROM.toEpochMilli()) - 1));
  }

  @Test
  void stops_at_max_messages_and_says_the_batch_was_truncated() {
    for (int i = 0; i < 30; i++) {
      fake.addMessage(TEXT, FROM.plusSeconds(i), ANA, "ana", false, "m-" + i);
    }

    MessageBatch cut = source.fetch(ChannelId.of(TEXT), WINDOW, 10, false);
    MessageBatch exact = source.fetch(ChannelId.of(TEXT), WINDOW, 30, false);

    assertThat(cut.truncated()).isTrue();
    assertThat(cut.messages()).extracting(Message::content).containsExactly(
        "m-0", "m-1", "m-2", "m-3", "m-4", "m-5", "m-6", "m-7", "m-8", "m-9");
    assertThat(exact.truncated()).isFalse();
    assertThat(exact.messages()).hasSize(30);
  }

  @Test
  void leaves_out_bots_unless_asked() {
    fake.addMessage(TEXT, FROM.plusSeconds(1), ANA, "ana", false, "human");
    fake.addMessage(TEXT, FROM.plusSeconds(2), HOOKBOT, "deploy-bot", true, "deployed v1.2");

    assertThat(source.fetch(ChannelId.of(TEXT), WINDOW, 100, false).messages()).extracting(Message::content)
        .containsExactly("human");
    assertThat(source.fetch(ChannelId.of(TEXT), WINDOW, 100, true).messages()).extracting(Message::content)
        .containsExactly("human", "deployed v1.2");
  }

  @Test
  void maps_author_content_timestamp_reply_attachments_and_reactions() {
    ObjectNode first = fake.addMessage(TEXT, FROM.plusSeconds(10), ANA, "ana", false, "shall we ship?");
    ObjectNode reply = fake.addMessage(TEXT, FROM.plusSeconds(20), ANA, "ana", false, "yes, see logs");
    ((ObjectNode) reply.get("author")).put("global_name", "Ana Lima");
    reply.put("type", 19);
    reply.putObject("message_reference").put("message_id", first.get("id").asText())
        .put("channel_id", Long.toUnsignedString(TEXT)).put("guild_id", Long.toUnsignedString(FakeDiscord.GUILD));
    reply.putNull("referenced_message");
    for (int i = 0; i < 2; i++) {
      reply.withArray("attachments").addObject().put("id", Long.toString(300_000_000_000_000_000L + i))
          .put("filename", "log" + i + ".txt").put("size", 12).put("url", "https://cdn.example/log" + i)
          .put("proxy_url", "https://media.example/log" + i);
    }
    ObjectNode thumbs = reply.withArray("reactions").addObject().put("count", 3).put("me", false).put("me_burst", false);
    thumbs.putObject("emoji").putNull("id").put("name", "👍");
    ObjectNode party = reply.withArray("reactions").addObject().put("count", 2).put("me", false).put("me_burst", false);
    party.putObject("emoji").putNull("id").put("name", "🎉");

    List<Message> messages = source.fetch(ChannelId.of(TEXT), WINDOW, 100, false).messages();

    assertThat(messages).hasSize(2);
    Message m = messages.get(1);
    assertThat(m.id()).isEqualTo(reply.get("id").asText());
    assertThat(m.channelId()).isEqualTo(ChannelId.of(TEXT));
    assertThat(m.authorId()).isEqualTo(Long.toUnsignedString(ANA));
    assertThat(m.authorName()).isEqualTo("Ana Lima");
    assertThat(m.authorIsBot()).isFalse();
    assertThat(m.content()).isEqualTo("yes, see logs");
    assertThat(m.timestamp()).isEqualTo(FROM.plusSeconds(20));
    assertThat(m.replyTo()).contains(first.get("id").asText());
    assertThat(m.attachmentCount()).isEqualTo(2);
    assertThat(m.reactionCount()).isEqualTo(5);
    assertThat(messages.get(0).replyTo()).isEmpty();
  }

  @Test
  void a_quiet_channel_is_an_empty_batch() {
    MessageBatch batch = source.fetch(ChannelId.of(TEXT_B), WINDOW, 100, false);

    assertThat(batch.messages()).isEmpty();
    assertThat(batch.truncated()).isFalse();
  }

  @Test
  void a_channel_whose_history_the_bot_cannot_read_is_a_permanent_failure_not_an_empty_batch() {
    assertThatThrownBy(() -> source.fetch(ChannelId.of(TEXT_NO_HISTORY), WINDOW, 100, false))
        .isInstanceOfSatisfying(ExternalServiceException.class, e -> {
          assertThat(e.permanent()).isTrue();
          assertThat(e.getMessage()).contains("Read Message History").contains(Long.toString(TEXT_NO_HISTORY));
        });
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void messages_without_content_mean_the_message_content_intent_is_missing_and_the_error_says_how_to_enable_it() {
    fake.addMessage(TEXT, FROM.plusSeconds(1), ANA, "ana", false, "");
    fake.addMessage(TEXT, FROM.plusSeconds(2), ANA + 7, "bo", false, "");

    assertThatThrownBy(() -> source.fetch(ChannelId.of(TEXT), WINDOW, 100, false))
        .isInstanceOfSatisfying(ExternalServiceException.class, e -> {
          assertThat(e.permanent()).isTrue();
          assertThat(e.getMessage()).contains("Message Content").contains("Privileged Gateway Intents");
        });
  }

  @Test
  void an_attachment_only_message_among_others_is_not_mistaken_for_a_missing_intent() {
    ObjectNode image = fake.addMessage(TEXT, FROM.plusSeconds(1), ANA, "ana", false, "");
    image.withArray("attachments").addObject().put("id", "300000000000000009").put("filename", "a.png")
        .put("size", 1).put("url", "https://cdn.example/a.png").put("proxy_url", "https://media.example/a.png");

    assertThat(source.fetch(ChannelId.of(TEXT), WINDOW, 100, false).messages()).hasSize(1);
  }

  @Test
  void unknown_and_forum_channels_are_permanent_failures() {
    assertThatThrownBy(() -> source.fetch(ChannelId.of(123_456_789_012_345_678L), WINDOW, 100, false))
        .isInstanceOfSatisfying(ExternalServiceException.class, e -> {
          assertThat(e.permanent()).isTrue();
          assertThat(e.getMessage()).contains("unknown to the bot");
        });
    assertThatThrownBy(() -> source.fetch(ChannelId.of(FORUM), WINDOW, 100, false))
        .isInstanceOfSatisfying(ExternalServiceException.class, e -> assertThat(e.getMessage()).contains("forum"));
  }

  @Test
  void discord_errors_while_paging_are_classified() {
    fake.script("GET", "/channels/" + TEXT + "/messages", Scripted.error(500, 0, "500: Internal Server Error"));
    fake.script("GET", "/channels/" + TEXT_B + "/messages", Scripted.error(403, 50001, "Missing Access"));

    assertThatThrownBy(() -> source.fetch(ChannelId.of(TEXT), WINDOW, 100, false))
        .isInstanceOfSatisfying(ExternalServiceException.class, e -> {
          assertThat(e.permanent()).isFalse();
          assertThat(e.getMessage()).contains("HTTP 500");
        });
    assertThatThrownBy(() -> source.fetch(ChannelId.of(TEXT_B), WINDOW, 100, false))
        .isInstanceOfSatisfying(ExternalServiceException.class, e -> {
          assertThat(e.permanent()).isTrue();
          assertThat(e.getMessage()).contains("50001");
        });
  }
}

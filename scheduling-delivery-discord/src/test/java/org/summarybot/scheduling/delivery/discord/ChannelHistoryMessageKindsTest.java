package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.GUILD;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.MessageSource;

/**
 * Real JDA reading the kinds of message a channel holds besides plain chat: replies, forwards, crossposts and
 * Discord's own notices, as Discord's history answers carry them.
 */
class ChannelHistoryMessageKindsTest {
  private static final Instant FROM = Instant.parse("2026-03-01T08:00:00Z");
  private static final Instant TO = Instant.parse("2026-03-02T08:00:00Z");
  private static final TimeWindow WINDOW = TimeWindow.of(FROM, TO);
  private static final long ANA = 100_000_000_000_000_001L;
  private static final long BO = 100_000_000_000_000_003L;
  private static final long OTHER_GUILD = 810_000_000_000_000_001L;
  private static final long OTHER_CHANNEL = 710_000_000_000_000_001L;

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

  private static ObjectNode say(int second, long author, String content) {
    return fake.addMessage(TEXT, FROM.plusSeconds(second), author, author == ANA ? "ana" : "bo", false, content);
  }

  private static ObjectNode reference(ObjectNode m, int type, long guild, long channel, String messageId) {
    ObjectNode ref = m.putObject("message_reference").put("type", type).put("guild_id", Long.toUnsignedString(guild))
        .put("channel_id", Long.toUnsignedString(channel));
    if (messageId != null) {
      ref.put("message_id", messageId);
    }
    return m;
  }

  /** Makes {@code m} a forward of a message with {@code text} and one attachment, as Discord stores forwards. */
  private static ObjectNode forward(ObjectNode m, String text) {
    reference(m, 1, OTHER_GUILD, OTHER_CHANNEL, "720000000000000001");
    ObjectNode snapshot = m.putArray("message_snapshots").addObject().putObject("message");
    snapshot.put("type", 0).put("content", text).put("timestamp", FROM.minusSeconds(3600).toString())
        .putNull("edited_timestamp").put("flags", 0).put("mention_everyone", false);
    snapshot.putArray("mentions");
    snapshot.putArray("mention_roles");
    snapshot.putArray("embeds");
    snapshot.putArray("components");
    snapshot.putArray("attachments").addObject().put("id", "300000000000000010").put("filename", "plan.pdf")
        .put("size", 10).put("url", "https://cdn.example/plan.pdf").put("proxy_url", "https://media.example/plan.pdf");
    return m;
  }

  @Test
  void notices_discord_writes_are_not_chat_and_only_chat_is_read() {
    ObjectNode question = say(1, ANA, "plain message");
    String q = question.get("id").asText();
    reference(say(2, BO, "").put("type", 6), 0, GUILD, TEXT, q); // pinned a message
    say(3, BO, "").put("type", 7); // joined
    say(4, BO, "").put("type", 8); // boosted
    reference(say(5, BO, "release-thread").put("type", 18), 0, GUILD, 730_000_000_000_000_001L, null); // thread created
    reference(say(6, BO, "").put("type", 21), 0, GUILD, TEXT, q); // a thread's starter message
    say(7, BO, "").put("type", 24); // auto-moderation action
    reference(say(8, BO, "a reply").put("type", 19), 0, GUILD, TEXT, q);
    say(9, BO, "slash command answer").put("type", 20);
    say(10, BO, "context menu command answer").put("type", 23);

    List<Message> read = source.fetch(ChannelId.of(TEXT), WINDOW, 100, false).messages();

    assertThat(read).extracting(Message::content).containsExactly(
        "plain message", "a reply", "slash command answer", "context menu command answer");
  }

  @Test
  void only_a_reply_answers_a_message() {
    ObjectNode question = say(1, ANA, "shall we ship?");
    String q = question.get("id").asText();
    reference(say(2, BO, "yes").put("type", 19), 0, GUILD, TEXT, q);
    ObjectNode crosspost = fake.addMessage(TEXT, FROM.plusSeconds(3), 740_000_000_000_000_001L, "Other Server #news",
        true, "announcement copied from a followed channel").put("flags", 2).put("webhook_id", "740000000000000001");
    reference(crosspost, 0, OTHER_GUILD, OTHER_CHANNEL, "720000000000000002");
    forward(say(4, BO, ""), "forwarded words");

    List<Message> read = source.fetch(ChannelId.of(TEXT), WINDOW, 100, true).messages();

    assertThat(read).extracting(Message::content).containsExactly("shall we ship?", "yes",
        "announcement copied from a followed channel", ChannelHistorySource.FORWARDED + "forwarded words");
    assertThat(read).extracting(Message::replyTo)
        .containsExactly(Optional.empty(), Optional.of(q), Optional.empty(),
            Optional.empty());
  }

  @Test
  void a_forward_is_chat_whose_content_is_the_forwarded_text_and_attachments() {
    forward(say(1, BO, ""), "the release is blocked on QA");

    List<Message> read = source.fetch(ChannelId.of(TEXT), WINDOW, 100, false).messages();

    assertThat(read).singleElement().satisfies(m -> {
      assertThat(m.content()).isEqualTo("[forwarded] the release is blocked on QA");
      assertThat(m.attachmentCount()).isEqualTo(1);
      assertThat(m.replyTo()).isEmpty();
      assertThat(m.authorId()).isEqualTo(Long.toUnsignedString(BO));
    });
  }

  @Test
  void a_window_of_forwards_is_content_not_a_missing_message_content_intent() {
    forward(say(1, ANA, ""), "first forwarded");
    forward(say(2, BO, ""), "second forwarded");

    assertThat(source.fetch(ChannelId.of(TEXT), WINDOW, 100, false).messages()).hasSize(2);
  }
}

package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.CATEGORY;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT_B;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT_C;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT_NO_SEND;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.THREAD;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.THREAD_ARCHIVED;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.THREAD_LOCKED;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.delivery.discord.FakeDiscord.Scripted;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryOutcome;

/** Real JDA against the fake Discord: what JDA actually sends, and how every answer is classified. */
class DiscordDeliveryTest {
  private static FakeDiscord fake;
  private static DiscordAdapter adapter;
  private static DeliveryChannel delivery;

  @BeforeAll
  static void start() throws Exception {
    fake = FakeDiscord.start();
    adapter = fake.adapter(false);
    delivery = adapter.deliveryChannel();
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
  }

  private static String messagesPath(long channel) {
    return "/channels/" + Long.toUnsignedString(channel) + "/messages";
  }

  @Test
  void embed_summary_is_split_within_every_discord_limit_and_pings_nobody() {
    String markdown = Fixtures.longMarkdown(60);
    Summary summary = new Summary("T".repeat(300), markdown, Fixtures.names(60), 42, Fixtures.WINDOW);

    DeliveryOutcome outcome = delivery.deliver(Fixtures.request(TEXT, DeliveryFormat.EMBED, summary, DeliveryJournal.none()));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    List<JsonNode> bodies = fake.posted(TEXT);
    assertThat(bodies).hasSizeGreaterThan(2);
    StringBuilder descriptions = new StringBuilder();
    for (JsonNode body : bodies) {
      assertNobodyPinged(body);
      assertThat(body.path("content").asText("")).hasSizeLessThanOrEqualTo(2000);
      JsonNode embeds = body.get("embeds");
      assertThat(embeds.size()).isBetween(1, 10);
      int total = 0;
      for (JsonNode e : embeds) {
        assertThat(e.path("title").asText("")).hasSizeLessThanOrEqualTo(256);
        assertThat(e.path("description").asText("")).hasSizeLessThanOrEqualTo(4096);
        assertThat(e.path("footer").path("text").asText("")).hasSizeLessThanOrEqualTo(2048);
        assertThat(e.path("author").path("name").asText("")).hasSizeLessThanOrEqualTo(256);
        assertThat(e.path("fields").size()).isLessThanOrEqualTo(25);
        int fields = 0;
        for (JsonNode f : e.path("fields")) {
          assertThat(f.path("name").asText()).hasSizeLessThanOrEqualTo(256);
          assertThat(f.path("value").asText()).hasSizeLessThanOrEqualTo(1024);
          fields += f.path("name").asText().length() + f.path("value").asText().length();
        }
        total += e.path("title").asText("").length() + e.path("description").asText("").length()
            + e.path("footer").path("text").asText("").length() + e.path("author").path("name").asText("").length() + fields;
        String d = e.path("description").asText("");
        assertThat(count(d, "```") % 2).as("fences balanced in %s", d).isZero();
        descriptions.append(d).append('\n');
      }
      assertThat(total).isLessThanOrEqualTo(6000);
    }
    assertThat(bodies.get(0).get("embeds").get(0).path("title").asText()).hasSize(256).endsWith("…");
    JsonNode last = bodies.get(bodies.size() - 1).get("embeds");
    JsonNode lastEmbed = last.get(last.size() - 1);
    assertThat(lastEmbed.path("footer").path("text").asText()).contains("Dev digest").contains("Europe/Berlin");
    assertThat(lastEmbed.path("fields").get(0).path("value").asText()).contains("participant-with-a-long-display-name-0")
        .endsWith("more");
    assertThat(lastEmbed.path("timestamp").asText()).startsWith("2026-03-02T08:00");
    // nothing lost: every word of the summary arrives, in order
    assertThat(squash(descriptions.toString())).isEqualTo(squash(markdown));
    // no markdown link was cut
    for (int i = 0; i < 60; i++) {
      assertThat(descriptions.toString()).contains("[the design doc " + i + "](https://example.com/docs/" + i + "?tab=comments)");
    }
  }

  @Test
  void markdown_summary_arrives_as_messages_of_at_most_2000_characters_cut_at_boundaries() {
    String markdown = Fixtures.longMarkdown(40);
    Summary summary = Fixtures.summary(markdown, List.of("ana", "bo"));

    DeliveryOutcome outcome = delivery.deliver(Fixtures.request(TEXT, DeliveryFormat.MARKDOWN, summary, DeliveryJournal.none()));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    List<JsonNode> bodies = fake.posted(TEXT);
    assertThat(bodies).hasSizeGreaterThan(5);
    StringBuilder all = new StringBuilder();
    for (JsonNode body : bodies) {
      assertNobodyPinged(body);
      String content = body.path("content").asText();
      assertThat(content).isNotBlank().hasSizeLessThanOrEqualTo(2000);
      assertThat(body.has("embeds") ? body.get("embeds").size() : 0).isZero();
      assertThat(count(content, "```") % 2).as("fences balanced in %s", content).isZero();
      all.append(content).append('\n');
    }
    assertThat(bodies.get(0).path("content").asText()).startsWith("**Daily summary of #dev**");
    assertThat(squash(all.toString())).contains(squash(markdown));
    assertThat(all.toString()).contains("-# Dev digest").contains("42 messages").contains("Participants: ana, bo");
    for (int i = 0; i < 40; i++) {
      assertThat(all.toString()).contains("[the design doc " + i + "](https://example.com/docs/" + i + "?tab=comments)");
    }
  }

  @Test
  void every_part_carries_a_stable_nonce_unique_per_execution_destination_and_part() {
    Summary summary = Fixtures.summary(Fixtures.longMarkdown(40), List.of("ana"));

    delivery.deliver(Fixtures.request("exec-1", TEXT, DeliveryFormat.MARKDOWN, summary, DeliveryJournal.none()));
    List<String> first = nonces(fake.posted(TEXT));
    fake.clear();
    delivery.deliver(Fixtures.request("exec-1", TEXT, DeliveryFormat.MARKDOWN, summary, DeliveryJournal.none()));
    List<String> again = nonces(fake.posted(TEXT));
    fake.clear();
    delivery.deliver(Fixtures.request("exec-2", TEXT, DeliveryFormat.MARKDOWN, summary, DeliveryJournal.none()));
    List<String> otherExecution = nonces(fake.posted(TEXT));
    fake.clear();
    delivery.deliver(Fixtures.request("exec-1", TEXT_B, DeliveryFormat.MARKDOWN, summary, DeliveryJournal.none()));
    List<String> otherDestination = nonces(fake.posted(TEXT_B));

    assertThat(first).hasSizeGreaterThan(1).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).hasSizeBetween(1, 25));
    assertThat(again).isEqualTo(first);
    assertThat(otherExecution).hasSameSizeAs(first).doesNotContainAnyElementsOf(first);
    assertThat(otherDestination).hasSameSizeAs(first).doesNotContainAnyElementsOf(first);
    for (JsonNode body : fake.posted(TEXT_B)) {
      assertThat(body.path("enforce_nonce").asBoolean()).isTrue();
    }
  }

  @Test
  void a_retry_after_a_failed_part_sends_only_the_parts_not_yet_delivered() {
    Summary summary = Fixtures.summary(Fixtures.longMarkdown(40), List.of("ana"));
    Fixtures.Journal journal = new Fixtures.Journal();
    fake.script("POST", messagesPath(TEXT), new Scripted(200, okMessage(), java.util.Map.of(), null));
    fake.script("POST", messagesPath(TEXT), new Scripted(200, okMessage(), java.util.Map.of(), null));
    fake.script("POST", messagesPath(TEXT), Scripted.error(500, 0, "500: Internal Server Error"));

    DeliveryOutcome first = delivery.deliver(Fixtures.request(TEXT, DeliveryFormat.MARKDOWN, summary, journal));

    assertThat(first).isInstanceOf(DeliveryOutcome.TransientFailure.class);
    assertThat(((DeliveryOutcome.TransientFailure) first).reason()).contains("500").contains("part 3 of");
    assertThat(journal.parts).containsExactlyInAnyOrder("0", "1");
    List<String> attempt1 = nonces(fake.posted(TEXT));

    fake.clear();
    DeliveryOutcome second = delivery.deliver(Fixtures.request(TEXT, DeliveryFormat.MARKDOWN, summary, journal));

    assertThat(second).isInstanceOf(DeliveryOutcome.Delivered.class);
    List<String> attempt2 = nonces(fake.posted(TEXT));
    assertThat(attempt2.get(0)).as("the failed part is re-sent with its nonce").isEqualTo(attempt1.get(2));
    assertThat(attempt2).doesNotContain(attempt1.get(0), attempt1.get(1));
    assertThat(journal.parts).hasSize(attempt2.size() + 2);
  }

  @Test
  void unknown_channel_10003_is_permanent_and_disables_the_destination() {
    fake.script("POST", messagesPath(TEXT), Scripted.error(404, 10003, "Unknown Channel"));

    DeliveryOutcome outcome = deliverShort(TEXT);

    assertThat(outcome).isEqualTo(new DeliveryOutcome.PermanentFailure(
        "channel " + TEXT + " does not exist (deleted?): Discord answered HTTP 404, error 10003 (Unknown Channel)", true));
  }

  @Test
  void missing_permissions_50013_and_missing_access_50001_are_permanent_and_disable_the_destination() {
    fake.script("POST", messagesPath(TEXT), Scripted.error(403, 50013, "Missing Permissions"));
    fake.script("POST", messagesPath(TEXT_B), Scripted.error(403, 50001, "Missing Access"));

    DeliveryOutcome permissions = deliverShort(TEXT);
    DeliveryOutcome access = deliverShort(TEXT_B);

    assertThat(permissions).isInstanceOfSatisfying(DeliveryOutcome.PermanentFailure.class, f -> {
      assertThat(f.destinationGone()).isTrue();
      assertThat(f.reason()).contains("lacks a permission").contains("50013");
    });
    assertThat(access).isInstanceOfSatisfying(DeliveryOutcome.PermanentFailure.class, f -> {
      assertThat(f.destinationGone()).isTrue();
      assertThat(f.reason()).contains("cannot see channel").contains("50001");
    });
  }

  @Test
  void jda_refusing_synchronously_for_a_missing_permission_is_permanent_and_sends_nothing() {
    DeliveryOutcome outcome = deliverShort(TEXT_NO_SEND);

    assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.PermanentFailure.class, f -> {
      assertThat(f.destinationGone()).isTrue();
      assertThat(f.reason()).contains("Send Messages").contains(Long.toString(TEXT_NO_SEND));
    });
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void an_embed_summary_where_the_bot_lacks_embed_links_is_permanent_and_sends_nothing() {
    DeliveryOutcome outcome = delivery.deliver(Fixtures.request(FakeDiscord.TEXT_NO_EMBED, DeliveryFormat.EMBED,
        Fixtures.summary("Short.", List.of()), DeliveryJournal.none()));

    assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.PermanentFailure.class, f -> {
      assertThat(f.destinationGone()).isTrue();
      assertThat(f.reason()).contains("Embed Links");
    });
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void a_category_is_permanent_and_nothing_is_sent() {
    assertThat(deliverShort(CATEGORY)).isInstanceOfSatisfying(DeliveryOutcome.PermanentFailure.class,
        f -> assertThat(f.reason()).contains("category channel"));
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void a_channel_missing_from_the_cache_is_gone_only_once_discord_answers_10003_unknown_channel() {
    long deleted = 123_456_789_012_345_678L;

    DeliveryOutcome outcome = deliverShort(deleted);

    assertThat(outcome).isEqualTo(new DeliveryOutcome.PermanentFailure("channel " + deleted
        + " does not exist (deleted?): Discord answered HTTP 404, error 10003 (Unknown Channel)", true));
    assertThat(fake.requests()).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("GET");
      assertThat(r.path()).isEqualTo("/channels/" + deleted);
    });
  }

  @Test
  void a_channel_missing_from_the_cache_is_not_judged_while_discord_cannot_answer() {
    long unsure = 123_456_789_012_345_679L;
    fake.script("GET", "/channels/" + unsure, Scripted.error(500, 0, "500: Internal Server Error"));

    assertThat(deliverShort(unsure)).isInstanceOfSatisfying(DeliveryOutcome.TransientFailure.class,
        f -> assertThat(f.reason()).contains("HTTP 500"));
  }

  @Test
  void an_archived_thread_jda_does_not_cache_is_found_over_rest_and_posting_unarchives_it() {
    assertThat(adapter.jda().getThreadChannelById(THREAD_ARCHIVED)).as("JDA drops archived threads").isNull();

    DeliveryOutcome outcome = deliverShort(THREAD_ARCHIVED);

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(fake.requestsTo("GET", "/channels/" + THREAD_ARCHIVED)).hasSize(1);
    assertThat(fake.posted(THREAD_ARCHIVED)).hasSize(1);
    assertThat(fake.unarchived).contains(THREAD_ARCHIVED);
    assertThat(fake.thread(THREAD_ARCHIVED).path("thread_metadata").path("archived").asBoolean()).isFalse();
  }

  @Test
  void an_active_thread_takes_the_summary_without_asking_discord_for_the_channel() {
    DeliveryOutcome outcome = deliverShort(THREAD);

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(fake.posted(THREAD)).hasSize(1);
    assertThat(fake.requestsTo("GET", "/channels/" + THREAD)).isEmpty();
  }

  @Test
  void a_thread_a_moderator_locked_and_archived_is_permanent_and_disables_the_destination_saying_so() {
    DeliveryOutcome outcome = deliverShort(THREAD_LOCKED);

    assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.PermanentFailure.class, f -> {
      assertThat(f.destinationGone()).isTrue();
      assertThat(f.reason()).contains("thread " + THREAD_LOCKED + " is locked by a moderator and archived")
          .contains("Manage Threads").contains("error 50083");
    });
    assertThat(fake.thread(THREAD_LOCKED).path("thread_metadata").path("archived").asBoolean()).isTrue();
  }

  @Test
  void a_server_error_500_is_transient() {
    fake.script("POST", messagesPath(TEXT), Scripted.error(500, 0, "500: Internal Server Error"));

    assertThat(deliverShort(TEXT)).isInstanceOfSatisfying(DeliveryOutcome.TransientFailure.class,
        f -> assertThat(f.reason()).contains("HTTP 500"));
  }

  @Test
  void a_429_shorter_than_what_is_left_of_the_deadline_is_waited_out_and_the_part_is_accepted_once() {
    fake.script("POST", messagesPath(TEXT_B), Scripted.rateLimited(0.4)); // Retry-After: 1

    DeliveryOutcome outcome = deliverShort(TEXT_B);

    assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class,
        d -> assertThat(d.detail()).startsWith("1 message in channel"));
    List<JsonNode> sends = fake.posted(TEXT_B);
    assertThat(sends).as("the refused send and its one re-send").hasSize(2);
    assertThat(sends.get(1).path("nonce").asText()).isEqualTo(sends.get(0).path("nonce").asText());
  }

  @Test
  void a_429_longer_than_the_adapter_waits_reaches_the_engine_with_discords_retry_after_and_is_not_resent() {
    fake.script("POST", messagesPath(FakeDiscord.ADMIN), Scripted.rateLimited(30.2)); // Retry-After: 31

    DeliveryOutcome outcome = deliverShort(FakeDiscord.ADMIN);

    assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.TransientFailure.class, f -> {
      assertThat(f.retryAfter()).hasValueSatisfying(
          wait -> assertThat(wait).isBetween(Duration.ofMillis(30_200), Duration.ofSeconds(31)));
      assertThat(f.reason()).contains("rate-limited the bot for 31s");
    });
    assertThat(fake.posted(FakeDiscord.ADMIN)).hasSize(1);
  }

  @Test
  void a_send_not_answered_within_the_deadline_is_transient() {
    CountDownLatch release = new CountDownLatch(1);
    fake.script("POST", messagesPath(TEXT_C), Scripted.hang(release));
    try {
      DeliveryOutcome outcome = deliverShort(TEXT_C);

      assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.TransientFailure.class,
          f -> assertThat(f.reason()).contains("did not answer within 2s"));
    } finally {
      release.countDown();
    }
  }

  private static DeliveryOutcome deliverShort(long channel) {
    return delivery.deliver(Fixtures.request(channel, DeliveryFormat.MARKDOWN, Fixtures.summary("Short.", List.of("ana")),
        DeliveryJournal.none()));
  }

  private static String okMessage() {
    return FakeDiscord.message(1_000_000_000_000_000_001L, TEXT, FakeDiscord.user(FakeDiscord.BOT, "summary-bot", true),
        "ok", java.time.Instant.parse("2026-03-02T08:00:00Z")).toString();
  }

  private static void assertNobodyPinged(JsonNode body) {
    JsonNode mentions = body.get("allowed_mentions");
    assertThat(mentions).as("allowed_mentions in %s", body).isNotNull();
    assertThat(mentions.path("parse").isArray()).isTrue();
    assertThat(mentions.path("parse").size()).isZero();
    assertThat(mentions.path("users").size()).isZero();
    assertThat(mentions.path("roles").size()).isZero();
    assertThat(mentions.path("replied_user").asBoolean(false)).isFalse();
  }

  private static List<String> nonces(List<JsonNode> bodies) {
    List<String> out = new ArrayList<>();
    for (JsonNode b : bodies) {
      out.add(b.path("nonce").asText());
    }
    assertThat(new HashSet<>(out)).hasSameSizeAs(out);
    return out;
  }

  static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
      n++;
    }
    return n;
  }

  /** The text without whitespace and without the fence lines a split adds. */
  static String squash(String s) {
    return s.replace("```java", "").replace("```", "").replaceAll("\\s+", "");
  }
}

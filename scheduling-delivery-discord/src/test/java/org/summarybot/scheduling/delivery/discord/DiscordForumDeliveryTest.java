package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.FORUM;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.FORUM_TAGGED;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.MEDIA;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.channel.update.ChannelUpdateArchivedEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryOutcome;

/** Forum and media channels, real JDA against the fake: one post per summary, never a second one on a retry. */
class DiscordForumDeliveryTest {
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

  private static String threadsPath(long forum) {
    return "/channels/" + forum + "/threads";
  }

  @Test
  void a_summary_to_a_forum_is_one_post_titled_with_the_summary_and_its_other_parts_go_into_the_post() {
    Summary summary = new Summary("Weekly " + "x".repeat(150), Fixtures.longMarkdown(40), List.of("ana"), 42,
        Fixtures.WINDOW);
    int postsBefore = fake.posts(FORUM).size();

    DeliveryOutcome outcome = delivery.deliver(
        Fixtures.request("exec-forum-1", FORUM, DeliveryFormat.MARKDOWN, summary, DeliveryJournal.none()));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    List<FakeDiscord.Request> creates = fake.requestsTo("POST", threadsPath(FORUM));
    assertThat(creates).hasSize(1);
    JsonNode create = creates.get(0).json();
    assertThat(create.path("name").asText()).hasSize(100).startsWith("Weekly xxx").endsWith("…");
    assertThat(create.has("nonce")).as("a post takes no nonce").isFalse();
    String first = create.path("message").path("content").asText();
    assertThat(first).startsWith("**Weekly").hasSizeLessThanOrEqualTo(2000)
        .endsWith("\n" + Nonces.postMarker(Fixtures.request("exec-forum-1", FORUM, DeliveryFormat.MARKDOWN, summary,
            DeliveryJournal.none()).idempotencyKey()));
    assertThat(create.path("message").path("allowed_mentions").path("parse").size()).isZero();

    List<ObjectNode> posts = fake.posts(FORUM);
    assertThat(posts).hasSize(postsBefore + 1);
    long post = posts.get(posts.size() - 1).get("id").asLong();
    List<JsonNode> rest = fake.posted(post);
    assertThat(rest).hasSizeGreaterThan(3).allSatisfy(b -> {
      assertThat(b.path("content").asText()).hasSizeLessThanOrEqualTo(2000);
      assertThat(b.path("nonce").asText()).hasSize(25);
    });
    assertThat(fake.posted(FORUM)).as("no plain message to the forum itself").isEmpty();
    assertThat(((DeliveryOutcome.Delivered) outcome).detail()).contains("post " + post + " in forum " + FORUM);
  }

  @Test
  void a_media_channel_takes_an_embed_summary_as_a_post_with_the_marker_above_the_embeds() {
    DeliveryOutcome outcome = delivery.deliver(Fixtures.request("exec-media-1", MEDIA, DeliveryFormat.EMBED,
        Fixtures.summary("Short.", List.of("ana")), DeliveryJournal.none()));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    JsonNode create = fake.requestsTo("POST", threadsPath(MEDIA)).get(0).json();
    assertThat(create.path("name").asText()).isEqualTo("Daily summary of #dev");
    assertThat(create.path("message").path("embeds").size()).isEqualTo(1);
    assertThat(create.path("message").path("content").asText()).startsWith("-# ref ");
    assertThat(fake.posts(MEDIA)).singleElement()
        .satisfies(p -> assertThat(fake.posted(p.get("id").asLong())).as("one part: the post's first message").isEmpty());
  }

  @Test
  void a_retry_after_a_crash_between_creating_the_post_and_journalling_it_finds_the_post_and_creates_no_second() {
    Summary summary = Fixtures.summary(Fixtures.longMarkdown(20), List.of("ana"));
    // the first attempt's journal writes are lost, as if the process died before they reached the store
    delivery.deliver(Fixtures.request("exec-forum-crash", FORUM, DeliveryFormat.MARKDOWN, summary, DeliveryJournal.none()));
    List<ObjectNode> before = fake.posts(FORUM);
    fake.clear();
    Fixtures.Journal journal = new Fixtures.Journal();

    DeliveryOutcome retry = delivery.deliver(
        Fixtures.request("exec-forum-crash", FORUM, DeliveryFormat.MARKDOWN, summary, journal));

    assertThat(retry).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(fake.requestsTo("POST", threadsPath(FORUM))).isEmpty();
    assertThat(fake.posts(FORUM)).hasSameSizeAs(before);
    long post = before.get(before.size() - 1).get("id").asLong();
    assertThat(fake.requestsTo("GET", "/channels/" + post + "/messages/" + post)).as("its first message, read for the marker")
        .hasSize(1);
    assertThat(fake.posted(post)).isNotEmpty();
    assertThat(journal.parts).contains("0", ForumPosts.JOURNAL_PREFIX + post);
  }

  @Test
  void a_retry_finds_its_post_among_archived_posts_over_rest_and_posting_unarchives_it() throws Exception {
    Summary summary = Fixtures.summary(Fixtures.longMarkdown(20), List.of("ana"));
    Fixtures.Journal journal = new Fixtures.Journal();
    FailingJournal failing = new FailingJournal(journal, "2");
    DeliveryOutcome first = delivery.deliver(
        Fixtures.request("exec-forum-archived", FORUM, DeliveryFormat.MARKDOWN, summary, failing));
    assertThat(first).isInstanceOf(DeliveryOutcome.TransientFailure.class);
    List<ObjectNode> posts = fake.posts(FORUM);
    long post = posts.get(posts.size() - 1).get("id").asLong();
    archiveAndAwaitJda(post);
    fake.clear();

    DeliveryOutcome retry = delivery.deliver(
        Fixtures.request("exec-forum-archived", FORUM, DeliveryFormat.MARKDOWN, summary, journal));

    assertThat(retry).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class,
        d -> assertThat(d.detail()).contains("(2 sent before)"));
    assertThat(fake.requestsTo("POST", threadsPath(FORUM))).isEmpty();
    assertThat(fake.requestsTo("GET", "/channels/" + FORUM + "/threads/archived/public")).hasSize(1);
    assertThat(fake.requestsTo("GET", "/channels/" + post + "/messages/" + post))
        .as("the journal names the post: no need to read its first message").isEmpty();
    assertThat(fake.unarchived).contains(post);
    assertThat(fake.posted(post)).isNotEmpty();
  }

  @Test
  void a_forum_that_requires_tags_disables_the_destination_naming_the_setting_and_sends_nothing() {
    DeliveryOutcome outcome = delivery.deliver(Fixtures.request(FORUM_TAGGED, DeliveryFormat.MARKDOWN,
        Fixtures.summary("Short.", List.of()), DeliveryJournal.none()));

    assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.PermanentFailure.class, f -> {
      assertThat(f.destinationGone()).isTrue();
      assertThat(f.reason()).contains("requires a tag").contains("Require people to select tags");
    });
    assertThat(fake.requests()).isEmpty();
  }

  private static void archiveAndAwaitJda(long thread) throws InterruptedException {
    CountDownLatch dropped = new CountDownLatch(1);
    EventListener l = (GenericEvent e) -> {
      if (e instanceof ChannelUpdateArchivedEvent a && a.getChannel().getIdLong() == thread) {
        dropped.countDown();
      }
    };
    adapter.jda().addEventListener(l);
    try {
      fake.archive(thread);
      assertThat(dropped.await(10, TimeUnit.SECONDS)).as("JDA saw the thread archived").isTrue();
    } finally {
      adapter.jda().removeEventListener(l);
    }
    // JDA fires the event, then drops the thread from its cache in the same handler call
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (adapter.jda().getThreadChannelById(thread) != null && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertThat(adapter.jda().getThreadChannelById(thread)).isNull();
  }

  /** A journal whose write of one part fails, as a store outage would. */
  private record FailingJournal(DeliveryJournal inner, String failOn) implements DeliveryJournal {
    @Override
    public boolean isDelivered(String part) {
      return inner.isDelivered(part);
    }

    @Override
    public void markDelivered(String part) {
      if (part.equals(failOn)) {
        throw new IllegalStateException("journal store unavailable");
      }
      inner.markDelivered(part);
    }
  }
}

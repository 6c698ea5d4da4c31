package org.summarybot.scheduling.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.FIRE;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.request;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.summary;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.delivery.webhook.Fixtures.MemoryJournal;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryOutcome.Delivered;
import org.summarybot.scheduling.port.DeliveryOutcome.PermanentFailure;
import org.summarybot.scheduling.port.DeliveryOutcome.TransientFailure;
import org.summarybot.scheduling.testing.FakeClock;

/**
 * Discord webhook URLs get Discord's body. The loopback server stands in for discord.com: the builder's test
 * hook adds 127.0.0.1 to the hosts recognised as Discord.
 */
class DiscordDeliveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "Xy9_tok3n-SECRET-abcdefghijklmnop";

  private final FakeClock clock = new FakeClock(FIRE);
  private LoopbackServer server;
  private DeliveryChannel channel;

  @BeforeEach
  void start() throws IOException {
    server = new LoopbackServer();
    channel = WebhookDelivery.builder().clock(clock).allowHttp(true).allowList(List.of("127.0.0.1"))
        .discordHost("127.0.0.1").build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Destination discord() {
    return webhook(server.url("/api/webhooks/123456789012345678/" + TOKEN));
  }

  @Test
  void recognises_discord_webhook_urls_only() {
    for (String url : List.of("https://discord.com/api/webhooks/1/t", "https://discordapp.com/api/webhooks/1/t",
        "https://canary.discord.com/api/webhooks/1/t", "https://ptb.discord.com/api/webhooks/1/t",
        "https://discord.com/api/v10/webhooks/1/t/", "https://discord.com/api/webhooks/1/t?thread_id=5")) {
      assertThat(DiscordWebhooks.isDiscordWebhook(HttpUrl.get(url), DiscordWebhooks.HOSTS)).as(url).isTrue();
    }
    for (String url : List.of("https://discord.com.evil.example/api/webhooks/1/t",
        "https://evil.example/api/webhooks/1/t", "https://discord.com/api/webhooks/abc/t",
        "https://discord.com/api/webhooks/1", "https://discord.com/api/webhooks/1/t/slack",
        "https://discord.com/webhooks/1/t")) {
      assertThat(DiscordWebhooks.isDiscordWebhook(HttpUrl.get(url), DiscordWebhooks.HOSTS)).as(url).isFalse();
    }
  }

  @Test
  void posts_an_embed_that_pings_nobody() throws Exception {
    DeliveryOutcome o = channel.deliver(request(discord(), 1, DeliveryJournal.none()));

    assertThat(o).isInstanceOf(Delivered.class);
    LoopbackServer.Received r = server.take();
    assertThat(r.path()).isEqualTo("/api/webhooks/123456789012345678/" + TOKEN);
    assertThat(r.header("webhook-id")).startsWith("msg_");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.has("type")).as("no event envelope for Discord").isFalse();
    assertThat(body.get("allowed_mentions").toString()).isEqualTo("{\"parse\":[]}");
    JsonNode embed = body.get("embeds").get(0);
    assertThat(embed.get("title").asText()).isEqualTo("Daily #dev digest");
    assertThat(embed.get("description").asText()).isEqualTo("* shipped the release\n* @everyone lunch at noon");
    assertThat(embed.get("footer").get("text").asText()).isEqualTo("42 messages · 2 participants");
    assertThat(embed.get("timestamp").asText()).isEqualTo("2025-03-31T07:00:00Z");
  }

  @Test
  void a_long_summary_is_split_within_discord_limits_and_a_retry_sends_only_the_missing_parts() throws Exception {
    String markdown = IntStream.range(0, 300).mapToObj(i -> "* line " + i + " " + "x".repeat(25))
        .collect(Collectors.joining("\n"));
    server.then(204, "").then(503, "", "Retry-After", "2");
    MemoryJournal journal = new MemoryJournal();

    DeliveryOutcome first = channel.deliver(request(discord(), summary(markdown), 1, journal));
    DeliveryOutcome second = channel.deliver(request(discord(), summary(markdown), 2, journal));

    assertThat(first).isInstanceOf(TransientFailure.class);
    assertThat(second).isEqualTo(new Delivered("Discord webhook: 2 of 3 message(s) sent now"));
    assertThat(journal.parts).containsExactlyInAnyOrder("0", "1", "2");
    List<LoopbackServer.Received> requests = server.drain();
    assertThat(requests).hasSize(4); // part 1, part 2 (503), then part 2 and part 3 only
    assertThat(requests.get(2).header("webhook-id")).isEqualTo(requests.get(1).header("webhook-id"));
    assertThat(requests.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(3);
    List<String> descriptions = new ArrayList<>();
    for (LoopbackServer.Received r : List.of(requests.get(0), requests.get(2), requests.get(3))) {
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.get("embeds")).hasSize(1);
      JsonNode e = body.get("embeds").get(0);
      int total = e.get("title").asText().length() + e.get("description").asText().length()
          + e.get("footer").get("text").asText().length();
      assertThat(e.get("title").asText().length()).isLessThanOrEqualTo(256);
      assertThat(e.get("description").asText().length()).isLessThanOrEqualTo(4096);
      assertThat(total).isLessThanOrEqualTo(6000);
      assertThat(body.get("allowed_mentions").get("parse")).isEmpty();
      descriptions.add(e.get("description").asText());
    }
    assertThat(JSON.readTree(requests.get(3).body()).at("/embeds/0/title").asText())
        .isEqualTo("Daily #dev digest (3/3)");
    assertThat(String.join("\n", descriptions)).isEqualTo(markdown); // split at line breaks, nothing lost
  }

  @Test
  void the_markdown_format_posts_plain_content_within_2000_characters() throws Exception {
    String markdown = "word ".repeat(900).strip();
    Destination d = new Destination(DestinationType.WEBHOOK, discord().target(), DeliveryFormat.MARKDOWN, true,
        Optional.empty(), Optional.empty());

    assertThat(channel.deliver(request(d, summary(markdown), 1, DeliveryJournal.none()))).isInstanceOf(Delivered.class);

    List<LoopbackServer.Received> requests = server.drain();
    assertThat(requests).hasSize(3);
    for (LoopbackServer.Received r : requests) {
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.get("content").asText().length()).isLessThanOrEqualTo(2000);
      assertThat(body.has("embeds")).isFalse();
      assertThat(body.get("allowed_mentions").get("parse")).isEmpty();
    }
    assertThat(JSON.readTree(requests.get(0).body()).get("content").asText()).startsWith("**Daily #dev digest**\n");
  }

  @Test
  void unknown_webhook_404_or_code_10015_means_the_destination_is_gone_but_other_404s_do_not() {
    server.then(404, "{\"message\": \"Unknown Webhook\", \"code\": 10015}")
        .then(400, "{\"message\": \"Unknown Webhook\", \"code\": 10015}")
        .then(404, "not here")
        .then(400, "{\"message\": \"Invalid Form Body\", \"code\": 50035}");

    DeliveryOutcome discord404 = channel.deliver(request(discord(), 1, DeliveryJournal.none()));
    DeliveryOutcome discord10015 = channel.deliver(request(discord(), 1, DeliveryJournal.none()));
    DeliveryOutcome plain404 = channel.deliver(request(webhook(server.url("/hook")), 1, DeliveryJournal.none()));
    DeliveryOutcome discord400 = channel.deliver(request(discord(), 1, DeliveryJournal.none()));

    assertThat(((PermanentFailure) discord404).destinationGone()).isTrue();
    assertThat(((PermanentFailure) discord404).reason()).contains("Unknown Webhook");
    assertThat(((PermanentFailure) discord10015).destinationGone()).isTrue();
    assertThat(((PermanentFailure) plain404).destinationGone()).isFalse();
    assertThat(((PermanentFailure) discord400).destinationGone()).isFalse();
    assertThat(((PermanentFailure) discord400).reason()).contains("HTTP 400").contains("Invalid Form Body");
  }

  @Test
  void discord_rate_limits_are_transient_with_their_retry_after() {
    server.then(429, "{\"message\": \"You are being rate limited.\", \"retry_after\": 1.5, \"global\": false}",
        "Retry-After", "2");

    DeliveryOutcome o = channel.deliver(request(discord(), 1, DeliveryJournal.none()));

    assertThat(o).isInstanceOf(TransientFailure.class);
    assertThat(((TransientFailure) o).retryAfter()).contains(java.time.Duration.ofSeconds(2));
  }
}

package org.summarybot.scheduling.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.FIRE;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.SECRET;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.SECRET_REF;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.request;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.signedWebhook;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.delivery.webhook.Fixtures.MemoryJournal;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryOutcome.Delivered;
import org.summarybot.scheduling.port.DeliveryOutcome.PermanentFailure;
import org.summarybot.scheduling.port.DeliveryOutcome.TransientFailure;
import org.summarybot.scheduling.testing.FakeClock;

/** The channel against a real HTTP server on loopback (the SSRF guard on, 127.0.0.1 allow-listed). */
class WebhookChannelTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeClock clock = new FakeClock(FIRE.plusSeconds(3));
  private LoopbackServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    server = new LoopbackServer();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
  }

  private WebhookDelivery.Builder loopback() {
    return WebhookDelivery.builder()
        .clock(clock)
        .secrets(name -> name.equals(SECRET_REF) ? Optional.of(SECRET) : Optional.empty())
        .allowHttp(true)
        .allowList(List.of("127.0.0.1"));
  }

  @Test
  void posts_the_summary_envelope_signed_so_an_independent_verifier_accepts_it() throws Exception {
    DeliveryChannel channel = loopback().build();

    DeliveryOutcome outcome = channel.deliver(request(signedWebhook(server.url("/hooks/summary")), 1, DeliveryJournal.none()));

    assertThat(outcome).isEqualTo(new Delivered("HTTP 204"));
    LoopbackServer.Received r = server.take();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.header("content-type")).startsWith("application/json");
    assertThat(r.header("webhook-id")).matches("msg_[0-9a-f]{32}");
    assertThat(r.header("webhook-timestamp")).isEqualTo(Long.toString(clock.now().getEpochSecond()));
    assertThat(Verifier.verify(SECRET, r.header("webhook-id"), r.header("webhook-timestamp"),
        r.header("webhook-signature"), r.body(), clock.now())).isTrue();
    byte[] tampered = r.bodyText().replace("shipped", "shopped").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(Verifier.verify(SECRET, r.header("webhook-id"), r.header("webhook-timestamp"),
        r.header("webhook-signature"), tampered, clock.now())).isFalse();

    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("type").asText()).isEqualTo("summary.created");
    assertThat(body.get("id").asText()).isEqualTo(r.header("webhook-id"));
    assertThat(body.get("timestamp").asText()).as("the fire the summary is for").isEqualTo("2025-03-31T07:00:00Z");
    JsonNode data = body.get("data");
    assertThat(data.get("task").get("id").asText()).isEqualTo("daily-dev");
    assertThat(data.get("task").get("name").asText()).isEqualTo("Daily #dev digest");
    assertThat(data.get("task").get("guild").asText()).isEqualTo("111111111111111111");
    assertThat(data.get("channels").toString()).isEqualTo("[\"222222222222222222\",\"333333333333333333\"]");
    assertThat(data.get("window").get("from").asText()).isEqualTo("2025-03-30T07:00:00Z");
    assertThat(data.get("window").get("to").asText()).isEqualTo("2025-03-31T07:00:00Z");
    assertThat(data.get("summary").get("title").asText()).isEqualTo("Daily #dev digest");
    assertThat(data.get("summary").get("markdown").asText()).contains("@everyone lunch");
    assertThat(data.get("summary").get("participants").toString()).isEqualTo("[\"alice\",\"bob\"]");
    assertThat(data.get("summary").get("messageCount").asInt()).isEqualTo(42);
    assertThat(data.get("execution").get("id").asText()).matches("[0-9a-f-]{36}");
    assertThat(data.get("execution").get("scheduledFor").asText()).isEqualTo("2025-03-31T07:00:00Z");
    assertThat(data.get("execution").has("attempt")).as("the same body for every attempt").isFalse();
  }

  @Test
  void an_unsigned_destination_gets_no_signature_header() throws Exception {
    loopback().build().deliver(request(webhook(server.url("/plain")), 1, DeliveryJournal.none()));

    LoopbackServer.Received r = server.take();
    assertThat(r.header("webhook-signature")).isNull();
    assertThat(r.header("webhook-id")).isNotNull();
  }

  @Test
  void webhook_id_is_stable_across_attempts_and_restarts_and_differs_per_destination() throws Exception {
    Destination d = webhook(server.url("/a"));
    loopback().build().deliver(request(d, 1, DeliveryJournal.none()));
    clock.advance(Duration.ofMinutes(3));
    loopback().build().deliver(request(d, 2, DeliveryJournal.none())); // a new channel: as after a restart
    loopback().build().deliver(request(webhook(server.url("/b")), 1, DeliveryJournal.none()));

    LoopbackServer.Received first = server.take();
    LoopbackServer.Received retry = server.take();
    LoopbackServer.Received other = server.take();
    assertThat(retry.header("webhook-id")).isEqualTo(first.header("webhook-id"));
    assertThat(Long.parseLong(retry.header("webhook-timestamp")) - Long.parseLong(first.header("webhook-timestamp")))
        .isEqualTo(180);
    assertThat(retry.body()).as("one webhook-id, one body: the retry sends the same bytes").isEqualTo(first.body());
    assertThat(other.header("webhook-id")).isNotEqualTo(first.header("webhook-id"));
  }

  @Test
  void retries_honour_retry_after_in_seconds_and_as_an_http_date_then_deliver_once() throws Exception {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.now().plusSeconds(90).atOffset(ZoneOffset.UTC));
    server.then(503, "busy", "Retry-After", "7").then(429, "slow down", "Retry-After", date).then(200, "ok");
    MemoryJournal journal = new MemoryJournal();
    DeliveryChannel channel = loopback().build();
    Destination d = webhook(server.url("/hook"));

    DeliveryOutcome first = channel.deliver(request(d, 1, journal));
    DeliveryOutcome second = channel.deliver(request(d, 2, journal));
    DeliveryOutcome third = channel.deliver(request(d, 3, journal));
    DeliveryOutcome fourth = channel.deliver(request(d, 4, journal));

    assertThat(first).isEqualTo(new TransientFailure("HTTP 503: busy", Optional.of(Duration.ofSeconds(7))));
    assertThat(second).isEqualTo(new TransientFailure("HTTP 429: slow down", Optional.of(Duration.ofSeconds(90))));
    assertThat(third).isEqualTo(new Delivered("HTTP 200"));
    assertThat(fourth).isInstanceOf(Delivered.class);
    assertThat(journal.parts).containsExactly("0");
    assertThat(server.drain()).hasSize(3); // the fourth call found the journal entry and sent nothing
  }

  @Test
  void maps_statuses_to_outcomes() throws Exception {
    Map<Integer, String> expected = new java.util.LinkedHashMap<>();
    expected.put(408, "transient");
    expected.put(425, "transient");
    expected.put(500, "transient");
    expected.put(502, "transient");
    expected.put(599, "transient");
    expected.put(410, "gone");
    expected.put(400, "permanent");
    expected.put(401, "permanent");
    expected.put(403, "permanent");
    expected.put(404, "permanent");
    expected.put(422, "permanent");
    expected.put(301, "permanent");
    expected.put(200, "delivered");
    expected.put(202, "delivered");
    DeliveryChannel channel = loopback().build();
    expected.forEach((status, kind) -> {
      server.then(status, "", "Location", "/elsewhere");
      DeliveryOutcome o = channel.deliver(request(webhook(server.url("/s")), 1, DeliveryJournal.none()));
      String actual = o instanceof Delivered ? "delivered"
          : o instanceof TransientFailure ? "transient"
          : ((PermanentFailure) o).destinationGone() ? "gone" : "permanent";
      assertThat(actual).as("HTTP " + status + " -> " + o).isEqualTo(kind);
    });
  }

  @Test
  void a_redirect_is_not_followed() throws Exception {
    server.then(302, "", "Location", "http://127.0.0.1:" + server.port() + "/elsewhere?token=abcdef123456");

    DeliveryOutcome o = loopback().build().deliver(request(webhook(server.url("/old")), 1, DeliveryJournal.none()));

    assertThat(o).isInstanceOf(PermanentFailure.class);
    assertThat(((PermanentFailure) o).reason()).contains("HTTP 302 redirect").contains("not followed")
        .doesNotContain("abcdef123456").doesNotContain("elsewhere");
    assertThat(server.take().path()).isEqualTo("/old");
    assertThat(server.drain()).isEmpty(); // delivery is synchronous: a followed redirect would be here by now
  }

  @Test
  void a_slow_server_times_out_as_a_transient_failure() throws Exception {
    server.then(ex -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      LoopbackServer.reply(ex, 204, "");
    });
    DeliveryChannel channel = loopback().requestTimeout(Duration.ofMillis(300)).build();

    long start = System.nanoTime();
    DeliveryOutcome o = channel.deliver(request(webhook(server.url("/slow")), 1, DeliveryJournal.none()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(o).isInstanceOf(TransientFailure.class);
    assertThat(((TransientFailure) o).reason()).contains("timed out").contains("request timeout 300 ms");
    assertThat(took).isLessThan(Duration.ofSeconds(5)); // the server would have held it 10 s
  }

  @Test
  void a_ten_megabyte_response_is_not_read() throws Exception {
    int total = 10 * 1024 * 1024;
    int firstChunk = 1024 * 1024;
    CountDownLatch clientDone = new CountDownLatch(1);
    CompletableFuture<Boolean> restOfBodyRefused = new CompletableFuture<>();
    server.then(ex -> {
      ex.sendResponseHeaders(500, total);
      OutputStream out = ex.getResponseBody();
      try {
        out.write(new byte[firstChunk]);
        out.flush();
        clientDone.await(10, TimeUnit.SECONDS); // the rest is only offered after the client has returned
        byte[] chunk = new byte[64 * 1024];
        for (int sent = firstChunk; sent < total; sent += chunk.length) {
          out.write(chunk);
        }
        out.flush();
        restOfBodyRefused.complete(false);
      } catch (IOException | InterruptedException e) {
        restOfBodyRefused.complete(true);
      } finally {
        ex.close();
      }
    });
    DeliveryChannel channel = loopback().requestTimeout(Duration.ofSeconds(3)).build();

    DeliveryOutcome o = channel.deliver(request(webhook(server.url("/big")), 1, DeliveryJournal.none()));
    clientDone.countDown();

    // Had the client waited for all 10 MB it would have timed out: the server held back 9 MB until now.
    assertThat(o).isInstanceOf(TransientFailure.class);
    assertThat(((TransientFailure) o).reason()).startsWith("HTTP 500").hasSizeLessThan(300);
    assertThat(restOfBodyRefused.get(10, TimeUnit.SECONDS)).as("the client closed the connection").isTrue();
  }

  @Test
  void a_refused_connection_is_transient() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }

    DeliveryOutcome o = loopback().build().deliver(request(webhook("http://127.0.0.1:" + port + "/x"), 1, DeliveryJournal.none()));

    assertThat(o).isInstanceOf(TransientFailure.class);
    assertThat(((TransientFailure) o).reason()).contains("cannot connect to webhook:http://127.0.0.1:" + port);
  }

  @Test
  void a_missing_or_malformed_secret_is_a_permanent_failure_naming_the_variable() {
    DeliveryChannel noSecret = WebhookDelivery.builder().clock(clock).allowHttp(true)
        .allowList(List.of("127.0.0.1")).secrets(name -> Optional.empty()).build();
    DeliveryChannel badSecret = WebhookDelivery.builder().clock(clock).allowHttp(true)
        .allowList(List.of("127.0.0.1")).secrets(name -> Optional.of("whsec_%%%")).build();

    DeliveryOutcome missing = noSecret.deliver(request(signedWebhook(server.url("/s")), 1, DeliveryJournal.none()));
    DeliveryOutcome malformed = badSecret.deliver(request(signedWebhook(server.url("/s")), 1, DeliveryJournal.none()));

    assertThat(missing).isEqualTo(DeliveryOutcome.failed(
        "the signing secret variable SUMMARY_WEBHOOK_SECRET of webhook:http://127.0.0.1:" + server.port()
            + "/… is not set"));
    assertThat(((PermanentFailure) malformed).reason()).contains("SUMMARY_WEBHOOK_SECRET")
        .contains("not in the whsec_<base64> form").doesNotContain("%%%");
    assertThat(server.drain()).isEmpty();
  }

  @Test
  void a_destination_of_another_type_is_refused_without_throwing() {
    DeliveryOutcome o = loopback().build().deliver(request(Destination.console(), 1, DeliveryJournal.none()));

    assertThat(o).isInstanceOf(PermanentFailure.class);
    assertThat(((PermanentFailure) o).reason()).contains("not a webhook destination");
  }

  @Test
  void delivers_to_fifty_tasks_firing_at_once() throws Exception {
    DeliveryChannel channel = loopback().build();
    List<CompletableFuture<DeliveryOutcome>> all = new java.util.ArrayList<>();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(50);
    try {
      for (int i = 0; i < 50; i++) {
        Destination d = webhook(server.url("/t" + i));
        all.add(CompletableFuture.supplyAsync(() -> channel.deliver(request(d, 1, DeliveryJournal.none())), pool));
      }
      for (CompletableFuture<DeliveryOutcome> f : all) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isInstanceOf(Delivered.class);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.drain()).hasSize(50).extracting(r -> r.header("webhook-id")).doesNotHaveDuplicates();
  }
}

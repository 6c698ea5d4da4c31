package org.summarybot.scheduling.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.FIRE;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.SECRET;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.SECRET_REF;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.request;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.signedWebhook;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.task;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryOutcome.PermanentFailure;
import org.summarybot.scheduling.port.DeliveryOutcome.TransientFailure;
import org.summarybot.scheduling.port.Notification;
import org.summarybot.scheduling.testing.FakeClock;

/**
 * Runs every path that logs or explains (success, 5xx echoing the token and secret, redirect, 410, timeout,
 * refused connection, SSRF refusal, missing secret, notifier failure) with a Discord token and a secret in
 * play, and checks that neither they nor the URL's path or query reach any log line or outcome reason.
 */
class NoSecretsInLogsTest {
  private static final String TOKEN = "T0KEN-abcdefghijklmnopqrstuvwxyz_0123456789";
  private static final String QUERY_KEY = "qk-9f8e7d6c5b4a";
  private static final String SECRET_BODY = SECRET.substring("whsec_".length());

  private final FakeClock clock = new FakeClock(FIRE);

  private WebhookDelivery.Builder builder() {
    return WebhookDelivery.builder().clock(clock).allowHttp(true)
        .secrets(name -> name.equals(SECRET_REF) ? Optional.of(SECRET) : Optional.empty())
        .discordHost("127.0.0.1");
  }

  @Test
  void no_token_secret_or_url_path_appears_in_any_log_line_or_reason() throws Exception {
    List<String> reasons = new ArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    List<String> lines;
    try (LogCapture logs = new LogCapture(); LoopbackServer server = new LoopbackServer()) {
      String discordPath = "/api/webhooks/987654321/" + TOKEN;
      Destination discord = signedWebhook(server.url(discordPath));
      Destination plain = signedWebhook(server.url("/hooks/" + TOKEN + "?key=" + QUERY_KEY));
      DeliveryChannel channel = builder().allowList(List.of("127.0.0.1"))
          .requestTimeout(Duration.ofMillis(300)).build();
      server.then(204, "")
          .then(500, "bad token " + TOKEN + " at " + discordPath + " secret " + SECRET + " " + SECRET_BODY)
          .then(302, "", "Location", server.url("/moved/" + TOKEN + "?key=" + QUERY_KEY))
          .then(410, "gone " + TOKEN)
          .then(ex -> {
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            LoopbackServer.reply(ex, 204, "");
          })
          .then(404, "{\"message\": \"Unknown Webhook " + TOKEN + "\", \"code\": 10015}");
      for (Destination d : List.of(discord, discord, plain, discord, plain, discord)) {
        reasons.add(describe(channel.deliver(request(d, 1, DeliveryJournal.none()))));
      }
      release.countDown();

      int closedPort;
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        closedPort = s.getLocalPort();
      }
      reasons.add(describe(channel.deliver(request(
          signedWebhook("http://127.0.0.1:" + closedPort + "/api/webhooks/1/" + TOKEN), 1, DeliveryJournal.none()))));
      reasons.add(describe(builder().build().deliver(request(discord, 1, DeliveryJournal.none())))); // SSRF
      reasons.add(describe(WebhookDelivery.builder().clock(clock).allowHttp(true).allowList(List.of("127.0.0.1"))
          .secrets(n -> Optional.empty()).build().deliver(request(discord, 1, DeliveryJournal.none()))));

      server.then(500, "notifier failed for " + TOKEN);
      builder().allowList(List.of("127.0.0.1")).buildNotifier(discord)
          .notify(new Notification.TaskDisabled(task(plain), "too many failures"));
      builder().buildNotifier(plain).notify(new Notification.TaskDisabled(task(plain), "too many failures"));
      lines = logs.lines();
    }

    assertThat(reasons).hasSize(9);
    assertThat(reasons.get(1)).startsWith("transient HTTP 500").contains(Redaction.MASK);
    assertThat(reasons.get(4)).contains("timed out");
    assertThat(reasons.get(5)).startsWith("gone");
    assertThat(reasons.get(7)).contains("SSRF");
    assertThat(lines).as("something was logged").hasSizeGreaterThanOrEqualTo(9);
    assertThat(lines).anyMatch(l -> l.contains("failed permanently"));
    List<String> everything = new ArrayList<>(lines);
    everything.addAll(reasons);
    for (String text : everything) {
      assertThat(text).doesNotContain(TOKEN).doesNotContain(SECRET_BODY).doesNotContain(QUERY_KEY)
          .doesNotContain("/api/webhooks/").doesNotContain("/hooks/").doesNotContain("/moved/");
    }
  }

  private static String describe(DeliveryOutcome o) {
    if (o instanceof TransientFailure t) {
      return "transient " + t.reason();
    }
    if (o instanceof PermanentFailure p) {
      return (p.destinationGone() ? "gone " : "permanent ") + p.reason();
    }
    return "delivered " + ((DeliveryOutcome.Delivered) o).detail();
  }
}

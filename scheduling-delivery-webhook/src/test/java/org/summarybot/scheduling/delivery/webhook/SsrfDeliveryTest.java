package org.summarybot.scheduling.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.FIRE;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.request;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryOutcome.Delivered;
import org.summarybot.scheduling.port.DeliveryOutcome.PermanentFailure;
import org.summarybot.scheduling.testing.FakeClock;

/** The SSRF guard, on (the default) in every test here, against a real server on loopback. */
class SsrfDeliveryTest {
  private final FakeClock clock = new FakeClock(FIRE);
  private LoopbackServer server;

  /** A resolver answering 127.0.0.1 for every name, as a hostile DNS would; it counts its lookups. */
  private final AtomicInteger lookups = new AtomicInteger();
  private final Dns everythingIsLoopback = host -> {
    lookups.incrementAndGet();
    return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
  };

  @BeforeEach
  void start() throws IOException {
    server = new LoopbackServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String reasonOf(DeliveryOutcome o) {
    assertThat(o).isInstanceOf(PermanentFailure.class);
    assertThat(((PermanentFailure) o).destinationGone()).isFalse();
    return ((PermanentFailure) o).reason();
  }

  @Test
  void a_loopback_literal_is_refused_naming_the_rule() {
    DeliveryOutcome o = WebhookDelivery.builder().clock(clock).allowHttp(true).build()
        .deliver(request(webhook(server.url("/hook")), 1, DeliveryJournal.none()));

    assertThat(reasonOf(o)).startsWith("refused by the SSRF guard (rule loopback)").contains("127.0.0.1");
    assertThat(server.drain()).isEmpty();
  }

  @Test
  void a_host_name_that_resolves_to_loopback_is_refused_on_the_resolved_address() {
    DeliveryOutcome o = WebhookDelivery.builder().clock(clock).allowHttp(true).dns(everythingIsLoopback).build()
        .deliver(request(webhook("http://hooks.example.test:" + server.port() + "/hook"), 1, DeliveryJournal.none()));

    assertThat(reasonOf(o)).contains("rule loopback").contains("host hooks.example.test resolves to 127.0.0.1");
    assertThat(lookups).hasValue(1);
    assertThat(server.drain()).isEmpty();
  }

  @Test
  void localhost_through_the_system_resolver_is_refused() {
    DeliveryOutcome o = WebhookDelivery.builder().clock(clock).allowHttp(true).build()
        .deliver(request(webhook("http://localhost:" + server.port() + "/hook"), 1, DeliveryJournal.none()));

    assertThat(reasonOf(o)).contains("rule loopback").contains("host localhost resolves to");
    assertThat(server.drain()).isEmpty();
  }

  @Test
  void the_connection_goes_to_the_address_the_guard_judged_once_the_range_is_allow_listed() throws Exception {
    DeliveryOutcome o = WebhookDelivery.builder().clock(clock).allowHttp(true).dns(everythingIsLoopback)
        .allowList(List.of("127.0.0.1/32")).build()
        .deliver(request(webhook("http://hooks.example.test:" + server.port() + "/hook"), 1, DeliveryJournal.none()));

    assertThat(o).isInstanceOf(Delivered.class);
    assertThat(server.take().header("host")).isEqualTo("hooks.example.test:" + server.port());
    assertThat(lookups).hasValue(1);
  }

  @Test
  void an_allow_listed_host_name_is_let_through() throws Exception {
    DeliveryOutcome o = WebhookDelivery.builder().clock(clock).allowHttp(true).dns(everythingIsLoopback)
        .allowList(List.of("HOOKS.example.test")).build()
        .deliver(request(webhook("http://hooks.example.test:" + server.port() + "/hook"), 1, DeliveryJournal.none()));

    assertThat(o).isInstanceOf(Delivered.class);
    assertThat(server.take().path()).isEqualTo("/hook");
  }

  @Test
  void internal_literals_are_refused_before_any_connection_is_tried() {
    var channel = WebhookDelivery.builder().clock(clock).allowHttp(true).allowList(List.of("127.0.0.1")).build();
    String[][] cases = {
        {"http://10.0.0.1/h", "rule private"},
        {"http://172.20.1.1/h", "rule private"},
        {"http://192.168.0.10/h", "rule private"},
        {"http://169.254.169.254/latest/meta-data", "rule link-local"},
        {"http://100.64.0.1/h", "rule cgnat"},
        {"http://[::1]:" + server.port() + "/h", "rule loopback"},
        {"http://[fd00::1]/h", "rule unique-local"},
        {"http://[fe80::1]/h", "rule link-local"},
        {"http://224.0.0.1/h", "rule multicast"},
        {"http://0.0.0.0:" + server.port() + "/h", "rule unspecified"},
        {"http://127.0.0.2:" + server.port() + "/h", "rule loopback"},
    };
    for (String[] c : cases) {
      // A connection attempt to these would end as a transient timeout or refusal, not a permanent failure.
      assertThat(reasonOf(channel.deliver(request(webhook(c[0]), 1, DeliveryJournal.none())))).as(c[0])
          .contains(c[1]);
    }
    assertThat(server.drain()).isEmpty();
  }

  @Test
  void other_spellings_of_loopback_are_refused_too() {
    var channel = WebhookDelivery.builder().clock(clock).allowHttp(true).build();
    for (String url : List.of("http://[::ffff:127.0.0.1]:" + server.port() + "/h",
        "http://2130706433:" + server.port() + "/h", // 127.0.0.1 as one decimal number
        "http://[::1]:" + server.port() + "/h")) {
      assertThat(reasonOf(channel.deliver(request(webhook(url), 1, DeliveryJournal.none())))).as(url)
          .contains("rule loopback");
    }
    assertThat(server.drain()).isEmpty();
  }

  @Test
  void plain_http_is_refused_unless_allowed() {
    DeliveryOutcome o = WebhookDelivery.builder().clock(clock).allowList(List.of("127.0.0.1")).build()
        .deliver(request(webhook(server.url("/hook")), 1, DeliveryJournal.none()));

    assertThat(reasonOf(o)).contains("plain http:// is refused").contains("allowHttp");
    assertThat(server.drain()).isEmpty();
  }

  @Test
  void with_the_guard_off_loopback_is_reachable() throws Exception {
    DeliveryOutcome o = WebhookDelivery.builder().clock(clock).allowHttp(true).ssrfGuard(false).build()
        .deliver(request(webhook(server.url("/hook")), 1, DeliveryJournal.none()));

    assertThat(o).isInstanceOf(Delivered.class);
    assertThat(server.take().path()).isEqualTo("/hook");
  }
}

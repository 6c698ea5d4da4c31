package org.summarybot.scheduling.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.Dns;
import org.junit.jupiter.api.Test;

/** The check of webhook URLs given from outside the operator's shell judges them as delivery does. */
class TargetCheckTest {
  /** A resolver answering as DNS would for a few names (no real DNS in tests). */
  private static final Dns DNS = host -> switch (host) {
    case "hooks.example.com" -> List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 215, 14}));
    case "intranet.example.com" -> List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 5}));
    default -> throw new java.net.UnknownHostException(host);
  };

  private static Function<URI, Optional<String>> check(WebhookDelivery.Builder b) {
    return b.dns(DNS).buildTargetCheck();
  }

  @Test
  void a_public_https_webhook_passes() {
    assertThat(check(WebhookDelivery.builder()).apply(URI.create("https://hooks.example.com/x"))).isEmpty();
  }

  @Test
  void a_host_resolving_inside_the_network_or_a_loopback_literal_is_refused_naming_the_rule() {
    Function<URI, Optional<String>> check = check(WebhookDelivery.builder());

    assertThat(check.apply(URI.create("https://intranet.example.com/x"))).get().asString()
        .contains("SSRF guard").contains("private");
    assertThat(check.apply(URI.create("https://127.0.0.1/x"))).get().asString().contains("loopback");
    assertThat(check.apply(URI.create("https://2130706433/x"))).get().asString().contains("loopback");
  }

  @Test
  void the_allow_list_lets_a_host_through_and_plain_http_needs_allow_http() {
    assertThat(check(WebhookDelivery.builder().allowList(List.of("intranet.example.com")))
        .apply(URI.create("https://intranet.example.com/x"))).isEmpty();
    assertThat(check(WebhookDelivery.builder()).apply(URI.create("http://hooks.example.com/x"))).get().asString()
        .contains("use https://");
    assertThat(check(WebhookDelivery.builder().allowHttp(true)).apply(URI.create("http://hooks.example.com/x")))
        .isEmpty();
  }

  @Test
  void a_host_that_does_not_resolve_is_refused() {
    assertThat(check(WebhookDelivery.builder()).apply(URI.create("https://nowhere.invalid/x"))).get().asString()
        .contains("does not resolve");
  }
}

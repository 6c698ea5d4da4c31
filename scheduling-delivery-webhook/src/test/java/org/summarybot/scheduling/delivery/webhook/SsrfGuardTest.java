package org.summarybot.scheduling.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.delivery.webhook.SsrfGuard.Rule;

class SsrfGuardTest {

  private static InetAddress ip(String literal) {
    return IpLiterals.parse(literal).orElseThrow(() -> new AssertionError(literal + " is not a literal"));
  }

  @Test
  void classifies_every_refused_range_and_lets_public_addresses_through() {
    Map<String, Rule> refused = Map.ofEntries(
        Map.entry("127.0.0.1", Rule.LOOPBACK), Map.entry("127.255.255.254", Rule.LOOPBACK),
        Map.entry("10.0.0.1", Rule.PRIVATE), Map.entry("172.16.0.1", Rule.PRIVATE),
        Map.entry("172.31.255.255", Rule.PRIVATE), Map.entry("192.168.1.1", Rule.PRIVATE),
        Map.entry("169.254.169.254", Rule.LINK_LOCAL), Map.entry("100.64.0.1", Rule.CGNAT),
        Map.entry("100.127.255.255", Rule.CGNAT), Map.entry("224.0.0.1", Rule.MULTICAST),
        Map.entry("0.0.0.0", Rule.UNSPECIFIED), Map.entry("255.255.255.255", Rule.RESERVED),
        Map.entry("::1", Rule.LOOPBACK), Map.entry("::", Rule.UNSPECIFIED),
        Map.entry("fe80::1", Rule.LINK_LOCAL), Map.entry("febf::1", Rule.LINK_LOCAL),
        Map.entry("fc00::1", Rule.UNIQUE_LOCAL), Map.entry("fd12:3456::1", Rule.UNIQUE_LOCAL),
        Map.entry("ff02::1", Rule.MULTICAST), Map.entry("::ffff:127.0.0.1", Rule.LOOPBACK),
        Map.entry("::ffff:10.1.2.3", Rule.PRIVATE), Map.entry("64:ff9b::a9fe:a9fe", Rule.LINK_LOCAL),
        Map.entry("2002:c0a8:0101::1", Rule.PRIVATE));
    refused.forEach((address, rule) ->
        assertThat(SsrfGuard.classify(ip(address))).as(address).contains(rule));

    for (String address : List.of("8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "100.63.255.255",
        "169.255.0.1", "192.169.0.1", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001::200e")) {
      assertThat(SsrfGuard.classify(ip(address))).as(address).isEmpty();
    }
  }

  @Test
  void the_allow_list_lets_named_hosts_and_ranges_through_and_nothing_else() throws Exception {
    SsrfGuard guard = new SsrfGuard(true, Set.of("hooks.internal"),
        List.of(Cidr.parse("10.1.0.0/16").orElseThrow(), Cidr.parse("127.0.0.1").orElseThrow()));

    guard.check("hooks.internal", ip("192.168.1.1"));
    guard.check("other.example", ip("10.1.200.3"));
    guard.check("127.0.0.1", ip("127.0.0.1"));
    assertThatThrownBy(() -> guard.check("other.example", ip("10.2.0.1")))
        .isInstanceOf(SsrfRefusedException.class).hasMessageContaining("rule private")
        .hasMessageContaining("10.2.0.1").hasMessageContaining("other.example");
    assertThatThrownBy(() -> guard.check("127.0.0.2", ip("127.0.0.2")))
        .hasMessageContaining("rule loopback");
  }

  @Test
  void the_dns_hook_refuses_a_host_when_any_of_its_addresses_is_refused() {
    SsrfGuard guard = new SsrfGuard(true, Set.of(), List.of());
    okhttp3.Dns mixed = host -> List.of(ip("93.184.216.34"), ip("10.0.0.7"));

    assertThatThrownBy(() -> guard.dns(mixed).lookup("mixed.example"))
        .isInstanceOf(SsrfRefusedException.class)
        .hasMessageContaining("mixed.example resolves to 10.0.0.7");
  }

  @Test
  void a_disabled_guard_refuses_nothing() throws Exception {
    new SsrfGuard(false, Set.of(), List.of()).check("localhost", ip("127.0.0.1"));
  }

  @Test
  void parses_cidr_ranges_and_single_addresses() {
    Cidr v4 = Cidr.parse("172.16.0.0/12").orElseThrow();
    assertThat(v4.contains(ip("172.31.0.1"))).isTrue();
    assertThat(v4.contains(ip("172.32.0.1"))).isFalse();
    assertThat(v4.contains(ip("::1"))).isFalse();
    Cidr v6 = Cidr.parse("fd00::/8").orElseThrow();
    assertThat(v6.contains(ip("fd12::1"))).isTrue();
    assertThat(v6.contains(ip("fe12::1"))).isFalse();
    assertThat(Cidr.parse("10.0.0.0/33")).isEqualTo(Optional.empty());
    assertThat(Cidr.parse("hooks.internal")).isEmpty();
    assertThat(Cidr.parse("10.0.0.0/x")).isEmpty();
    assertThat(Cidr.parse("0.0.0.0/0").orElseThrow().contains(ip("8.8.8.8"))).isTrue();
  }
}

package org.summarybot.scheduling.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.delivery.webhook.IpLiterals.Address;
import org.summarybot.scheduling.delivery.webhook.IpLiterals.Name;
import org.summarybot.scheduling.delivery.webhook.IpLiterals.Unusable;
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

  @Test
  void reads_numeric_hosts_as_browsers_do() {
    Map<String, String> addresses = Map.ofEntries(
        Map.entry("2130706433", "127.0.0.1"), Map.entry("127.1", "127.0.0.1"), Map.entry("127.0.1", "127.0.0.1"),
        Map.entry("0x7f.1", "127.0.0.1"), Map.entry("0x7f000001", "127.0.0.1"), Map.entry("0X7F.0x0.0.1", "127.0.0.1"),
        Map.entry("0", "0.0.0.0"), Map.entry("0x", "0.0.0.0"), Map.entry("127.0.0.1.", "127.0.0.1"),
        Map.entry("167772161", "10.0.0.1"), Map.entry("169.16689662", "169.254.169.254"),
        Map.entry("8.8.8.8", "8.8.8.8"), Map.entry("0x08080808", "8.8.8.8"), Map.entry("4294967295", "255.255.255.255"),
        Map.entry("::1", "0:0:0:0:0:0:0:1"), Map.entry("::7f00:1", "0:0:0:0:0:0:7f00:1"));
    addresses.forEach((host, address) -> {
      IpLiterals.UrlHost read = IpLiterals.readUrlHost(host);
      assertThat(read).as(host).isInstanceOf(Address.class);
      assertThat(((Address) read).address().getHostAddress()).as(host).isEqualTo(address);
    });
    assertThat(((Address) IpLiterals.readUrlHost("127.0.0.1")).plainlyWritten()).isTrue();
    assertThat(((Address) IpLiterals.readUrlHost("127.1")).plainlyWritten()).isFalse();

    for (String name : List.of("example.com", "hooks.internal", "1e1", "123abc", "0x1.example", "127.0.0.1.nip.io",
        "localhost", "0xg")) {
      assertThat(IpLiterals.readUrlHost(name)).as(name).isEqualTo(new Name(name));
    }
    Map<String, String> unusable = Map.of(
        "0177.0.0.1", "ambiguous", "127.000.000.001", "ambiguous", "017700000001", "ambiguous", "08", "ambiguous",
        "256.0.0.1", "not an IPv4 address", "1.2.3.4.5", "more than four parts", "4294967296", "not an IPv4 address",
        "1.2.65536", "not an IPv4 address", "example.123", "not an IPv4 address", "1..1", "not an IPv4 address");
    unusable.forEach((host, why) -> {
      IpLiterals.UrlHost read = IpLiterals.readUrlHost(host);
      assertThat(read).as(host).isInstanceOf(Unusable.class);
      assertThat(((Unusable) read).why()).as(host).contains(host).contains(why);
    });
  }

  @Test
  void refuses_an_address_however_it_is_spelled_and_names_the_spelling() {
    SsrfGuard guard = new SsrfGuard(true, Set.of("2130706433"), List.of());

    assertThatThrownBy(() -> guard.check((Address) IpLiterals.readUrlHost("2130706433")))
        .isInstanceOf(SsrfRefusedException.class)
        .hasMessage("refused by the SSRF guard (rule loopback): host 2130706433 is the address 127.0.0.1, a loopback"
            + " address; add the address or its range to the webhook allow-list if this is intended");
    assertThatThrownBy(() -> guard.check("127.0.0.1", ip("127.0.0.1")))
        .hasMessageContaining("host 127.0.0.1 is a loopback address");
  }

  @Test
  void the_guarded_socket_judges_its_peer_before_connecting() throws Exception {
    SsrfGuard guard = new SsrfGuard(true, Set.of("hooks.internal"), List.of());
    try (RawServer listener = RawServer.onLoopback(RawServer.HANG_UP)) {
      InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
      for (InetSocketAddress target : List.of(new InetSocketAddress(loopback, listener.port()),
          new InetSocketAddress(InetAddress.getByAddress("other.example", loopback.getAddress()), listener.port()))) {
        try (Socket s = guard.socketFactory().createSocket()) {
          assertThatThrownBy(() -> s.connect(target, 1_000)).as(target.toString())
              .isInstanceOf(SsrfRefusedException.class).hasMessageContaining("rule loopback");
        }
        assertThatThrownBy(() -> guard.socketFactory().createSocket(target.getAddress(), target.getPort()))
            .isInstanceOf(SsrfRefusedException.class);
      }
      try (Socket s = guard.socketFactory().createSocket()) {
        assertThatThrownBy(() -> s.connect(InetSocketAddress.createUnresolved("hooks.internal", listener.port())))
            .isInstanceOf(SsrfRefusedException.class).hasMessageContaining("unresolved");
      }
      assertThat(listener.acceptedSoFar()).isZero();

      // The host allow-list holds for the name an address was resolved for.
      try (Socket s = guard.socketFactory().createSocket()) {
        s.connect(new InetSocketAddress(InetAddress.getByAddress("hooks.internal", loopback.getAddress()),
            listener.port()), 1_000);
      }
      assertThat(listener.acceptedSoFar()).isEqualTo(1);
    }
  }

  @Test
  void the_dns_hook_reads_numeric_hosts_itself_and_names_resolved_addresses_for_their_host() throws Exception {
    SsrfGuard guard = new SsrfGuard(true, Set.of("hooks.internal"), List.of());
    okhttp3.Dns answersLoopbackWithoutNames = host -> List.of(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));

    assertThatThrownBy(() -> guard.dns(answersLoopbackWithoutNames).lookup("0x7f.1"))
        .isInstanceOf(SsrfRefusedException.class).hasMessageContaining("host 0x7f.1 is the address 127.0.0.1");
    List<InetAddress> allowed = guard.dns(answersLoopbackWithoutNames).lookup("hooks.internal");
    assertThat(new InetSocketAddress(allowed.get(0), 443).getHostString()).isEqualTo("hooks.internal");
  }
}

package org.summarybot.scheduling.delivery.webhook;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import okhttp3.Connection;
import okhttp3.Dns;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Refuses webhook targets inside the operator's own network. It judges addresses, not names: every address a
 * host name resolves to passes through {@link #dns(Dns)} (the addresses OkHttp then connects to, so a DNS answer
 * cannot change between the check and the connect), an IP literal in a URL is judged before any connection,
 * and {@link #connectedAddressCheck()} judges the peer of every connection once more before a byte is sent.
 *
 * <p>An operator allow-list lets chosen hosts (by exact name) or ranges (by CIDR) through.
 */
final class SsrfGuard {

  /** Why an address is refused. */
  enum Rule {
    LOOPBACK("a loopback address"),
    PRIVATE("a private address (10/8, 172.16/12, 192.168/16, fec0::/10)"),
    LINK_LOCAL("a link-local address (169.254/16, fe80::/10)"),
    CGNAT("a carrier-grade NAT address (100.64/10)"),
    UNIQUE_LOCAL("a unique-local address (fc00::/7)"),
    MULTICAST("a multicast address"),
    UNSPECIFIED("an unspecified address (0.0.0.0/8, ::)"),
    RESERVED("a reserved address (240/4, broadcast)");

    final String description;

    Rule(String description) {
      this.description = description;
    }

    String ruleName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final boolean enabled;
  private final Set<String> allowedHosts;
  private final List<Cidr> allowedRanges;

  SsrfGuard(boolean enabled, Set<String> allowedHosts, List<Cidr> allowedRanges) {
    this.enabled = enabled;
    this.allowedHosts = Set.copyOf(allowedHosts);
    this.allowedRanges = List.copyOf(allowedRanges);
  }

  boolean enabled() {
    return enabled;
  }

  /** The rule that refuses {@code address}, judged without the allow-list; empty for a public address. */
  static Optional<Rule> classify(InetAddress address) {
    byte[] b = address.getAddress();
    return b.length == 4 ? classifyV4(b, 0) : classifyV6(b);
  }

  private static Optional<Rule> classifyV4(byte[] b, int at) {
    int b0 = b[at] & 0xFF;
    int b1 = b[at + 1] & 0xFF;
    if (b0 == 0) {
      return Optional.of(Rule.UNSPECIFIED);
    }
    if (b0 == 127) {
      return Optional.of(Rule.LOOPBACK);
    }
    if (b0 == 10 || (b0 == 172 && (b1 & 0xF0) == 16) || (b0 == 192 && b1 == 168)) {
      return Optional.of(Rule.PRIVATE);
    }
    if (b0 == 169 && b1 == 254) {
      return Optional.of(Rule.LINK_LOCAL);
    }
    if (b0 == 100 && (b1 & 0xC0) == 64) {
      return Optional.of(Rule.CGNAT);
    }
    if (b0 >= 224 && b0 <= 239) {
      return Optional.of(Rule.MULTICAST);
    }
    if (b0 >= 240) {
      return Optional.of(Rule.RESERVED);
    }
    return Optional.empty();
  }

  private static Optional<Rule> classifyV6(byte[] b) {
    boolean first10Zero = true;
    for (int i = 0; i < 10; i++) {
      first10Zero &= b[i] == 0;
    }
    if (first10Zero && b[10] == 0 && b[11] == 0) {
      boolean restZero = b[12] == 0 && b[13] == 0 && b[14] == 0;
      if (restZero && b[15] == 0) {
        return Optional.of(Rule.UNSPECIFIED);
      }
      if (restZero && b[15] == 1) {
        return Optional.of(Rule.LOOPBACK);
      }
      return classifyV4(b, 12); // IPv4-compatible ::a.b.c.d
    }
    if (first10Zero && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
      return classifyV4(b, 12); // IPv4-mapped ::ffff:a.b.c.d
    }
    if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B) {
      return classifyV4(b, 12); // NAT64 64:ff9b::/96
    }
    if (b[0] == 0x20 && b[1] == 0x02) {
      return classifyV4(b, 2); // 6to4 2002::/16
    }
    int b0 = b[0] & 0xFF;
    int b1 = b[1] & 0xFF;
    if (b0 == 0xFE && (b1 & 0xC0) == 0x80) {
      return Optional.of(Rule.LINK_LOCAL);
    }
    if (b0 == 0xFE && (b1 & 0xC0) == 0xC0) {
      return Optional.of(Rule.PRIVATE);
    }
    if ((b0 & 0xFE) == 0xFC) {
      return Optional.of(Rule.UNIQUE_LOCAL);
    }
    if (b0 == 0xFF) {
      return Optional.of(Rule.MULTICAST);
    }
    return Optional.empty();
  }

  /** Throws when the guard refuses connecting to {@code address} for {@code host}. */
  void check(String host, InetAddress address) throws SsrfRefusedException {
    if (!enabled || isAllowedHost(host)) {
      return;
    }
    for (Cidr range : allowedRanges) {
      if (range.contains(address)) {
        return;
      }
    }
    Optional<Rule> rule = classify(address);
    if (rule.isPresent()) {
      throw new SsrfRefusedException("refused by the SSRF guard (rule " + rule.get().ruleName() + "): host " + host
          + " resolves to " + address.getHostAddress() + ", " + rule.get().description
          + "; add the host or its range to the webhook allow-list if this is intended");
    }
  }

  /** Judges a URL host that is an IP literal, before any connection; host names are judged by {@link #dns}. */
  void checkLiteral(String host) throws SsrfRefusedException {
    Optional<InetAddress> literal = IpLiterals.parse(host);
    if (literal.isPresent()) {
      check(host, literal.get());
    }
  }

  private boolean isAllowedHost(String host) {
    return allowedHosts.contains(host.toLowerCase(Locale.ROOT));
  }

  /** {@code delegate}, with every address it returns judged; one refused address refuses the host. */
  Dns dns(Dns delegate) {
    requireNonNull(delegate, "delegate");
    return new Dns() {
      @Override
      public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        List<InetAddress> addresses = delegate.lookup(hostname);
        for (InetAddress a : addresses) {
          check(hostname, a);
        }
        return addresses;
      }
    };
  }

  /** A network interceptor judging the peer address of the connection a request is about to be sent on. */
  Interceptor connectedAddressCheck() {
    return chain -> {
      Connection connection = chain.connection();
      if (connection != null) {
        Socket socket = connection.socket();
        InetAddress peer = socket.getInetAddress();
        if (peer != null) {
          check(chain.request().url().host(), peer);
        }
      }
      return proceed(chain);
    };
  }

  private static Response proceed(Interceptor.Chain chain) throws IOException {
    return chain.proceed(chain.request());
  }
}

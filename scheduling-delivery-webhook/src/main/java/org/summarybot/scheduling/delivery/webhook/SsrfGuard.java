package org.summarybot.scheduling.delivery.webhook;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.SocketFactory;
import okhttp3.Dns;

/**
 * Refuses webhook targets inside the operator's own network. It judges addresses, not names, and always before
 * connecting: a URL host that is an address in any spelling ({@link IpLiterals#readUrlHost}) is judged when the
 * target is prepared; every address a host name resolves to passes through {@link #dns(Dns)} (the addresses
 * OkHttp then connects to, so a DNS answer cannot change between the check and the connect); and the sockets of
 * {@link #socketFactory()} judge the very address each connection is about to be opened to, on every route.
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

  /**
   * Throws when the guard refuses connecting to {@code address} for {@code host}: a host name that resolved to
   * it (the host allow-list and the ranges apply), or the address itself written as a literal (the ranges
   * apply).
   */
  void check(String host, InetAddress address) throws SsrfRefusedException {
    if (IpLiterals.parse(host).isPresent()) {
      check(new IpLiterals.Address(host, address));
      return;
    }
    if (!enabled || isAllowedHost(host)) {
      return;
    }
    judge(address, "host " + host + " resolves to " + address.getHostAddress() + ", ", "the host or its range");
  }

  /**
   * Throws when the guard refuses the address a URL host is, however it is spelled ({@code 2130706433},
   * {@code 127.1}, {@code [::1]}); only the allow-listed ranges let it through.
   */
  void check(IpLiterals.Address host) throws SsrfRefusedException {
    if (!enabled) {
      return;
    }
    String what = host.plainlyWritten() ? "host " + host.spelled() + " is "
        : "host " + host.spelled() + " is the address " + host.address().getHostAddress() + ", ";
    judge(host.address(), what, "the address or its range");
  }

  private void judge(InetAddress address, String what, String allowWhat) throws SsrfRefusedException {
    for (Cidr range : allowedRanges) {
      if (range.contains(address)) {
        return;
      }
    }
    Optional<Rule> rule = classify(address);
    if (rule.isPresent()) {
      throw new SsrfRefusedException("refused by the SSRF guard (rule " + rule.get().ruleName() + "): " + what
          + rule.get().description + "; add " + allowWhat + " to the webhook allow-list if this is intended");
    }
  }

  private boolean isAllowedHost(String host) {
    return allowedHosts.contains(host.toLowerCase(Locale.ROOT));
  }

  /**
   * {@code delegate}, with every address it returns judged; one refused address refuses the host. A numeric
   * host is read as {@link IpLiterals#readUrlHost} reads it, never handed to the resolver. The addresses returned
   * carry the host name, so that the {@link #socketFactory() sockets} judge them for that host once more.
   */
  Dns dns(Dns delegate) {
    requireNonNull(delegate, "delegate");
    return new Dns() {
      @Override
      public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        IpLiterals.UrlHost read = IpLiterals.readUrlHost(hostname.toLowerCase(Locale.ROOT));
        if (read instanceof IpLiterals.Address a) {
          check(a);
          return List.of(InetAddress.getByAddress(a.address().getAddress()));
        }
        if (read instanceof IpLiterals.Unusable u) {
          throw new UnknownHostException("refused " + u.why());
        }
        List<InetAddress> named = new ArrayList<>();
        for (InetAddress a : delegate.lookup(hostname)) {
          check(hostname, a);
          named.add(a instanceof Inet6Address v6 && v6.getScopeId() != 0
              ? Inet6Address.getByAddress(hostname, v6.getAddress(), v6.getScopeId())
              : InetAddress.getByAddress(hostname, a.getAddress()));
        }
        return named;
      }
    };
  }

  /**
   * A socket factory whose sockets judge the address they are told to connect to before connecting: every
   * route and every address OkHttp tries, IP literals it never asks {@link Dns} about included. An address that
   * is not resolved, or not an internet address, is refused too: nothing connects unjudged.
   */
  SocketFactory socketFactory() {
    return new SocketFactory() {
      @Override
      public Socket createSocket() {
        return new GuardedSocket();
      }

      @Override
      public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
      }

      @Override
      public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
      }

      @Override
      public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
      }

      @Override
      public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
          throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
      }

      private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket s = new GuardedSocket();
        try {
          if (local != null) {
            s.bind(local);
          }
          s.connect(remote);
          return s;
        } catch (IOException e) {
          s.close();
          throw e;
        }
      }
    };
  }

  /** A plain socket that has the guard judge its peer before it connects. */
  private final class GuardedSocket extends Socket {
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (!(endpoint instanceof InetSocketAddress a) || a.isUnresolved()) {
        throw new SsrfRefusedException("refused by the SSRF guard: cannot judge the unresolved address " + endpoint);
      }
      // The host string is the name the address was resolved for, or the address itself: never a reverse lookup.
      check(a.getHostString(), a.getAddress());
      super.connect(endpoint, timeout);
    }
  }
}

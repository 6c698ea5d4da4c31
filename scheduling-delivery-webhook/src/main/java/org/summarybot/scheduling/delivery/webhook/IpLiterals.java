package org.summarybot.scheduling.delivery.webhook;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses IP address literals without ever asking DNS, and reads URL hosts as browsers do.
 *
 * <p>A URL host such as {@code 2130706433}, {@code 127.1} or {@code 0x7f.1} is an address to browsers and curl
 * (the WHATWG URL standard reads IPv4 in decimal, octal and hex, with one to four parts), to Java only in part,
 * and not at all to {@link #parse}. {@link #readUrlHost} gives the one reading the SSRF guard judges and the
 * connection then uses, so the two never disagree.
 */
final class IpLiterals {
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  private static final Pattern HEX = Pattern.compile("0[xX][0-9A-Fa-f]*");
  private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(32);

  private IpLiterals() {}

  /** The address written in {@code text} (dotted IPv4, or IPv6 with or without brackets); empty for a host name. */
  static Optional<InetAddress> parse(String text) {
    String t = text.strip();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    boolean literal = IPV4.matcher(t).matches() || (t.indexOf(':') >= 0 && IPV6.matcher(t).matches());
    if (!literal) {
      return Optional.empty();
    }
    try {
      // A literal: InetAddress parses it and does not resolve anything.
      return Optional.of(InetAddress.getByName(t));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** What a URL host is: a name to resolve, an address however it is spelled, or a numeric host not to use. */
  sealed interface UrlHost {}

  /** A host name: only resolving it says which addresses it has. */
  record Name(String name) implements UrlHost {}

  /** An address, written as {@code spelled} in the URL ({@code 2130706433}, {@code 127.1}, {@code ::1}, ...). */
  record Address(String spelled, InetAddress address) implements UrlHost {
    /** Whether the URL writes the address as a plain literal ({@code 127.0.0.1}, {@code ::1}), not otherwise. */
    boolean plainlyWritten() {
      return parse(spelled).isPresent();
    }
  }

  /** A numeric host that is no address, or one that readers disagree on; {@code why} says which. */
  record Unusable(String why) implements UrlHost {}

  /**
   * Reads a URL host (as {@link okhttp3.HttpUrl#host()} gives it: lower case, percent-decoded, IPv6 without
   * brackets) as the WHATWG URL standard does: a host whose last label is a number (decimal, or hex after
   * {@code 0x}) is an IPv4 address in one to four parts, each decimal, hex ({@code 0x7f}) or octal (a leading
   * zero); an IPv6 literal is an address; anything else is a name.
   *
   * <p>A part with a leading zero is {@link Unusable}: browsers and curl read it as octal, Java as decimal
   * ({@code 0177.0.0.1} is 127.0.0.1 to one and 177.0.0.1 to the other), so no reading of it is safe. So is a
   * number that is no IPv4 address ({@code 256.1.1.1}, {@code 1.2.3.4.5}, {@code 4294967296}), which Java would
   * otherwise hand to the system resolver.
   */
  static UrlHost readUrlHost(String host) {
    if (host.indexOf(':') >= 0) {
      Optional<InetAddress> v6 = parse(host);
      return v6.<UrlHost>map(a -> new Address(host, a))
          .orElseGet(() -> new Unusable("the host " + host + ", which is not an IPv6 address"));
    }
    List<String> parts = new ArrayList<>(List.of(host.split("\\.", -1)));
    if (parts.size() > 1 && parts.get(parts.size() - 1).isEmpty()) {
      parts.remove(parts.size() - 1); // one trailing dot, as in a fully qualified name
    }
    String last = parts.get(parts.size() - 1);
    if (!DIGITS.matcher(last).matches() && !HEX.matcher(last).matches()) {
      return new Name(host);
    }
    if (parts.size() > 4) {
      return new Unusable("the numeric host " + host + ", which is not an IPv4 address (more than four parts)");
    }
    for (String part : parts) {
      if (part.length() > 1 && part.charAt(0) == '0' && part.charAt(1) != 'x' && part.charAt(1) != 'X') {
        return new Unusable("the ambiguous numeric host " + host + ": browsers and curl read a part with a leading"
            + " zero as octal, Java as decimal; write the address in dotted decimal without leading zeros");
      }
    }
    long value = 0;
    for (int i = 0; i < parts.size(); i++) {
      Optional<BigInteger> n = number(parts.get(i));
      boolean lastPart = i == parts.size() - 1;
      // Every part but the last is one byte; the last fills the bytes that remain (127.1 is 127.0.0.1).
      BigInteger max = lastPart ? LIMIT.shiftRight(8 * i) : BigInteger.valueOf(256);
      if (n.isEmpty() || n.get().compareTo(max) >= 0) {
        return new Unusable("the numeric host " + host + ", which is not an IPv4 address");
      }
      value = lastPart ? value | n.get().longValue() : value | (n.get().longValue() << (8 * (3 - i)));
    }
    byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    try {
      return new Address(host, InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      throw new AssertionError("four bytes are always an IPv4 address", e);
    }
  }

  /** One part of a numeric IPv4 host, decimal or hex ({@code 0x}, possibly with no digits: zero). */
  private static Optional<BigInteger> number(String part) {
    if (HEX.matcher(part).matches()) {
      return Optional.of(part.length() == 2 ? BigInteger.ZERO : new BigInteger(part.substring(2), 16));
    }
    return DIGITS.matcher(part).matches() ? Optional.of(new BigInteger(part)) : Optional.empty();
  }
}

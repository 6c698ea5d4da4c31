package org.summarybot.scheduling.delivery.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses IP address literals without ever asking DNS. */
final class IpLiterals {
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

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
}

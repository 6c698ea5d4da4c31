package org.summarybot.scheduling.delivery.webhook;

import java.net.UnknownHostException;

/**
 * The SSRF guard refused an address. An {@link UnknownHostException} so that it can leave OkHttp's {@code Dns}
 * hook (and, as an {@code IOException}, a socket's {@code connect}); its message names the host, the address
 * and the rule, never a URL path or a secret, and never depends on whether anything listens there.
 */
final class SsrfRefusedException extends UnknownHostException {
  private static final long serialVersionUID = 1L;

  SsrfRefusedException(String message) {
    super(message);
  }
}

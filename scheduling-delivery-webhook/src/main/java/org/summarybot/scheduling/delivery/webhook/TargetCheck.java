package org.summarybot.scheduling.delivery.webhook;

import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Judges a webhook URL before it is stored, as delivery will judge it: the scheme (https, or http when allowed)
 * and, through the SSRF guard, every address its host is or resolves to. Nothing is sent; a host name is
 * resolved. Used where people outside the operator's shell give webhook URLs (Discord's {@code /schedule}).
 */
final class TargetCheck implements Function<URI, Optional<String>> {
  private final WebhookSettings settings;

  TargetCheck(WebhookSettings settings) {
    this.settings = settings;
  }

  @Override
  public Optional<String> apply(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(scheme.equals("http") && settings.allowHttp())) {
      return Optional.of("'" + scheme + "' URLs are not allowed; use https://");
    }
    String host = url.getHost();
    if (host == null || host.isEmpty()) {
      return Optional.of("the URL has no host");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      settings.guard().dns(settings.dns()).lookup(host);
      return Optional.empty();
    } catch (SsrfRefusedException refused) {
      return Optional.of(refused.getMessage());
    } catch (UnknownHostException unknown) {
      return Optional.of("host " + host + " does not resolve (" + unknown.getMessage() + ")");
    }
  }
}

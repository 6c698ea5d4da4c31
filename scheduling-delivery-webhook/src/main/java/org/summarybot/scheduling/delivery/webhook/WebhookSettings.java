package org.summarybot.scheduling.delivery.webhook;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import okhttp3.Dns;
import org.summarybot.scheduling.port.Clock;

/** The settings of a built channel or notifier, checked by {@link WebhookDelivery.Builder}. */
record WebhookSettings(
    Clock clock,
    Function<String, Optional<String>> secrets,
    SsrfGuard guard,
    boolean allowHttp,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxResponseBytes,
    Set<String> discordHosts,
    Dns dns,
    String userAgent) {

  WebhookSettings {
    requireNonNull(clock, "clock");
    requireNonNull(secrets, "secrets");
    requireNonNull(guard, "guard");
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(requestTimeout, "requestTimeout");
    discordHosts = Set.copyOf(discordHosts);
    requireNonNull(dns, "dns");
    requireNonNull(userAgent, "userAgent");
  }
}

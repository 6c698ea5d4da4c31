package org.summarybot.scheduling.delivery.webhook;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import okhttp3.Dns;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.Problems;
import org.summarybot.scheduling.model.SetOnce;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.Notifier;

/**
 * The entry point of webhook delivery: builds the {@link DeliveryChannel} for {@code WEBHOOK} destinations and
 * the webhook {@link Notifier}.
 *
 * <p>What it promises: JSON events in a versioned envelope ({@code summary.created}, {@code task.failed},
 * {@code task.disabled}, {@code destination.disabled}), Discord's own message shape for Discord webhook URLs,
 * {@code webhook-id} and {@code webhook-timestamp} headers on every request and a Standard Webhooks
 * {@code webhook-signature} when the destination names a secret; redirects never followed; at most
 * {@code maxResponseBytes} of a response read; a request that finds its pooled connection closed by the
 * receiver sent again at once on a new one; an SSRF guard, on by default, that refuses loopback, private,
 * link-local, CGNAT, unique-local, multicast, unspecified and reserved addresses, however the URL spells them,
 * judging every address before a connection to it is opened; and no URL token or secret in any log line,
 * outcome or exception. The module README has the details.
 *
 * <pre>{@code
 * DeliveryChannel webhooks = WebhookDelivery.builder().clock(clock).build();
 * Notifier alerts = WebhookDelivery.builder().clock(clock).buildNotifier(Destination.webhook(url, secretRef));
 * }</pre>
 */
public final class WebhookDelivery {
  /** The default connect timeout: 5 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** The default whole-request timeout (resolve, connect, send, wait, read): 15 s. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
  /** The default cap on the bytes of a response body read: 64 KiB. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

  private static final int MAX_RESPONSE_BYTES_LIMIT = 16 * 1024 * 1024;
  private static final String USER_AGENT = "summary-scheduler-webhook/1";

  private WebhookDelivery() {}

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Settings of webhook delivery; every one has a safe default. A setting given twice, or a value out of range,
   * fails at {@link #build()} with a message naming the setting. Not thread-safe; build once, share the result.
   */
  public static final class Builder {
    private final SetOnce given = new SetOnce();
    private Clock clock = Clock.system();
    private Function<String, Optional<String>> secrets = name -> Optional.ofNullable(System.getenv(name));
    private boolean ssrfGuard = true;
    private List<String> allowList = List.of();
    private boolean allowHttp;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private Dns dns = Dns.SYSTEM;
    private final Set<String> extraDiscordHosts = new LinkedHashSet<>();

    private Builder() {}

    private void given(String setting) {
      given.given(setting);
    }

    /** The clock of {@code webhook-timestamp}, event timestamps and HTTP-date {@code Retry-After}s. */
    public Builder clock(Clock clock) {
      given("clock");
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Resolves a destination's {@code secretRef} (an environment variable name) to its secret, at delivery time;
     * default {@code System::getenv}.
     */
    public Builder secrets(Function<String, Optional<String>> secrets) {
      given("secrets");
      this.secrets = requireNonNull(secrets, "secrets");
      return this;
    }

    /** Turns the SSRF guard on (the default) or off. Off is for fully trusted deployments only. */
    public Builder ssrfGuard(boolean enabled) {
      given("ssrfGuard");
      this.ssrfGuard = enabled;
      return this;
    }

    /**
     * Hosts (exact names such as {@code hooks.internal}) and ranges ({@code 10.1.0.0/16}, {@code fd00::/8}, or one
     * address) the SSRF guard lets through.
     */
    public Builder allowList(List<String> hostsOrCidrs) {
      given("allowList");
      this.allowList = List.copyOf(hostsOrCidrs);
      return this;
    }

    /** Whether plain {@code http://} targets are allowed; default false (https only). */
    public Builder allowHttp(boolean allow) {
      given("allowHttp");
      this.allowHttp = allow;
      return this;
    }

    /** How long connecting may take; default 5 s. */
    public Builder connectTimeout(Duration timeout) {
      given("connectTimeout");
      this.connectTimeout = requireNonNull(timeout, "connectTimeout");
      return this;
    }

    /** How long a whole request may take, from resolving the host to reading the response; default 15 s. */
    public Builder requestTimeout(Duration timeout) {
      given("requestTimeout");
      this.requestTimeout = requireNonNull(timeout, "requestTimeout");
      return this;
    }

    /** The most bytes of a response body read (for error details); the rest is never read. Default 64 KiB. */
    public Builder maxResponseBytes(int max) {
      given("maxResponseBytes");
      this.maxResponseBytes = max;
      return this;
    }

    /** For tests: the resolver the SSRF guard wraps (default the system's). */
    Builder dns(Dns dns) {
      given("dns");
      this.dns = requireNonNull(dns, "dns");
      return this;
    }

    /** For tests: one more host whose {@code /api/webhooks/{id}/{token}} URLs get Discord's body shape. */
    Builder discordHost(String host) {
      extraDiscordHosts.add(host.toLowerCase(Locale.ROOT));
      return this;
    }

    /** The delivery channel for {@code WEBHOOK} destinations. */
    public DeliveryChannel build() {
      WebhookSettings s = settings();
      return new HttpWebhookChannel(s, new WebhookSender(s));
    }

    /**
     * A notifier posting {@code task.failed}, {@code task.disabled} and {@code destination.disabled} events to
     * {@code destination} (a {@code WEBHOOK} destination; its {@code secretRef}, if any, signs them).
     */
    public Notifier buildNotifier(Destination destination) {
      requireNonNull(destination, "destination");
      if (destination.type() != DestinationType.WEBHOOK) {
        throw new ValidationException("notifier.destination", destination.describe() + " is not a webhook");
      }
      WebhookSettings s = settings();
      return new HttpWebhookNotifier(s, new WebhookSender(s), destination);
    }

    /**
     * Judges a webhook URL before it is stored, as delivery would: the scheme (https; http when
     * {@link #allowHttp}) and, through the SSRF guard with this builder's allow-list, every address the host is
     * or resolves to. Returns why the URL is refused, or empty. Sends nothing; resolves the host name.
     */
    public Function<URI, Optional<String>> buildTargetCheck() {
      return new TargetCheck(settings());
    }

    /** The checked settings (package-private: for tests of the sender itself). */
    WebhookSettings settings() {
      List<String> twice = given.givenTwice();
      if (!twice.isEmpty()) {
        throw new IllegalStateException("webhook delivery setting given twice: " + String.join(", ", twice));
      }
      Problems p = new Problems();
      p.check(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout", "must be positive");
      p.check(!requestTimeout.isNegative() && !requestTimeout.isZero(), "requestTimeout", "must be positive");
      p.check(maxResponseBytes >= 0 && maxResponseBytes <= MAX_RESPONSE_BYTES_LIMIT, "maxResponseBytes",
          maxResponseBytes + " is outside 0-" + MAX_RESPONSE_BYTES_LIMIT);
      p.check(ssrfGuard || allowList.isEmpty(), "allowList", "has no effect with the SSRF guard off");
      Set<String> hosts = new HashSet<>();
      List<Cidr> ranges = new ArrayList<>();
      for (int i = 0; i < allowList.size(); i++) {
        String entry = allowList.get(i) == null ? "" : allowList.get(i).strip().toLowerCase(Locale.ROOT);
        Optional<Cidr> range = Cidr.parse(entry);
        IpLiterals.UrlHost read = range.isPresent() ? null : IpLiterals.readUrlHost(entry);
        if (range.isPresent()) {
          ranges.add(range.get());
        } else if (read instanceof IpLiterals.Address a) {
          p.add("allowList[" + i + "]", "'" + entry + "' is the address " + a.address().getHostAddress()
              + "; write it in that form (or as a range)");
        } else if (read instanceof IpLiterals.Unusable u) {
          p.add("allowList[" + i + "]", "'" + entry + "' is " + u.why());
        } else if (entry.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")) {
          hosts.add(entry);
        } else {
          p.add("allowList[" + i + "]", "'" + entry + "' is neither a host name nor an address range (CIDR)");
        }
      }
      p.throwIfAny();
      Set<String> discordHosts = new HashSet<>(DiscordWebhooks.HOSTS);
      discordHosts.addAll(extraDiscordHosts);
      return new WebhookSettings(clock, secrets, new SsrfGuard(ssrfGuard, hosts, ranges), allowHttp, connectTimeout,
          requestTimeout, maxResponseBytes, discordHosts, dns, USER_AGENT);
    }
  }
}

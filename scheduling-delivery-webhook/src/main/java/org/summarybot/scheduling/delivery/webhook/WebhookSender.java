package org.summarybot.scheduling.delivery.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.port.DeliveryOutcome;

/**
 * Posts one body to one webhook target and turns what happens into a {@link DeliveryOutcome}. Shared by the
 * channel and the notifier. Thread-safe: one OkHttp client, no mutable state.
 *
 * <p>Nothing it logs or returns holds a URL path, a query, a Discord token or a secret: targets are named by
 * {@link Destination#describe()}, and every text that could echo one passes through a {@link Redaction}.
 */
final class WebhookSender {
  static final System.Logger LOG = System.getLogger(WebhookSender.class.getName());

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final int SNIPPET_MAX = 200;

  private final WebhookSettings settings;
  private final OkHttpClient client;

  WebhookSender(WebhookSettings settings) {
    this.settings = settings;
    OkHttpClient.Builder b = new OkHttpClient.Builder()
        .connectTimeout(settings.connectTimeout())
        .callTimeout(settings.requestTimeout())
        .readTimeout(settings.requestTimeout())
        .writeTimeout(settings.requestTimeout())
        .followRedirects(false)
        .followSslRedirects(false)
        // OkHttp's own retry would also repeat a request after a 408; only a closed pooled connection is retried.
        .retryOnConnectionFailure(false)
        .addInterceptor(new StaleConnectionRetry())
        .proxy(Proxy.NO_PROXY); // a proxy would resolve the host itself, out of the guard's sight
    if (settings.guard().enabled()) {
      b.dns(settings.guard().dns(settings.dns())).socketFactory(settings.guard().socketFactory());
    } else {
      b.dns(settings.dns());
    }
    this.client = b.build();
  }

  /** The HTTP client every request of this sender goes through (for tests of what it connects to). */
  OkHttpClient client() {
    return client;
  }

  /** A target prepared for sending, or the reason it cannot be sent to. */
  static final class Target {
    final Destination destination;
    final HttpUrl url;
    final boolean discord;
    final Optional<StandardWebhookSigner> signer;
    final Redaction redaction;
    final String name;

    private Target(Destination destination, HttpUrl url, boolean discord, Optional<StandardWebhookSigner> signer,
        Redaction redaction) {
      this.destination = destination;
      this.url = url;
      this.discord = discord;
      this.signer = signer;
      this.redaction = redaction;
      this.name = destination.describe();
    }
  }

  /** A parsed target, or the permanent failure explaining why it cannot be one. */
  record Prepared(Optional<Target> target, Optional<DeliveryOutcome> failure) {}

  /**
   * Checks {@code d} (type, URL, scheme, the address a numeric host is, secret) before anything is sent. A host
   * that is an address however spelled ({@code 2130706433}, {@code 0x7f.1}) is judged here and sent to in its
   * plain form; an ambiguous or impossible numeric host is refused.
   */
  Prepared prepare(Destination d) {
    Redaction redaction = urlRedaction(d.target());
    if (d.type() != DestinationType.WEBHOOK) {
      return refused(d.describe() + " is not a webhook destination");
    }
    HttpUrl url = HttpUrl.parse(d.target());
    if (url == null) {
      return refused(d.describe() + " is not a valid http(s) URL");
    }
    if (!url.isHttps() && !settings.allowHttp()) {
      return refused("plain http:// is refused for " + d.describe() + " (allowHttp is off; use https)");
    }
    IpLiterals.UrlHost host = IpLiterals.readUrlHost(url.host());
    if (host instanceof IpLiterals.Unusable u) {
      return refused(d.describe() + " has " + u.why());
    }
    if (host instanceof IpLiterals.Address a) {
      try {
        settings.guard().check(a);
      } catch (SsrfRefusedException e) {
        return refused(e.getMessage());
      }
      if (!a.plainlyWritten()) {
        // The connection goes to the address judged here, not to whatever another reader makes of the spelling.
        url = url.newBuilder().host(a.address().getHostAddress()).build();
      }
    }
    boolean discord = DiscordWebhooks.isDiscordWebhook(url, settings.discordHosts());
    if (discord) {
      redaction = redaction.with(List.of(DiscordWebhooks.token(url)));
    }
    Optional<StandardWebhookSigner> signer = Optional.empty();
    if (d.secretRef().isPresent()) {
      String ref = d.secretRef().get();
      Optional<String> secret = settings.secrets().apply(ref);
      if (secret.isEmpty() || secret.get().isBlank()) {
        return refused("the signing secret variable " + ref + " of " + d.describe() + " is not set");
      }
      signer = StandardWebhookSigner.of(secret.get());
      if (signer.isEmpty()) {
        return refused("the signing secret in variable " + ref + " of " + d.describe()
            + " is not in the whsec_<base64> form");
      }
      List<String> secretParts = new ArrayList<>(List.of(secret.get().strip().split("\\s+")));
      for (String part : List.copyOf(secretParts)) {
        if (part.startsWith("whsec_")) {
          secretParts.add(part.substring("whsec_".length()));
        }
      }
      redaction = redaction.with(secretParts);
    }
    return new Prepared(Optional.of(new Target(d, url, discord, signer, redaction)), Optional.empty());
  }

  private static Prepared refused(String reason) {
    return new Prepared(Optional.empty(), Optional.of(DeliveryOutcome.failed(reason)));
  }

  /**
   * Sends {@code body} as message {@code webhookId}, stamped {@code now} (the instant the body's own timestamp
   * holds, so header and body agree); never throws for a network or HTTP failure.
   */
  DeliveryOutcome post(Target t, String webhookId, byte[] body, Instant now) {
    long timestamp = now.getEpochSecond();
    Request.Builder rb = new Request.Builder()
        .url(t.url)
        .header("User-Agent", settings.userAgent())
        .header("webhook-id", webhookId)
        .header("webhook-timestamp", Long.toString(timestamp))
        .post(RequestBody.create(body, JSON));
    t.signer.ifPresent(s -> rb.header("webhook-signature", s.sign(webhookId, timestamp, body)));
    Call call = client.newCall(rb.build());
    DeliveryOutcome outcome;
    try (Response response = call.execute()) {
      outcome = classify(t, call, response);
    } catch (IOException e) {
      outcome = failure(t, e);
    }
    log(t, webhookId, outcome);
    return outcome;
  }

  private DeliveryOutcome classify(WebhookSender.Target t, Call call, Response response) throws IOException {
    int code = response.code();
    byte[] head = readAtMost(call, response.body().byteStream(), settings.maxResponseBytes());
    String status = "HTTP " + code;
    if (code >= 200 && code < 300) {
      return DeliveryOutcome.delivered(status);
    }
    String detail = snippet(t, head);
    if (code >= 300 && code < 400) {
      String location = response.header("Location");
      HttpUrl resolved = location == null ? null : t.url.resolve(location);
      return DeliveryOutcome.failed(status + " redirect" + (resolved == null ? "" : " to "
          + Destination.redactUrl(resolved.toString()))
          + " not followed (webhook redirects are never followed; update the URL)");
    }
    if (code == 408 || code == 425 || code == 429 || (code >= 500 && code < 600)) {
      return DeliveryOutcome.retryLater(status + detail,
          RetryAfter.parse(response.header("Retry-After"), settings.clock().now()));
    }
    if (code == 410) {
      return DeliveryOutcome.gone(status + " Gone: the receiver says this webhook no longer exists" + detail);
    }
    if (t.discord && (code == 404 || DiscordWebhooks.UNKNOWN_WEBHOOK == Payloads.discordErrorCode(head))) {
      return DeliveryOutcome.gone(status + ": Discord says this webhook no longer exists (Unknown Webhook)" + detail);
    }
    return DeliveryOutcome.failed(status + detail);
  }

  /** Reads at most {@code max} bytes; when more remain, the call is cancelled so the rest is never read. */
  private static byte[] readAtMost(Call call, InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, 8192));
    byte[] buf = new byte[8192];
    int remaining = max;
    while (remaining > 0) {
      int n = in.read(buf, 0, Math.min(buf.length, remaining));
      if (n < 0) {
        return out.toByteArray();
      }
      out.write(buf, 0, n);
      remaining -= n;
    }
    if (in.read() >= 0) {
      call.cancel(); // more than we read: drop the connection instead of draining it
    }
    return out.toByteArray();
  }

  private static String snippet(Target t, byte[] body) {
    if (body.length == 0) {
      return "";
    }
    // Redact before cutting: a cut could leave a prefix of a secret that no longer matches it.
    String text = t.redaction.apply(new String(body, UTF_8)).replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    if (text.isEmpty()) {
      return "";
    }
    return ": " + DiscordWebhooks.truncate(text, SNIPPET_MAX);
  }

  private DeliveryOutcome failure(Target t, IOException e) {
    SsrfRefusedException refused = findRefusal(e);
    if (refused != null) {
      return DeliveryOutcome.failed(refused.getMessage());
    }
    if (e instanceof InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)
        && Thread.currentThread().isInterrupted()) {
      return DeliveryOutcome.retryLater("interrupted while sending to " + t.name, Optional.empty());
    }
    if (e instanceof InterruptedIOException) {
      return DeliveryOutcome.retryLater("timed out sending to " + t.name + " (connect timeout "
          + settings.connectTimeout().toMillis() + " ms, request timeout " + settings.requestTimeout().toMillis()
          + " ms)", Optional.empty());
    }
    if (e instanceof UnknownHostException) {
      return DeliveryOutcome.retryLater("cannot resolve the host of " + t.name, Optional.empty());
    }
    if (e instanceof ConnectException) {
      return DeliveryOutcome.retryLater("cannot connect to " + t.name + ": " + safeMessage(t, e), Optional.empty());
    }
    return DeliveryOutcome.retryLater("I/O error sending to " + t.name + ": " + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : " " + safeMessage(t, e)), Optional.empty());
  }

  private static String safeMessage(Target t, Throwable e) {
    return e.getMessage() == null ? "" : DiscordWebhooks.truncate(t.redaction.apply(e.getMessage()), SNIPPET_MAX);
  }

  private static SsrfRefusedException findRefusal(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SsrfRefusedException r) {
        return r;
      }
      for (Throwable s : c.getSuppressed()) {
        if (s instanceof SsrfRefusedException r) {
          return r;
        }
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  private static void log(Target t, String webhookId, DeliveryOutcome outcome) {
    if (outcome instanceof DeliveryOutcome.Delivered d) {
      LOG.log(Level.DEBUG, () -> "webhook " + webhookId + " delivered to " + t.name + ": " + d.detail());
    } else if (outcome instanceof DeliveryOutcome.TransientFailure f) {
      LOG.log(Level.INFO, () -> "webhook " + webhookId + " to " + t.name + " failed, will retry: " + f.reason()
          + f.retryAfter().map(r -> " (Retry-After " + r.toSeconds() + " s)").orElse(""));
    } else if (outcome instanceof DeliveryOutcome.PermanentFailure f) {
      LOG.log(Level.WARNING, () -> "webhook " + webhookId + " to " + t.name + " failed permanently"
          + (f.destinationGone() ? " (destination gone)" : "") + ": " + f.reason());
    }
  }

  /** A redaction of everything in a URL that may be a token: the whole text, its path and query parts. */
  static Redaction urlRedaction(String target) {
    List<String> parts = new ArrayList<>();
    parts.add(target);
    HttpUrl url = HttpUrl.parse(target);
    if (url != null) {
      if (url.encodedPath().length() > 1) {
        parts.add(url.encodedPath());
      }
      if (url.encodedQuery() != null) {
        parts.add(url.encodedQuery());
      }
      for (int i = 0; i < url.pathSize(); i++) {
        parts.add(url.pathSegments().get(i));
        parts.add(url.encodedPathSegments().get(i));
      }
      for (int i = 0; i < url.querySize(); i++) {
        parts.add(url.queryParameterValue(i));
      }
    }
    return Redaction.none().with(parts);
  }

  /** The {@code webhook-id} for {@code key}: {@code msg_} and 32 hex digits of its SHA-256, stable forever. */
  static String webhookId(String key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "msg_" + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}

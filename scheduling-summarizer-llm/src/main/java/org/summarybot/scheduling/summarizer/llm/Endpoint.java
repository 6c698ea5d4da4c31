package org.summarybot.scheduling.summarizer.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.ExternalServiceException;

/**
 * A model's HTTP API: one chat request, and the check made at start. Requests go through the JDK's HTTP client
 * with the configured timeout for the whole exchange. Failures become {@link ExternalServiceException}s by class:
 * a refused key (401, 403), an unknown model and a used-up quota ({@code insufficient_quota}) are permanent;
 * other 429s and 5xx are transient with the server's {@code Retry-After}; a timeout or a refused connection is
 * transient. No message ever holds the API key.
 */
abstract class Endpoint {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_TEXT = 300;
  private static final java.util.regex.Pattern KEYLIKE = java.util.regex.Pattern.compile("\\bsk-[A-Za-z0-9*_\\-]+");

  final LlmSummarizer.Settings settings;
  private final HttpClient http;
  private final Clock clock;

  Endpoint(LlmSummarizer.Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** Sends one chat request and reads its answer. */
  abstract Reply chat(List<ChatMessage> messages);

  /**
   * Asks the server whether it answers and knows the model, sending no prompt. Empty when it does; else what is
   * wrong, and whether it is permanent (a refused key, an unknown model) or may pass (unreachable, 5xx).
   */
  abstract Optional<ExternalServiceException> check();

  /** What this endpoint is, for messages: kind, model and address. */
  String describe() {
    return settings.kind().name().toLowerCase(Locale.ROOT) + " model " + settings.model() + " at "
        + settings.baseUrl();
  }

  ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** POSTs {@code body} to {@code path} (appended to the base URL) and returns the parsed 2xx answer. */
  JsonNode post(String path, JsonNode body) {
    HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    return exchange(b.build());
  }

  /** GETs {@code path} and returns the parsed 2xx answer. */
  JsonNode get(String path) {
    return exchange(request(path).GET().build());
  }

  private HttpRequest.Builder request(String path) {
    String base = settings.baseUrl();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.endsWith("/") ? base + path.substring(1) : base + path))
        .timeout(settings.timeout()).header("Accept", "application/json");
    settings.apiKey().ifPresent(k -> b.header("Authorization", "Bearer " + k));
    return b;
  }

  private JsonNode exchange(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw ExternalServiceException.transientFailure(describe() + ": no answer within "
          + settings.timeout().toSeconds() + "s (summarizer.timeout)", Optional.empty());
    } catch (ConnectException e) {
      throw ExternalServiceException.transientFailure(describe() + ": cannot connect ("
          + redact(String.valueOf(e.getMessage())) + ")", Optional.empty());
    } catch (IOException e) {
      throw ExternalServiceException.transientFailure(describe() + ": " + redact(String.valueOf(e)), Optional.empty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ExternalServiceException.transientFailure(describe() + ": interrupted", Optional.empty());
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw ExternalServiceException.transientFailure(describe() + ": the answer is not JSON", Optional.empty());
      }
    }
    throw failure(status, response);
  }

  /** The failure a non-2xx answer means. */
  private ExternalServiceException failure(int status, HttpResponse<String> response) {
    ServerError e = ServerError.read(response.body());
    String what = describe() + ": HTTP " + status + e.text().map(t -> " " + redact(shorten(t))).orElse("");
    if (status == 401 || status == 403) {
      return ExternalServiceException.permanent(what + " (the API key was refused; check the variable named by "
          + "summarizer.api-key-env)");
    }
    if (status == 404 && e.mentionsModel()) {
      return ExternalServiceException.permanent(what + " (unknown model '" + settings.model()
          + "'; check summarizer.model)");
    }
    if (status == 429 && e.quotaUsedUp()) {
      return ExternalServiceException.permanent(what + " (the account's quota is used up)");
    }
    if (status == 429 || status == 408 || status / 100 == 5) {
      return ExternalServiceException.transientFailure(what, retryAfter(response));
    }
    return ExternalServiceException.permanent(what);
  }

  /** The server's wait: {@code retry-after-ms}, else {@code Retry-After} in seconds or as an HTTP date. */
  private Optional<Duration> retryAfter(HttpResponse<String> response) {
    Optional<String> ms = response.headers().firstValue("retry-after-ms");
    if (ms.isPresent()) {
      try {
        return Optional.of(Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(ms.get().strip())))));
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    Optional<String> ra = response.headers().firstValue("retry-after");
    if (ra.isEmpty()) {
      return Optional.empty();
    }
    String v = ra.get().strip();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.now(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  /** {@code text} with the API key, should a server echo it, replaced by {@code ***}. */
  String redact(String text) {
    String t = settings.apiKey().filter(k -> !k.isEmpty()).map(k -> text.replace(k, "***")).orElse(text);
    // OpenAI quotes a refused key with its first and last characters: none of it is repeated.
    return KEYLIKE.matcher(t).replaceAll("sk-***");
  }

  private static String shorten(String t) {
    String one = t.replaceAll("\\s+", " ").strip();
    return one.length() <= MAX_ERROR_TEXT ? one : one.substring(0, MAX_ERROR_TEXT) + "…";
  }

  /** What a server said about an error: OpenAI's {@code {"error":{"message","type","code"}}} or Ollama's {@code {"error":"..."}}. */
  record ServerError(Optional<String> text, String type, String code) {
    static ServerError read(String body) {
      try {
        JsonNode n = JSON.readTree(body);
        JsonNode err = n == null ? null : n.get("error");
        if (err != null && err.isTextual()) {
          return new ServerError(Optional.of(err.asText()), "", "");
        }
        if (err != null && err.isObject()) {
          return new ServerError(Optional.ofNullable(err.path("message").textValue()), err.path("type").asText(""),
              err.path("code").asText(""));
        }
      } catch (IOException notJson) {
        // a proxy's HTML page, say: shown as it is, shortened
      }
      return new ServerError(body == null || body.isBlank() ? Optional.empty() : Optional.of(body), "", "");
    }

    boolean mentionsModel() {
      return code.equals("model_not_found") || text.map(t -> t.toLowerCase(Locale.ROOT).contains("model")).orElse(false);
    }

    boolean quotaUsedUp() {
      return code.equals("insufficient_quota") || type.equals("insufficient_quota");
    }
  }
}

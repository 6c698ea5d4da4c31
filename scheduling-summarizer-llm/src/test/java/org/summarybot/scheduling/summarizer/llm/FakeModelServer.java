package org.summarybot.scheduling.summarizer.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A strict local stand-in for a model server on loopback, speaking either OpenAI's chat completions API
 * ({@code /v1/models}, {@code /v1/chat/completions}) or Ollama's native API ({@code /api/tags}, {@code /api/chat}),
 * with their real answer and error shapes: it refuses unknown request fields, a wrong key (401), an unknown model
 * (404), requests that do not fit the context (OpenAI: 400 {@code context_length_exceeded}; Ollama, which would
 * truncate silently, records the overflow), {@code temperature} or {@code max_tokens} for reasoning models, and it
 * counts prompt tokens with cl100k_base (a stand-in for the model's tokenizer). Tests queue answers: errors with
 * headers, answers cut at the limit, texts of their choice.
 */
public final class FakeModelServer implements AutoCloseable {
  public enum Api { OPENAI, OLLAMA }

  /** One answer: a status, headers and a body; or a text for the default success shape. */
  public record Answer(int status, Map<String, String> headers, String body, String text, boolean cut, boolean hang) {
    public static Answer text(String t) { return new Answer(200, Map.of(), null, t, false, false); }
    public static Answer cut(String t) { return new Answer(200, Map.of(), null, t, true, false); }
    public static Answer error(int status, Map<String, String> headers, String body) {
      return new Answer(status, headers, body, null, false, false);
    }
    public static Answer hanging() { return new Answer(0, Map.of(), null, null, false, true); }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> OPENAI_FIELDS = Set.of("model", "messages", "max_tokens", "max_completion_tokens",
      "temperature", "stream", "top_p", "stop", "n", "user");
  private static final Set<String> OLLAMA_FIELDS = Set.of("model", "messages", "stream", "options", "format",
      "keep_alive", "tools", "think");

  final Api api;
  private final HttpServer server;
  private final Encoding tokenizer = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
  private final Deque<Answer> queue = new ArrayDeque<>();
  private final List<JsonNode> chats = new ArrayList<>();
  private final List<String> authorizations = new ArrayList<>();
  private final List<String> overflows = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final Set<String> models = new HashSet<>();
  private final Set<String> reasoningModels = new HashSet<>();
  private volatile String key;
  private volatile int context = 8192;
  private volatile Function<JsonNode, String> defaultText = req -> "- The team talked.";

  public FakeModelServer(Api api, String... models) throws IOException {
    this.api = api;
    this.models.addAll(List.of(models));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** OpenAI: {@code http://127.0.0.1:PORT/v1}; Ollama: {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + (api == Api.OPENAI ? "/v1" : "");
  }

  public FakeModelServer requireKey(String k) { key = k; return this; }
  public FakeModelServer context(int tokens) { context = tokens; return this; }
  FakeModelServer reasoningModel(String m) { models.add(m); reasoningModels.add(m); return this; }
  FakeModelServer answerWith(Function<JsonNode, String> f) { defaultText = f; return this; }

  public synchronized FakeModelServer enqueue(Answer a) {
    queue.add(a);
    return this;
  }

  /** The chat request bodies received, in order. */
  public synchronized List<JsonNode> chats() { return List.copyOf(chats); }

  public synchronized List<String> authorizations() { return new ArrayList<>(authorizations); }

  /** Ollama requests whose prompt and output limit did not fit {@code num_ctx} (Ollama would have truncated). */
  synchronized List<String> overflows() { return List.copyOf(overflows); }

  public int promptTokens(JsonNode request) {
    int n = 3;
    for (JsonNode m : request.path("messages")) {
      n += 4 + tokenizer.countTokens(m.path("content").asText());
    }
    return n;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      synchronized (this) {
        authorizations.add(auth);
      }
      if (key != null && !("Bearer " + key).equals(auth)) {
        if (api == Api.OPENAI) {
          send(ex, 401, Map.of(), openAiError("Incorrect API key provided: " + mask(auth)
              + ". You can find your API key at https://platform.openai.com/account/api-keys.",
              "invalid_request_error", "invalid_api_key"));
        } else {
          send(ex, 401, Map.of(), "{\"error\":\"unauthorized\"}");
        }
        return;
      }
      if (api == Api.OPENAI && path.equals("/v1/models") && ex.getRequestMethod().equals("GET")) {
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        models.forEach(m -> list.withArray("data").addObject().put("id", m).put("object", "model")
            .put("created", 1_700_000_000).put("owned_by", "fake"));
        send(ex, 200, Map.of(), list.toString());
      } else if (api == Api.OLLAMA && path.equals("/api/tags") && ex.getRequestMethod().equals("GET")) {
        ObjectNode tags = JSON.createObjectNode();
        tags.putArray("models");
        models.forEach(m -> tags.withArray("models").addObject().put("name", m).put("model", m).put("size", 1));
        send(ex, 200, Map.of(), tags.toString());
      } else if (api == Api.OPENAI && path.equals("/v1/chat/completions") && ex.getRequestMethod().equals("POST")) {
        openAiChat(ex);
      } else if (api == Api.OLLAMA && path.equals("/api/chat") && ex.getRequestMethod().equals("POST")) {
        ollamaChat(ex);
      } else {
        send(ex, 404, Map.of(), api == Api.OPENAI
            ? openAiError("Invalid URL (" + ex.getRequestMethod() + " " + path + ")", "invalid_request_error", null)
            : "404 page not found");
      }
    }
  }

  private void openAiChat(HttpExchange ex) throws IOException {
    if (!"application/json".equals(ex.getRequestHeaders().getFirst("Content-Type"))) {
      send(ex, 400, Map.of(), openAiError("Unsupported content type", "invalid_request_error", null));
      return;
    }
    JsonNode req = JSON.readTree(ex.getRequestBody());
    synchronized (this) {
      chats.add(req);
    }
    for (var it = req.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!OPENAI_FIELDS.contains(f)) {
        send(ex, 400, Map.of(), openAiError("Unrecognized request argument supplied: " + f, "invalid_request_error", null));
        return;
      }
    }
    String model = req.path("model").asText();
    if (!models.contains(model)) {
      send(ex, 404, Map.of(), openAiError("The model `" + model + "` does not exist or you do not have access to it.",
          "invalid_request_error", "model_not_found"));
      return;
    }
    if (!req.path("messages").isArray() || req.path("messages").isEmpty()) {
      send(ex, 400, Map.of(), openAiError("'messages' must contain at least 1 item", "invalid_request_error", null));
      return;
    }
    boolean reasoning = reasoningModels.contains(model);
    if (reasoning && req.has("max_tokens")) {
      send(ex, 400, Map.of(), openAiError("Unsupported parameter: 'max_tokens' is not supported with this model. "
          + "Use 'max_completion_tokens' instead.", "invalid_request_error", "unsupported_parameter"));
      return;
    }
    if (reasoning && req.has("temperature")) {
      send(ex, 400, Map.of(), openAiError("Unsupported value: 'temperature' does not support "
          + req.get("temperature") + " with this model. Only the default (1) value is supported.",
          "invalid_request_error", "unsupported_value"));
      return;
    }
    int limit = req.path(reasoning ? "max_completion_tokens" : "max_tokens").asInt(0);
    int prompt = promptTokens(req);
    if (prompt + limit > context) {
      send(ex, 400, Map.of(), openAiError("This model's maximum context length is " + context + " tokens. However, "
          + "you requested " + (prompt + limit) + " tokens (" + prompt + " in the messages, " + limit
          + " in the completion). Please reduce the length of the messages or completion.",
          "invalid_request_error", "context_length_exceeded"));
      return;
    }
    Answer a = next();
    if (a != null && a.hang()) {
      awaitRelease();
      return;
    }
    if (a != null && a.text() == null) {
      send(ex, a.status(), a.headers(), a.body());
      return;
    }
    String text = a != null ? a.text() : defaultText.apply(req);
    int completion = Math.min(limit, tokenizer.countTokens(text));
    ObjectNode out = JSON.createObjectNode().put("id", "chatcmpl-fake" + chats().size())
        .put("object", "chat.completion").put("created", 1_700_000_000).put("model", model);
    ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", text).putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", a != null && a.cut() ? "length" : "stop");
    out.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
        .put("total_tokens", prompt + completion);
    send(ex, 200, Map.of("x-ratelimit-remaining-requests", "499"), out.toString());
  }

  private void ollamaChat(HttpExchange ex) throws IOException {
    JsonNode req = JSON.readTree(ex.getRequestBody());
    synchronized (this) {
      chats.add(req);
    }
    for (var it = req.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!OLLAMA_FIELDS.contains(f)) {
        send(ex, 400, Map.of(), "{\"error\":\"json: unknown field \\\"" + f + "\\\"\"}");
        return;
      }
    }
    String model = req.path("model").asText();
    if (!models.contains(model)) {
      send(ex, 404, Map.of(), "{\"error\":\"model \\\"" + model + "\\\" not found, try pulling it first\"}");
      return;
    }
    if (!req.path("stream").isBoolean() || req.path("stream").asBoolean()) {
      send(ex, 400, Map.of(), "{\"error\":\"this fake answers only stream:false\"}");
      return;
    }
    int numCtx = req.path("options").path("num_ctx").asInt(2048);
    int numPredict = req.path("options").path("num_predict").asInt(-1);
    int prompt = promptTokens(req);
    if (numPredict < 0 || prompt + numPredict > numCtx) {
      synchronized (this) {
        overflows.add(prompt + " prompt + " + numPredict + " predict > num_ctx " + numCtx);
      }
    }
    Answer a = next();
    if (a != null && a.hang()) {
      awaitRelease();
      return;
    }
    if (a != null && a.text() == null) {
      send(ex, a.status(), a.headers(), a.body());
      return;
    }
    String text = a != null ? a.text() : defaultText.apply(req);
    ObjectNode out = JSON.createObjectNode().put("model", model).put("created_at", "2026-12-07T09:00:00Z");
    out.putObject("message").put("role", "assistant").put("content", text);
    out.put("done", true).put("done_reason", a != null && a.cut() ? "length" : "stop")
        .put("total_duration", 1000).put("prompt_eval_count", Math.min(prompt, numCtx))
        .put("eval_count", tokenizer.countTokens(text));
    send(ex, 200, Map.of(), out.toString());
  }

  private synchronized Answer next() {
    return queue.poll();
  }

  private void awaitRelease() {
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static String openAiError(String message, String type, String code) {
    ObjectNode e = JSON.createObjectNode();
    ObjectNode err = e.putObject("error").put("message", message).put("type", type).putNull("param");
    if (code == null) {
      err.putNull("code");
    } else {
      err.put("code", code);
    }
    return e.toString();
  }

  private static String mask(String auth) {
    if (auth == null) {
      return "none";
    }
    String k = auth.replace("Bearer ", "");
    return k.length() < 8 ? "***" : k.substring(0, 3) + "*".repeat(k.length() - 7) + k.substring(k.length() - 4);
  }

  private static void send(HttpExchange ex, int status, Map<String, String> headers, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}

package org.summarybot.scheduling.summarizer.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.ExternalServiceException;

/**
 * An OpenAI-compatible chat completions API (OpenAI, vLLM, llama.cpp's server, LM Studio): {@code POST
 * /chat/completions} with {@code model}, {@code messages}, the output limit ({@code max_tokens}, or
 * {@code max_completion_tokens} and no temperature for models that require it) and a low temperature; the check
 * lists {@code /models}.
 */
final class OpenAiEndpoint extends Endpoint {
  OpenAiEndpoint(LlmSummarizer.Settings settings, Clock clock) {
    super(settings, clock);
  }

  @Override
  Reply chat(List<ChatMessage> messages) {
    ObjectNode body = object();
    body.put("model", settings.model());
    ArrayNode ms = body.putArray("messages");
    for (ChatMessage m : messages) {
      ms.addObject().put("role", m.role()).put("content", m.content());
    }
    if (settings.completionTokensField()) {
      body.put("max_completion_tokens", settings.maxOutputTokens());
    } else {
      body.put("max_tokens", settings.maxOutputTokens());
      body.put("temperature", LlmSummarizer.TEMPERATURE);
    }
    body.put("stream", false);
    JsonNode answer = post("/chat/completions", body);
    JsonNode choice = answer.path("choices").path(0);
    JsonNode content = choice.path("message").path("content");
    if (!content.isTextual()) {
      throw ExternalServiceException.transientFailure(describe() + ": the answer holds no message content"
          + choice.path("finish_reason").asText("").transform(r -> r.isEmpty() ? "" : " (finish_reason " + r + ")"),
          Optional.empty());
    }
    JsonNode usage = answer.path("usage");
    return new Reply(content.asText(), "length".equals(choice.path("finish_reason").asText()),
        count(usage.path("prompt_tokens")), count(usage.path("completion_tokens")));
  }

  @Override
  Optional<ExternalServiceException> check() {
    try {
      JsonNode models = get("/models");
      List<String> ids = new ArrayList<>();
      models.path("data").forEach(m -> ids.add(m.path("id").asText()));
      if (!ids.isEmpty() && !ids.contains(settings.model())) {
        return Optional.of(ExternalServiceException.permanent(describe() + ": the server does not list model '"
            + settings.model() + "' (it lists " + String.join(", ", ids.subList(0, Math.min(10, ids.size())))
            + (ids.size() > 10 ? ", …" : "") + "); check summarizer.model"));
      }
      return Optional.empty();
    } catch (ExternalServiceException e) {
      return Optional.of(e);
    }
  }

  static OptionalLong count(JsonNode n) {
    return n.isIntegralNumber() && n.asLong() >= 0 ? OptionalLong.of(n.asLong()) : OptionalLong.empty();
  }
}

package org.summarybot.scheduling.summarizer.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.ExternalServiceException;

/**
 * Ollama's native API: {@code POST /api/chat} with {@code options.num_ctx} (the context window, which Ollama's
 * OpenAI-compatible {@code /v1} cannot set and silently truncates prompts to) and {@code options.num_predict}
 * always sent; {@code done_reason} is read as {@code finish_reason} is, {@code prompt_eval_count} and
 * {@code eval_count} as the usage. The check lists {@code /api/tags}.
 */
final class OllamaEndpoint extends Endpoint {
  OllamaEndpoint(LlmSummarizer.Settings settings, Clock clock) {
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
    body.put("stream", false);
    ObjectNode options = body.putObject("options");
    options.put("num_ctx", settings.contextTokens());
    options.put("num_predict", settings.maxOutputTokens());
    options.put("temperature", LlmSummarizer.TEMPERATURE);
    JsonNode answer = post("/api/chat", body);
    JsonNode content = answer.path("message").path("content");
    if (!content.isTextual()) {
      throw ExternalServiceException.transientFailure(describe() + ": the answer holds no message content",
          Optional.empty());
    }
    return new Reply(content.asText(), "length".equals(answer.path("done_reason").asText()),
        OpenAiEndpoint.count(answer.path("prompt_eval_count")), OpenAiEndpoint.count(answer.path("eval_count")));
  }

  @Override
  Optional<ExternalServiceException> check() {
    try {
      JsonNode tags = get("/api/tags");
      List<String> names = new ArrayList<>();
      tags.path("models").forEach(m -> names.add(m.path("name").asText()));
      String model = settings.model();
      boolean known = names.contains(model) || !model.contains(":") && names.contains(model + ":latest");
      if (!known) {
        return Optional.of(ExternalServiceException.permanent(describe() + ": Ollama has no model '" + model
            + "' (run: ollama pull " + model + ")"));
      }
      return Optional.empty();
    } catch (ExternalServiceException e) {
      return Optional.of(e);
    }
  }
}

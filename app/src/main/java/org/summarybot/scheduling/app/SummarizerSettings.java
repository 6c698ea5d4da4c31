package org.summarybot.scheduling.app;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code summarizer.*} keys of the config (docs/CONFIG.md): which summarizer tasks get by default, and the
 * model the {@code llm} choice goes to.
 *
 * @param kind {@code builtin}, {@code openai} or {@code ollama}
 * @param apiKeyEnv the variable holding the API key; the key itself is never in the config
 * @param completionTokensField send {@code max_completion_tokens} and no temperature instead of {@code max_tokens}
 */
record SummarizerSettings(
    String kind,
    String baseUrl,
    Optional<String> model,
    Optional<String> apiKeyEnv,
    int contextTokens,
    int maxOutputTokens,
    Duration timeout,
    boolean completionTokensField,
    Optional<BigDecimal> pricePerMillionInput,
    Optional<BigDecimal> pricePerMillionOutput,
    Optional<BigDecimal> dailyBudget) {

  static final String BUILTIN = "builtin";
  static final String OPENAI = "openai";
  static final String OLLAMA = "ollama";
  static final String OPENAI_URL = "https://api.openai.com/v1";
  static final String OLLAMA_URL = "http://127.0.0.1:11434";

  SummarizerSettings {
    requireNonNull(kind, "kind");
    requireNonNull(baseUrl, "baseUrl");
  }

  static SummarizerSettings defaults() {
    return new SummarizerSettings(BUILTIN, OPENAI_URL, Optional.empty(), Optional.empty(), 8192, 800,
        Duration.ofSeconds(120), false, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Whether a model is configured ({@code openai} or {@code ollama}). */
  boolean usesModel() {
    return !kind.equals(BUILTIN);
  }
}

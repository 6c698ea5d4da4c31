package org.summarybot.scheduling.app;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.summarybot.scheduling.summarizer.llm.LlmSummarizer;

/**
 * The {@code summarizer.*} keys of the config (docs/CONFIG.md) into {@link SummarizerSettings}: a model's kind,
 * address, name, key variable, context window, limits, prices and daily budget, each checked alone and against
 * the others (a model needs a name, a budget needs prices, the window must hold the output).
 */
final class ConfigSummarizerKeys {
  private ConfigSummarizerKeys() {}

  /** The {@code summarizer.*} keys of {@code v}, each missing or refused one at its default. */
  static SummarizerSettings read(ConfigValues v) {
    SummarizerSettings d = SummarizerSettings.defaults();
    String kind = v.string("summarizer.kind", d.kind());
    boolean model = kind.equals(SummarizerSettings.OPENAI) || kind.equals(SummarizerSettings.OLLAMA);
    if (!model && !kind.equals(SummarizerSettings.BUILTIN)) {
      v.bad("summarizer.kind", "'" + kind + "' is not a summarizer (use builtin, openai or ollama)");
    }
    String base = v.string("summarizer.base-url",
        kind.equals(SummarizerSettings.OLLAMA) ? SummarizerSettings.OLLAMA_URL : SummarizerSettings.OPENAI_URL);
    if (v.has("summarizer.base-url")) {
      v.url("summarizer.base-url", "http", "https", "http://127.0.0.1:8080/v1");
    }
    Optional<String> modelName = v.text("summarizer.model");
    modelName.ifPresent(m -> {
      if (m.isEmpty() || m.length() > 200 || FreeText.problem(m, 200) != null) {
        v.bad("summarizer.model", "must be 1-200 characters without control characters");
      }
    });
    if (model && modelName.isEmpty() && !v.has("summarizer.model")) {
      v.error(v.get("summarizer.kind").at() + ": summarizer.model: is required when summarizer.kind is "
          + kind + " (such as " + (kind.equals(SummarizerSettings.OLLAMA) ? "llama3.1:8b" : "gpt-4o-mini") + ")");
    }
    Optional<String> keyEnv = v.text("summarizer.api-key-env");
    keyEnv.ifPresent(k -> {
      if (!ConfigValues.ENV_NAME.matcher(k).matches()) {
        v.bad("summarizer.api-key-env", "'" + k + "' is not an environment variable name (the API key itself never"
            + " goes in the config)");
      }
    });
    int context = v.count("summarizer.context-tokens", 10_000_000).orElse(d.contextTokens());
    int maxOut = v.count("summarizer.max-output-tokens", 1_000_000).orElse(d.maxOutputTokens());
    if (maxOut < 16 && v.has("summarizer.max-output-tokens")) {
      v.bad("summarizer.max-output-tokens", maxOut + " is under 16");
    }
    int least = LlmSummarizer.minimumContext(maxOut);
    if (model && context < least) {
      String key = v.has("summarizer.context-tokens") ? "summarizer.context-tokens" : "summarizer.kind";
      v.error(v.get(key).at() + ": summarizer.context-tokens: " + context + " is too small for "
          + "max-output-tokens " + maxOut + ": at least " + least + " (5 x max-output-tokens + 1024); lower "
          + "max-output-tokens or give the model's real window");
    }
    Duration timeout = v.duration("summarizer.timeout", d.timeout(), Limits.SUMMARIZER_TIMEOUT);
    String field = v.string("summarizer.output-limit-field", "max_tokens");
    if (!field.equals("max_tokens") && !field.equals("max_completion_tokens")) {
      v.bad("summarizer.output-limit-field", "'" + field + "' is not max_tokens or max_completion_tokens");
    }
    Optional<BigDecimal> in = v.decimal("summarizer.price-per-million-input");
    Optional<BigDecimal> out = v.decimal("summarizer.price-per-million-output");
    Optional<BigDecimal> budget = v.decimal("summarizer.daily-budget");
    if (in.isPresent() != out.isPresent()) {
      String given = in.isPresent() ? "summarizer.price-per-million-input" : "summarizer.price-per-million-output";
      v.bad(given, "give both prices, input and output, or neither");
    }
    if (budget.isPresent() && (in.isEmpty() || out.isEmpty())) {
      v.bad("summarizer.daily-budget", "needs summarizer.price-per-million-input and -output to know what a request"
          + " costs");
    }
    budget.ifPresent(b -> {
      if (b.signum() <= 0) {
        v.bad("summarizer.daily-budget", b.toPlainString() + " is not above 0");
      }
    });
    return new SummarizerSettings(kind, base, modelName, keyEnv, context, maxOut, timeout,
        field.equals("max_completion_tokens"), in, out, budget);
  }
}

package org.summarybot.scheduling.app;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.SummaryUsage;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.ExternalServiceException;
import org.summarybot.scheduling.port.Summarizer;
import org.summarybot.scheduling.port.SummaryRequest;
import org.summarybot.scheduling.port.TaskStore;
import org.summarybot.scheduling.summarizer.llm.LlmSummarizer;

/**
 * The summarizer the engine calls: each request goes to the summarizer its task chose ({@code --summarizer}): the
 * built-in one, or the model of the config's {@code summarizer} section. A task that chose {@code llm} on a node
 * whose config names no model fails permanently, saying so; its messages go nowhere. Counts what the model
 * charged, for the metrics.
 */
final class Summarizers implements Summarizer {
  private static final Duration CHECK_KEPT = Duration.ofSeconds(30);

  private final Summarizer builtin = new BuiltInSummarizer();
  private final Optional<LlmSummarizer> llm;
  final AtomicLong inputTokens = new AtomicLong();
  final AtomicLong outputTokens = new AtomicLong();
  final AtomicLong requests = new AtomicLong();
  final AtomicLong costMicros = new AtomicLong();
  private volatile long checkedAtNanos;
  private volatile Optional<ExternalServiceException> lastCheck = Optional.empty();

  private Summarizers(Optional<LlmSummarizer> llm) {
    this.llm = llm;
  }

  /** Only the built-in summarizer: commands that run no execution, or a config without a model. */
  static Summarizers builtinOnly() {
    return new Summarizers(Optional.empty());
  }

  /**
   * The summarizers of a command that runs executions: the model's too when the config names one. The API key
   * is read from the variable {@code summarizer.api-key-env} names; a named variable that is not set is an error.
   *
   * @throws UsageException when the key's variable is named but not set
   */
  static Summarizers forExecutions(Config config, TaskStore store, Clock clock) {
    SummarizerSettings s = config.summarizer();
    if (!s.usesModel()) {
      return builtinOnly();
    }
    Optional<String> key = Optional.empty();
    if (s.apiKeyEnv().isPresent()) {
      String v = System.getenv(s.apiKeyEnv().get());
      if (v == null || v.isBlank()) {
        throw new UsageException(config.at("summarizer.api-key-env") + ": environment variable "
            + s.apiKeyEnv().get() + " is not set; put the API key there (it never goes in the config)");
      }
      key = Optional.of(v.strip());
    }
    Summarizers[] self = new Summarizers[1];
    LlmSummarizer.Builder b = LlmSummarizer.builder()
        .kind(s.kind().equals(SummarizerSettings.OLLAMA) ? LlmSummarizer.Kind.OLLAMA : LlmSummarizer.Kind.OPENAI)
        .baseUrl(s.baseUrl()).model(s.model().orElseThrow()).apiKey(key).contextTokens(s.contextTokens())
        .maxOutputTokens(s.maxOutputTokens()).timeout(s.timeout()).completionTokensField(s.completionTokensField())
        .clock(clock).spendLedger(store).onUsage(u -> self[0].count(u));
    if (s.pricePerMillionInput().isPresent() && s.pricePerMillionOutput().isPresent()) {
      b.prices(s.pricePerMillionInput().get(), s.pricePerMillionOutput().get());
    }
    s.dailyBudget().ifPresent(budget -> b.dailyBudget(budget, store));
    try {
      self[0] = new Summarizers(Optional.of(b.build()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(config.at("summarizer.kind") + ": " + e.getMessage());
    }
    return self[0];
  }

  @Override
  public Summary summarize(SummaryRequest request) {
    return switch (request.options().summarizer()) {
      case BUILTIN -> builtin.summarize(request);
      case LLM -> llm.orElseThrow(() -> ExternalServiceException.permanent("the task's summarizer is llm, but this "
          + "node's config names no model (summarizer.kind is builtin); set summarizer.kind and summarizer.model, "
          + "or change the task with --summarizer builtin")).summarize(request);
    };
  }

  private void count(SummaryUsage u) {
    inputTokens.addAndGet(u.inputTokens());
    outputTokens.addAndGet(u.outputTokens());
    requests.addAndGet(u.requests());
    u.costMicros().ifPresent(costMicros::addAndGet);
  }

  /** The model, when this command has one. */
  Optional<LlmSummarizer> model() {
    return llm;
  }

  /**
   * The model's answer to the check ({@link LlmSummarizer#check}), asked at most every 30 seconds (for
   * {@code /health}); empty when there is no model or it answers.
   */
  Optional<ExternalServiceException> check() {
    if (llm.isEmpty()) {
      return Optional.empty();
    }
    long now = System.nanoTime();
    if (checkedAtNanos == 0 || now - checkedAtNanos > CHECK_KEPT.toNanos()) {
      lastCheck = llm.get().check();
      checkedAtNanos = now == 0 ? 1 : now;
    }
    return lastCheck;
  }
}

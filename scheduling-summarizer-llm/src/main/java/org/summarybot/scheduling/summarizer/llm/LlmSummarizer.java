package org.summarybot.scheduling.summarizer.llm;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.SummaryUsage;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.ExternalServiceException;
import org.summarybot.scheduling.port.Summarizer;
import org.summarybot.scheduling.port.SummaryRequest;
import org.summarybot.scheduling.port.TaskStore;

/**
 * A {@link Summarizer} written by a language model, over an OpenAI-compatible chat completions API or Ollama's
 * native API. The window's messages go to the model as data after a system prompt that says so; windows longer
 * than the model's context are summarised in parts and combined; the summary follows the task's length and
 * language. Participants and links are listed from the messages, and links the model wrote that are not in them
 * are removed. Each summary carries its tokens and, with prices, its estimated cost; with a daily budget no
 * request is sent that could take the UTC day's spend, kept in the task store for every node, over it.
 *
 * <p>Failures are {@link ExternalServiceException}s: a refused key, an unknown model and a used-up quota are
 * permanent; rate limits, 5xx, timeouts and answers cut at the output limit are transient; a spent budget is
 * excused (not counted towards auto-disable).
 */
public final class LlmSummarizer implements Summarizer {
  /** The temperature of every request that may carry one: low, for summaries that keep to the messages. */
  static final double TEMPERATURE = 0.2;
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");
  private static final int MAX_LINKS = 25;

  /** The API a model is reached through. */
  public enum Kind {
    /** OpenAI-compatible chat completions: OpenAI, vLLM, llama.cpp's server, LM Studio. */
    OPENAI,
    /** Ollama's native API, which can set the context size. */
    OLLAMA
  }

  /** The settings of one summarizer, checked by the builder. */
  record Settings(Kind kind, String baseUrl, String model, Optional<String> apiKey, int contextTokens,
      int maxOutputTokens, Duration timeout, boolean completionTokensField) {}

  private final Settings settings;
  private final Endpoint endpoint;
  private final Tokens tokens;
  private final Spending spending;

  private LlmSummarizer(Settings settings, Spending spending, Clock clock) {
    this.settings = settings;
    this.endpoint = settings.kind() == Kind.OLLAMA ? new OllamaEndpoint(settings, clock)
        : new OpenAiEndpoint(settings, clock);
    this.tokens = Tokens.forModel(settings.model(), settings.kind() == Kind.OPENAI);
    this.spending = spending;
  }

  @Override
  public Summary summarize(SummaryRequest request) {
    List<Message> messages = request.messages();
    TimeWindow window = request.window();
    ZoneId zone = request.zone();
    String period = WHEN.format(window.from().atZone(zone)) + " – " + WHEN.format(window.to().atZone(zone));
    String title = request.taskName() + ": " + period;
    StringBuilder md = new StringBuilder();
    md.append("# ").append(title).append("\n\n");
    if (messages.isEmpty()) {
      md.append("The channel was quiet: no messages in this period.\n");
      return new Summary(title, md.toString(), List.of(), 0, window, Optional.empty());
    }
    Prompts prompts = new Prompts(request.options().length(), request.options().language(), zone,
        request.channels().size() > 1);
    List<String> lines = new ArrayList<>(messages.size());
    for (Message m : messages) {
      lines.add(prompts.line(m));
    }
    Summarising run = new Summarising(endpoint, tokens, spending, prompts, window, settings.contextTokens(),
        settings.maxOutputTokens());
    String body = run.summarise(lines);
    Links links = Links.of(messages);
    md.append(links.keepKnown(body).strip()).append("\n\n");
    List<String> participants = participants(messages);
    md.append("**Participants:** ").append(String.join(", ", participants)).append('\n');
    List<String> all = links.all();
    if (!all.isEmpty()) {
      md.append("\n**Links:**\n");
      for (String l : all.subList(0, Math.min(MAX_LINKS, all.size()))) {
        md.append("- ").append(l).append('\n');
      }
      if (all.size() > MAX_LINKS) {
        md.append("- … and ").append(all.size() - MAX_LINKS).append(" more\n");
      }
    }
    if (request.truncated()) {
      md.append("\n*More messages were posted; only the first ones were read.*\n");
    }
    return new Summary(title, md.toString(), participants, messages.size(), window, Optional.of(run.usage()));
  }

  /**
   * Asks the server whether it answers and knows the model, sending no prompt (a models list). Empty when it
   * does; else the failure, permanent when it is one (a refused key, an unknown model).
   */
  public Optional<ExternalServiceException> check() {
    return endpoint.check();
  }

  /** What this summarizer talks to: kind, model and address (never the key). */
  public String describe() {
    return endpoint.describe();
  }

  /** The authors of the messages, by display name, in order of first message. */
  private static List<String> participants(List<Message> messages) {
    Set<String> names = new LinkedHashSet<>();
    for (Message m : messages) {
      names.add(m.authorName());
    }
    return List.copyOf(names);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link LlmSummarizer}; {@link #build()} names every setting that is missing or impossible. */
  public static final class Builder {
    private Kind kind;
    private String baseUrl;
    private String model;
    private Optional<String> apiKey = Optional.empty();
    private int contextTokens = 8192;
    private int maxOutputTokens = 800;
    private Duration timeout = Duration.ofSeconds(120);
    private boolean completionTokensField;
    private Optional<BigDecimal> inputPrice = Optional.empty();
    private Optional<BigDecimal> outputPrice = Optional.empty();
    private Optional<BigDecimal> dailyBudget = Optional.empty();
    private Optional<TaskStore> ledger = Optional.empty();
    private Clock clock;
    private Consumer<SummaryUsage> onUsage = u -> { };

    private Builder() {}

    public Builder kind(Kind v) { kind = requireNonNull(v, "kind"); return this; }
    /** OPENAI: the URL {@code /chat/completions} is appended to; OLLAMA: the server's root. */
    public Builder baseUrl(String v) { baseUrl = requireNonNull(v, "baseUrl"); return this; }
    public Builder model(String v) { model = requireNonNull(v, "model"); return this; }
    /** The key sent as {@code Authorization: Bearer}; empty for local servers that need none. */
    public Builder apiKey(Optional<String> v) { apiKey = requireNonNull(v, "apiKey"); return this; }
    /** The model's context window; requests are planned to fit it. */
    public Builder contextTokens(int v) { contextTokens = v; return this; }
    public Builder maxOutputTokens(int v) { maxOutputTokens = v; return this; }
    public Builder timeout(Duration v) { timeout = requireNonNull(v, "timeout"); return this; }
    /** Send {@code max_completion_tokens} and no temperature (OpenAI models that require it) instead of {@code max_tokens}. */
    public Builder completionTokensField(boolean v) { completionTokensField = v; return this; }
    /** Prices per million input and output tokens, in the budget's currency; with them, costs are estimated. */
    public Builder prices(BigDecimal perMillionInput, BigDecimal perMillionOutput) {
      inputPrice = Optional.of(perMillionInput);
      outputPrice = Optional.of(perMillionOutput);
      return this;
    }
    /** The most all tasks of every node may spend per UTC day, kept in {@code ledger}; needs prices. */
    public Builder dailyBudget(BigDecimal budget, TaskStore ledger) {
      dailyBudget = Optional.of(budget);
      this.ledger = Optional.of(ledger);
      return this;
    }
    /** Where the day's spend is kept when there is no budget (so it is shown); optional. */
    public Builder spendLedger(TaskStore v) { ledger = Optional.of(v); return this; }
    public Builder clock(Clock v) { clock = requireNonNull(v, "clock"); return this; }
    /** Told the usage of every answered request (for counters). */
    public Builder onUsage(Consumer<SummaryUsage> v) { onUsage = requireNonNull(v, "onUsage"); return this; }

    public LlmSummarizer build() {
      List<String> problems = new ArrayList<>();
      if (kind == null) {
        problems.add("kind is missing");
      }
      if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
        problems.add("baseUrl must be an http or https URL");
      }
      if (model == null || model.isBlank()) {
        problems.add("model is missing");
      }
      if (clock == null) {
        problems.add("clock is missing");
      }
      if (maxOutputTokens < 16) {
        problems.add("maxOutputTokens must be at least 16");
      }
      if (timeout.isNegative() || timeout.isZero()) {
        problems.add("timeout must be positive");
      }
      if (dailyBudget.isPresent() && inputPrice.isEmpty()) {
        problems.add("dailyBudget needs prices");
      }
      if (inputPrice.map(p -> p.signum() < 0).orElse(false) || outputPrice.map(p -> p.signum() < 0).orElse(false)
          || dailyBudget.map(b -> b.signum() < 0).orElse(false)) {
        problems.add("prices and the budget are never negative");
      }
      int least = minimumContext(maxOutputTokens);
      if (contextTokens < least) {
        problems.add("contextTokens " + contextTokens + " is too small for maxOutputTokens " + maxOutputTokens
            + ": at least " + least + " (the prompt, a part and two notes of up to maxOutputTokens each)");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      Settings s = new Settings(kind, baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl,
          model, apiKey.filter(k -> !k.isEmpty()), contextTokens, maxOutputTokens, timeout, completionTokensField);
      return new LlmSummarizer(s, new Spending(inputPrice, outputPrice, dailyBudget, ledger, clock, onUsage), clock);
    }
  }

  /**
   * The smallest context a summarizer with {@code maxOutputTokens} works in: the answer, the instructions, and
   * room for at least two notes of an answer's length (combining notes must make them fewer).
   */
  public static int minimumContext(int maxOutputTokens) {
    return 5 * maxOutputTokens + 1024;
  }
}

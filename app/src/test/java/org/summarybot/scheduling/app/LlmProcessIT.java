package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.summarizer.llm.FakeModelServer;

/**
 * The jar with {@code summarizer.kind: openai} against a strict fake OpenAI-compatible server on loopback: the key
 * from the variable the config names, the summary the model wrote (invented links removed), an excluded user's
 * messages never sent, tokens and cost in the history, and the config and start-up checks that exit 2.
 */
class LlmProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String KEY = "sk-process-test-key-0123456789";
  /** Dara, in the sample conversation: excluded by privacy.exclude-users. */
  private static final String EXCLUDED = "1100000000000000104";

  @TempDir Path dir;
  private FakeModelServer model;

  @BeforeEach
  void startModel() throws Exception {
    model = new FakeModelServer(FakeModelServer.Api.OPENAI, "gpt-4o-mini").requireKey(KEY);
    Path exports = Files.createDirectories(dir.resolve("exports"));
    JarProcess.copySampleExport(exports.resolve("dev.json"));
  }

  @AfterEach
  void stopModel() {
    model.close();
  }

  private void config(String summarizer) throws Exception {
    Files.writeString(dir.resolve("app.yaml"), """
        store: file:store
        messages:
          source: export
          export-dir: exports
        privacy:
          exclude-users: ["%s"]
        summarizer:
        %s
        """.formatted(EXCLUDED, summarizer.indent(2).stripTrailing()));
  }

  private String openAi() {
    return """
        kind: openai
        base-url: %s
        model: gpt-4o-mini
        api-key-env: TEST_LLM_KEY
        context-tokens: 8192
        max-output-tokens: 400
        timeout: 30s
        price-per-million-input: 0.15
        price-per-million-output: 0.60
        daily-budget: 5.00
        """.formatted(model.baseUrl());
  }

  private JarProcess.Result jar(Map<String, String> env, String... args) throws Exception {
    try (JarProcess p = JarProcess.start(dir, env, args)) {
      return p.await(WAIT);
    }
  }

  private String addTask(String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("--config", "app.yaml", "tasks", "add", "--name", "dev",
        "--guild", "1100000000000000001", "--channel", "1100000000000000002", "--schedule", "daily 09:00",
        "--zone", "UTC", "--lookback", "1000d", "--to", "file:out", "--json"));
    args.addAll(List.of(extra));
    JarProcess.Result add = jar(Map.of(), args.toArray(String[]::new));
    assertThat(add.exit()).as(add.err()).isZero();
    return Json.MAPPER.readTree(add.out()).get("id").asText();
  }

  @Test
  void a_task_summarised_by_the_model_gets_its_summary_and_the_history_shows_tokens_and_cost() throws Exception {
    config(openAi());
    model.enqueue(FakeModelServer.Answer.text("## Decisions\n- Ship the DST fix (https://example.com/issues/412).\n"
        + "- See https://phishing.example/login for details."));
    String id = addTask("--language", "German", "--length", "brief");

    JarProcess.Result show = jar(Map.of(), "--config", "app.yaml", "tasks", "show", id);
    assertThat(show.out()).contains("summarizer:  llm").contains("language German");

    JarProcess.Result run = jar(Map.of("TEST_LLM_KEY", KEY), "--config", "app.yaml", "tasks", "run-now", id);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).doesNotContain(KEY);

    assertThat(model.chats()).hasSize(1);
    JsonNode request = model.chats().get(0);
    String system = request.at("/messages/0/content").asText();
    String user = request.at("/messages/1/content").asText();
    assertThat(system).contains("Write in German.").contains("at most five short bullet points");
    assertThat(user).contains("\"author\":\"Ana\"").doesNotContain("\"author\":\"Dara\"");
    assertThat(model.authorizations()).containsOnly("Bearer " + KEY);

    String summary;
    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      summary = Files.readString(files.findFirst().orElseThrow());
    }
    assertThat(summary).contains("Ship the DST fix (https://example.com/issues/412)")
        .doesNotContain("phishing.example").doesNotContain("Dara");

    JarProcess.Result history = jar(Map.of(), "--config", "app.yaml", "tasks", "history", id, "--json");
    JsonNode usage = Json.MAPPER.readTree(history.out()).get(0).get("usage");
    assertThat(usage.get("inputTokens").asLong()).isEqualTo(model.promptTokens(request));
    assertThat(usage.get("requests").asInt()).isEqualTo(1);
    assertThat(usage.get("costMicros").asLong()).isPositive();
    JarProcess.Result table = jar(Map.of(), "--config", "app.yaml", "tasks", "history", id);
    assertThat(table.out()).contains("TOKENS IN/OUT").contains(usage.get("inputTokens").asText() + "/");

    // The day's spend in the store is the execution's cost: its reservation was settled to what was used.
    JarProcess.Result status = jar(Map.of(), "--config", "app.yaml", "status", "--json");
    JsonNode spend = Json.MAPPER.readTree(status.out()).get("spendToday");
    assertThat(spend.get("micros").asLong()).isEqualTo(usage.get("costMicros").asLong());
    assertThat(spend.get("budget").decimalValue()).isEqualByComparingTo("5.00");
    assertThat(spend.get("closed").asBoolean()).isFalse();
    assertThat(jar(Map.of(), "--config", "app.yaml", "status").out())
        .contains("summarizer spend today (UTC " + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "): ")
        .contains(" of the daily budget 5.00");
  }

  @Test
  void a_task_that_chose_builtin_never_reaches_the_model() throws Exception {
    config(openAi());
    String id = addTask("--summarizer", "builtin");

    JarProcess.Result run = jar(Map.of("TEST_LLM_KEY", KEY), "--config", "app.yaml", "tasks", "run-now", id);

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(model.chats()).isEmpty();
  }

  @Test
  void a_named_key_variable_that_is_not_set_stops_run_now_with_exit_2_naming_the_key() throws Exception {
    config(openAi());
    String id = addTask();

    JarProcess.Result run = jar(Map.of(), "--config", "app.yaml", "tasks", "run-now", id);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("summarizer.api-key-env").contains("TEST_LLM_KEY is not set");
    assertThat(model.chats()).isEmpty();
  }

  @Test
  void run_checks_the_model_at_start_and_a_refused_key_stops_it_with_exit_2() throws Exception {
    config(openAi());

    JarProcess.Result run = jar(Map.of("TEST_LLM_KEY", "sk-wrong-key-000000000000"), "--config", "app.yaml", "run");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("summarizer.api-key-env").contains("HTTP 401").doesNotContain("sk-wrong-key");
  }

  @Test
  void bad_summarizer_values_exit_2_naming_each_key() throws Exception {
    config("""
        kind: gpt
        context-tokens: many
        daily-budget: 5.00
        """);

    JarProcess.Result r = jar(Map.of(), "--config", "app.yaml", "status");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("summarizer.kind: 'gpt' is not a summarizer")
        .contains("summarizer.context-tokens: must be an integer")
        .contains("summarizer.daily-budget: needs summarizer.price-per-million-input");
  }

  @Test
  void llm_for_a_task_needs_a_model_in_the_config() throws Exception {
    config("kind: builtin");

    JarProcess.Result add = jar(Map.of(), "--config", "app.yaml", "tasks", "add", "--name", "dev", "--guild",
        "1100000000000000001", "--channel", "1100000000000000002", "--schedule", "daily 09:00", "--to", "file:out",
        "--summarizer", "llm");

    assertThat(add.exit()).isEqualTo(2);
    assertThat(add.err()).contains("--summarizer: llm needs a model in the config");
  }
}

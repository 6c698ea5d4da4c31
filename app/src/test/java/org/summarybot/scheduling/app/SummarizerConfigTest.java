package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code summarizer.*} and {@code privacy.*} keys of the config: read, defaulted, refused naming the key. */
class SummarizerConfigTest {
  @TempDir Path dir;

  private Path yaml(String text) throws IOException {
    return Files.writeString(dir.resolve("app.yaml"), text);
  }

  private List<String> errors(String text) throws IOException {
    Path f = yaml(text);
    try {
      ConfigLoader.load(f);
    } catch (UsageException e) {
      return e.lines().stream().map(l -> l.replace(f.toString(), "app.yaml")).toList();
    }
    throw new AssertionError("no error for:\n" + text);
  }

  @Test
  void reads_every_summarizer_and_privacy_key() throws IOException {
    Config c = ConfigLoader.load(yaml("""
        summarizer:
          kind: openai
          base-url: http://127.0.0.1:8080/v1
          model: llama3.1:8b
          api-key-env: OPENAI_API_KEY
          context-tokens: 16384
          max-output-tokens: 1000
          timeout: 90s
          output-limit-field: max_completion_tokens
          price-per-million-input: 0.15
          price-per-million-output: 0.6
          daily-budget: 5
        privacy:
          exclude-users: ["1100000000000000104", 1100000000000000105]
        """));

    SummarizerSettings s = c.summarizer();
    assertThat(s.kind()).isEqualTo("openai");
    assertThat(s.usesModel()).isTrue();
    assertThat(s.baseUrl()).isEqualTo("http://127.0.0.1:8080/v1");
    assertThat(s.model()).contains("llama3.1:8b");
    assertThat(s.apiKeyEnv()).contains("OPENAI_API_KEY");
    assertThat(s.contextTokens()).isEqualTo(16384);
    assertThat(s.maxOutputTokens()).isEqualTo(1000);
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.completionTokensField()).isTrue();
    assertThat(s.pricePerMillionInput()).contains(new BigDecimal("0.15"));
    assertThat(s.pricePerMillionOutput()).contains(new BigDecimal("0.6"));
    assertThat(s.dailyBudget()).contains(new BigDecimal("5"));
    assertThat(c.excludeUsers()).containsExactlyInAnyOrder("1100000000000000104", "1100000000000000105");
  }

  @Test
  void without_the_section_tasks_get_the_builtin_summarizer_and_ollama_defaults_to_its_local_address() throws IOException {
    assertThat(ConfigLoader.load(yaml("zone: UTC\n")).summarizer().usesModel()).isFalse();
    SummarizerSettings ollama = ConfigLoader.load(yaml("""
        summarizer:
          kind: ollama
          model: llama3.1:8b
        """)).summarizer();
    assertThat(ollama.baseUrl()).isEqualTo("http://127.0.0.1:11434");
    assertThat(ollama.apiKeyEnv()).isEmpty();
    assertThat(ollama.dailyBudget()).isEqualTo(Optional.empty());
  }

  @Test
  void wrong_values_are_refused_each_naming_its_key_and_line() throws IOException {
    List<String> e = errors("""
        summarizer:
          kind: openai
          base-url: ftp://models.internal
          api-key-env: sk-live-1234
          context-tokens: 2048
          max-output-tokens: 800
          price-per-million-input: -1
          daily-budget: 0.000001
        privacy:
          exclude-users: [alice]
        """);

    assertThat(e).anySatisfy(l -> assertThat(l).startsWith("app.yaml line 2, column")
        .contains("summarizer.model: is required when summarizer.kind is openai"));
    assertThat(e).anySatisfy(l -> assertThat(l).contains("line 3").contains("summarizer.base-url")
        .contains("does not start with http:// or https://"));
    assertThat(e).anySatisfy(l -> assertThat(l).contains("line 4").contains("summarizer.api-key-env")
        .contains("is not an environment variable name"));
    assertThat(e).anySatisfy(l -> assertThat(l).contains("line 5").contains("summarizer.context-tokens: 2048 is too"
        + " small for max-output-tokens 800: at least 5024"));
    assertThat(e).anySatisfy(l -> assertThat(l).contains("line 7").contains("summarizer.price-per-million-input: -1 is negative"));
    assertThat(e).anySatisfy(l -> assertThat(l).contains("summarizer.daily-budget: needs"));
    assertThat(e).anySatisfy(l -> assertThat(l).contains("line 10")
        .contains("privacy.exclude-users[0]: must be a Discord user id (digits), not 'alice'"));
  }

  @Test
  void an_unknown_key_under_summarizer_lists_the_known_ones() throws IOException {
    assertThat(errors("summarizer:\n  modle: gpt-4o-mini\n")).singleElement().asString()
        .contains("summarizer.modle: unknown key").contains("model").contains("daily-budget");
  }
}

package org.summarybot.scheduling.summarizer.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensTest {
  private final Encoding cl100k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

  @Test
  void the_estimate_never_counts_fewer_tokens_than_a_byte_level_tokenizer_makes() {
    for (String text : List.of("plain English words about a release plan", "{\"time\":\"09:14\"} ;-) !!! ???", "日本語のテキストです",
        "emoji 🎉🎉🎉 party", "https://example.com/a?b=c&d=e#f", "\u00e9\u00e8\u00ea accents", "a\nb\nc\n")) {
      assertThat(Tokens.estimate(text)).as(text).isGreaterThanOrEqualTo(cl100k.countTokens(text));
    }
  }

  @Test
  void openai_models_are_counted_with_jtokkit_and_others_with_the_estimate() {
    assertThat(Tokens.forModel("gpt-4o-mini", true).exact()).isTrue();
    assertThat(Tokens.forModel("llama3.1:8b", true).exact()).isFalse();
    assertThat(Tokens.forModel("gpt-4o-mini", false).exact()).isFalse();
  }

  @Test
  void cut_keeps_the_longest_prefix_within_the_count_and_never_splits_a_surrogate_pair() {
    Tokens t = Tokens.estimate();
    String text = "abc🎉".repeat(50);
    String cut = t.cut(text, 40);
    assertThat(Tokens.estimate(cut)).isLessThanOrEqualTo(40);
    assertThat(text).startsWith(cut);
    assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();
  }
}

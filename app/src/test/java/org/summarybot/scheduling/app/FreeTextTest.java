package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreeTextTest {

  @Test
  void control_characters_c1_line_separators_and_bidi_controls_are_refused_naming_the_code_point() {
    assertThat(FreeText.problem("dev\u001b[31m daily", 100)).startsWith("holds the control character U+001B at character 4");
    assertThat(FreeText.problem("dev\ndaily", 100)).startsWith("holds the control character U+000A at character 4");
    assertThat(FreeText.problem("dev\tdaily", 100)).startsWith("holds the control character U+0009");
    assertThat(FreeText.problem("dev\u007f", 100)).startsWith("holds the control character U+007F");
    assertThat(FreeText.problem("dev\u0085", 100)).startsWith("holds the control character U+0085");
    assertThat(FreeText.problem("dev\u009b31m", 100)).startsWith("holds the control character U+009B");
    assertThat(FreeText.problem("dev\u2028x", 100)).startsWith("holds the control character U+2028");
    for (char c = '\u202A'; c <= '\u202E'; c++) {
      assertThat(FreeText.problem("txt" + c + "gpj.exe", 100)).as("U+%04X", (int) c).isNotNull();
    }
    for (char c = '\u2066'; c <= '\u2069'; c++) {
      assertThat(FreeText.problem("a" + c + "b", 100)).as("U+%04X", (int) c).isNotNull();
    }
    assertThat(FreeText.problem("a\ud800b", 100)).startsWith("holds an unpaired surrogate");
  }

  @Test
  void emoji_with_joiners_accents_and_other_scripts_are_text() {
    assertThat(FreeText.problem("👩‍💻 dev daily ☕️", 100)).isNull();
    assertThat(FreeText.problem("Résumé · 每日摘要 · مرحبا · 👨‍👩‍👧‍👦 · 🇩🇪", 100)).isNull();
  }

  @Test
  void the_message_never_repeats_the_text_and_length_is_bounded() {
    assertThat(FreeText.problem("secret\u001b]8;;evil", 100)).doesNotContain("secret").doesNotContain("evil");
    assertThat(FreeText.problem("x".repeat(101), 100)).isEqualTo("is 101 characters long; the limit is 100");
    assertThat(FreeText.problem("x".repeat(100), 100)).isNull();
  }

  @Test
  void printable_replaces_what_problem_refuses_and_leaves_emoji_alone() {
    assertThat(FreeText.printable("a\u001b[2Jb\nc\u202Ed")).isEqualTo("a\uFFFD[2Jb\uFFFDc\uFFFDd");
    String emoji = "👩‍💻 ok";
    assertThat(FreeText.printable(emoji)).isSameAs(emoji);
  }

  @Test
  void cut_ends_with_an_ellipsis_and_never_splits_a_surrogate_pair_or_leaves_a_joiner() {
    assertThat(FreeText.cut("abcdefghij", 5)).isEqualTo("abcd…");
    assertThat(FreeText.cut("abcde", 5)).isEqualTo("abcde");
    assertThat(FreeText.cut("abc😀😀😀", 5)).isEqualTo("abc😀…");
    assertThat(FreeText.cut("ab👩\u200D💻xyz", 4)).isEqualTo("ab👩…");
  }
}

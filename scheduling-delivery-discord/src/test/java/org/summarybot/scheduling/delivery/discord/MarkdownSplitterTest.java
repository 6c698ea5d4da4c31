package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MarkdownSplitterTest {
  private static final Pattern LINK = Pattern.compile("\\[[^\\]\\n]*\\]\\([^)\\n]*\\)");

  @Test
  void text_that_fits_is_one_piece_stripped() {
    assertThat(MarkdownSplitter.split("  hello\n\nworld \n", 100)).containsExactly("hello\n\nworld");
  }

  @Test
  void blank_text_gives_no_pieces() {
    assertThat(MarkdownSplitter.split(" \n\n ", 100)).isEmpty();
  }

  @Test
  void cuts_between_paragraphs_before_cutting_between_lines() {
    String a = "a".repeat(30) + "\n" + "b".repeat(30);
    String c = "c".repeat(30);

    assertThat(MarkdownSplitter.split(a + "\n\n" + c, 70)).containsExactly(a, c);
  }

  @Test
  void a_paragraph_longer_than_a_piece_is_cut_between_its_lines() {
    String p = "x".repeat(40) + "\n" + "y".repeat(40) + "\n" + "z".repeat(40);

    assertThat(MarkdownSplitter.split(p, 85)).containsExactly("x".repeat(40) + "\n" + "y".repeat(40), "z".repeat(40));
  }

  @Test
  void a_long_line_is_cut_at_a_space_never_inside_a_link() {
    String link = "[the release notes](https://example.com/releases/2026/03/notes?lang=en)";
    String line = "word ".repeat(8) + link + " tail words here";

    List<String> pieces = MarkdownSplitter.split(line, 80); // the link is 73 characters

    assertThat(pieces).hasSizeGreaterThan(1).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(80));
    assertThat(String.join(" ", pieces)).isEqualTo(line);
    assertThat(pieces).anySatisfy(p -> assertThat(p).contains(link));
  }

  @Test
  void a_link_right_at_the_limit_moves_whole_to_the_next_piece() {
    String link = "[x](https://e.com/" + "p".repeat(20) + ")";
    String line = "a".repeat(25) + link; // 64 characters, no space to cut at: cut before the 39-character link

    assertThat(MarkdownSplitter.split(line, 45)).containsExactly("a".repeat(25), link);
  }

  @Test
  void a_code_fence_is_kept_whole_when_it_fits_a_piece_of_its_own() {
    String fence = "```\n" + "code line\n".repeat(5) + "```";
    String text = "intro ".repeat(10).strip() + "\n\n" + fence + "\n\nafter";

    List<String> pieces = MarkdownSplitter.split(text, 80);

    assertThat(pieces).hasSize(2).anySatisfy(p -> assertThat(p).startsWith(fence));
  }

  @Test
  void blank_lines_inside_a_fence_do_not_end_a_paragraph() {
    String fence = "```\na\n\nb\n```";

    assertThat(MarkdownSplitter.split(fence, 100)).containsExactly(fence);
  }

  @Test
  void a_fence_longer_than_a_piece_is_closed_and_reopened_with_its_language() {
    StringBuilder b = new StringBuilder("```python\n");
    for (int i = 0; i < 40; i++) {
      b.append("print(").append(i).append(")\n");
    }
    b.append("```");

    List<String> pieces = MarkdownSplitter.split(b.toString(), 100);

    assertThat(pieces).hasSizeGreaterThan(3).allSatisfy(p -> {
      assertThat(p).startsWith("```python\n").endsWith("\n```").hasSizeLessThanOrEqualTo(100);
    });
    assertThat(String.join("\n", pieces).replace("```python\n", "").replace("\n```", ""))
        .isEqualTo(b.toString().replace("```python\n", "").replace("\n```", ""));
  }

  @Test
  void a_surrogate_pair_is_never_cut() {
    String emoji = "😀".repeat(30); // 60 UTF-16 units, no spaces

    List<String> pieces = MarkdownSplitter.split(emoji, 21);

    assertThat(pieces).allSatisfy(p -> {
      assertThat(p.length()).isLessThanOrEqualTo(21);
      assertThat(Character.isLowSurrogate(p.charAt(0))).isFalse();
      assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse();
    });
    assertThat(String.join("", pieces)).isEqualTo(emoji);
  }

  @Test
  void a_link_longer_than_a_piece_is_cut_only_because_it_must() {
    String link = "[x](https://e.com/" + "p".repeat(60) + ")";

    List<String> pieces = MarkdownSplitter.split("see " + link, 30);

    assertThat(pieces).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(30));
    assertThat(String.join("", pieces)).isEqualTo("see" + link);
  }

  @Test
  void a_tiny_limit_is_a_programming_error() {
    assertThatThrownBy(() -> MarkdownSplitter.split("x", 5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void random_documents_split_within_the_limit_losing_nothing_and_breaking_no_fence_or_link() {
    Random random = new Random(20260302);
    for (int doc = 0; doc < 300; doc++) {
      String text = randomDocument(random);
      int max = 40 + random.nextInt(400);

      List<String> pieces = MarkdownSplitter.split(text, max);

      assertThat(pieces).as("doc %d max %d", doc, max).allSatisfy(p -> {
        assertThat(p.length()).isLessThanOrEqualTo(max);
        assertThat(p).isNotBlank();
        assertThat(DiscordDeliveryTest.count(p, "```") % 2).isZero();
      });
      assertThat(DiscordDeliveryTest.squash(String.join("\n", pieces))).isEqualTo(DiscordDeliveryTest.squash(text));
      String joined = String.join("\n", pieces);
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        if (m.group().length() <= max) {
          assertThat(joined).as("link %s in doc %d", m.group(), doc).contains(m.group());
        }
      }
    }
  }

  private static String randomDocument(Random r) {
    List<String> paragraphs = new ArrayList<>();
    int n = 1 + r.nextInt(12);
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(5);
      if (kind == 0) {
        StringBuilder f = new StringBuilder("```java\n");
        int lines = 1 + r.nextInt(30);
        for (int l = 0; l < lines; l++) {
          f.append("call(").append("x".repeat(r.nextInt(30))).append(");\n");
        }
        paragraphs.add(f.append("```").toString());
      } else {
        StringBuilder p = new StringBuilder();
        int lines = 1 + r.nextInt(4);
        for (int l = 0; l < lines; l++) {
          int words = 1 + r.nextInt(60);
          for (int w = 0; w < words; w++) {
            if (r.nextInt(12) == 0) {
              p.append("[link ").append(w).append("](https://example.com/").append("q".repeat(r.nextInt(20))).append(") ");
            } else if (r.nextInt(15) == 0) {
              p.append("`code ").append(w).append("` ");
            } else {
              p.append("w".repeat(1 + r.nextInt(9))).append(' ');
            }
          }
          p.append('\n');
        }
        paragraphs.add(p.toString().strip());
      }
    }
    return String.join("\n\n", paragraphs);
  }
}

package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

  private static List<String> print(Table t) {
    StringWriter s = new StringWriter();
    try (PrintWriter out = new PrintWriter(s)) {
      t.print(out);
    }
    return s.toString().lines().toList();
  }

  @Test
  void a_long_value_is_cut_to_the_width_with_an_ellipsis() {
    Table t = new Table("ID", "NAME");
    t.row("a", "n".repeat(500));

    List<String> lines = print(t);

    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).isEqualTo("a   " + "n".repeat(Table.WIDTH - 1) + "…");
  }

  @Test
  void control_characters_in_a_cell_cannot_split_a_row_or_reach_the_terminal() {
    Table t = new Table("ID", "NAME", "STATUS");
    t.row("a", "evil\nb  forged  ACTIVE\u001b[2J", "ACTIVE");

    List<String> lines = print(t);

    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).doesNotContain("\u001b").contains("evil\uFFFDb  forged  ACTIVE\uFFFD[2J").endsWith("ACTIVE");
  }
}

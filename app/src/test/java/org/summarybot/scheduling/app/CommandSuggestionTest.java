package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandSuggestionTest {
  private static final List<String> TASKS = List.of("add", "list", "show", "update", "pause", "resume", "remove",
      "history", "export", "import", "run-now");

  @Test
  void the_nearest_command_within_two_edits_is_suggested() {
    assertThat(CommandSuggestion.nearest("lst", TASKS)).contains("list");
    assertThat(CommandSuggestion.nearest("histroy", TASKS)).contains("history");
    assertThat(CommandSuggestion.nearest("REMVOE", TASKS)).contains("remove");
    assertThat(CommandSuggestion.nearest("runnow", TASKS)).contains("run-now");
  }

  @Test
  void nothing_is_suggested_when_no_command_is_near() {
    assertThat(CommandSuggestion.nearest("deploy", TASKS)).isEmpty();
    assertThat(CommandSuggestion.nearest("x", TASKS)).isEmpty();
    assertThat(CommandSuggestion.nearest("y".repeat(10_000), TASKS)).isEmpty();
  }
}

package org.summarybot.scheduling.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs each harness at a tiny size so the benchmarks never rot. Full runs are never part of the build; timings
 * here mean nothing and are not asserted.
 */
class BenchmarksSmokeTest {

  @Test
  void ours_and_every_cron_peer_agree_on_all_inputs() throws Exception {
    assertThat(CronAgreement.disagreements()).isEmpty();
  }

  @Test
  void the_engine_harness_fires_every_task_on_both_sides() throws Exception {
    List<String> details = new ArrayList<>();
    List<Figure> figures = EngineLoadHarness.run(300, 2, 1, 1, details);
    assertThat(figures).as("six figures for the warmed-up rounds and six for the cold-JVM ones").hasSize(12);
    assertThat(figures.subList(6, 12)).allSatisfy(f -> assertThat(f.name()).endsWith(", cold JVM"));
    assertThat(figures).allSatisfy(f -> {
      // Retained heap is a difference of two heap readings; at 300 tasks in a cold JVM, GC noise can make it
      // negative (seen: -9.5 bytes per task), so only its presence is checked here.
      if (!f.name().startsWith("engine: retained heap")) {
        assertThat(f.ours()).isGreaterThanOrEqualTo(0);
      }
      assertThat(f.peer()).contains("Quartz");
    });
    assertThat(details).as("every round of both sides is reported, the cold ones from their own JVMs").hasSize(2)
        .allSatisfy(d -> assertThat(d).contains("ours [").contains("Quartz ["));
  }

  @Test
  void the_median_of_engine_rounds_is_taken_figure_by_figure() {
    var a = new EngineLoadHarness.Figures(100, 300, 0.5, 10, 40);
    var b = new EngineLoadHarness.Figures(300, 200, 0.3, 30, 20);
    var c = new EngineLoadHarness.Figures(200, 100, 0.4, 20, 30);
    assertThat(EngineLoadHarness.median(List.of(a, b, c)))
        .isEqualTo(new EngineLoadHarness.Figures(200, 200, 0.4, 20, 30));
  }

  @Test
  void the_file_store_harness_opens_claims_and_saves(@TempDir Path dir) throws Exception {
    List<Figure> figures = FileStoreHarness.run(dir, 1_200, 5);
    assertThat(figures).hasSize(6);
    assertThat(figures.get(1).peerValue()).isPositive();
    assertThat(figures.get(2).ours()).isPositive();
    assertThat(figures.get(4).name())
        .isEqualTo("file store: batched saves with fsync (batches of 100), median of 5 interleaved rounds");
    assertThat(figures.get(4).ours()).isPositive();
    assertThat(figures.get(4).peerValue()).isPositive();
    assertThat(figures.get(5).ours()).isPositive();
    try (var left = java.nio.file.Files.list(dir.resolve("store/tasks"))) {
      assertThat(left).as("the raw writes are removed").hasSize(1_200);
    }
  }

  @Test
  void the_sql_store_harness_runs_ours_and_every_peer_exactly_once() throws Exception {
    List<String> details = new ArrayList<>();
    List<Figure> figures = SqlStoreHarness.run(200, List.of(1, 2), Duration.ofMillis(300), 2, details);
    // the bound, 3 peers for each of the 2 node counts, H2, and 4 duplicate counts
    assertThat(figures).hasSize(1 + 6 + 1 + 4);
    assertThat(figures).filteredOn(f -> f.name().startsWith("SQL: drain"))
        .allSatisfy(f -> assertThat(f.ours()).isPositive());
    assertThat(figures).filteredOn(f -> !f.peer().isEmpty()).allSatisfy(f -> assertThat(f.peerValue()).isPositive());
    assertThat(figures).filteredOn(f -> f.name().startsWith("SQL: duplicate"))
        .hasSize(4).allSatisfy(f -> assertThat(f.ours()).isZero());
    assertThat(figures.get(0).ours()).isPositive();
    assertThat(details).hasSize(6);
    assertThat(details).filteredOn(d -> d.startsWith("ours, 2 node(s)")).singleElement().asString()
        .contains("median of 2 rounds").contains("rounds in order: ");
  }

  @Test
  void the_discord_harness_fetches_every_message_and_delivers_both_formats() throws Exception {
    List<Figure> figures = DiscordHarness.run(300, 10_000, 2);
    assertThat(figures).hasSize(6);
    assertThat(figures).allSatisfy(f -> {
      assertThat(f.ours()).isPositive();
      assertThat(f.peer()).isEmpty();
    });
    assertThat(figures.get(2).name()).contains("EMBED");
    assertThat(figures.get(4).name()).contains("MARKDOWN");
  }

  @Test
  void the_discord_summary_is_large_markdown_with_fences_and_links() {
    String markdown = DiscordHarness.summaryMarkdown(10_000);
    assertThat(markdown.length()).isBetween(10_000, 12_000);
    assertThat(markdown).contains("```java\n").contains("](https://").contains("<https://");
  }

  @Test
  void the_webhook_harness_delivers_signed_and_unsigned() throws Exception {
    List<Figure> figures = WebhookDeliveryHarness.run(2);
    assertThat(figures).hasSize(3);
    assertThat(figures.get(0).ours()).isPositive();
  }

  @Test
  void the_report_writes_latest_and_dated_markdown_and_json(@TempDir Path dir) throws Exception {
    RunBenchmarks.write(dir, List.of(new Figure("x", "ops/s", 2.0, "peer", 1.0, true), Figure.alone("y", "s", 1.5, false)),
        List.of("a note"));
    assertThat(Files.readString(dir.resolve("latest.md"))).contains("| x | ops/s | 2.00 | peer | 1.00 | 2.00 |");
    assertThat(Files.readString(dir.resolve("latest.json")))
        .contains("\"ratio\": 2.000").contains("\"peer\": null").contains("\"higherIsBetter\": false");
    try (var files = Files.list(dir)) {
      assertThat(files.count()).isEqualTo(4);
    }
  }
}

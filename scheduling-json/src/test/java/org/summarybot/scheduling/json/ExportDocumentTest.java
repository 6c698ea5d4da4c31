package org.summarybot.scheduling.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.testkit.TaskFixtures;

/** The export format, held to a committed golden file, and what readers accept. */
class ExportDocumentTest {
  static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  static List<ScheduledTask> knownTasks() {
    return List.of(
        TaskFixtures.richTask("rich", T0).toBuilder().version(7).build(),
        TaskFixtures.summaryTask("b-summary", T0).version(3).build(),
        TaskFixtures.cleanupTask("a-cleanup", T0).build());
  }

  static String resource(String name) throws IOException {
    try (InputStream in = ExportDocumentTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  @Test
  void an_export_of_known_tasks_is_the_golden_document() throws IOException {
    assertThat(ExportDocument.write(knownTasks(), Optional.empty())).isEqualTo(resource("/golden/export.json"));
  }

  @Test
  void the_golden_document_reads_back_to_the_tasks_without_their_versions() throws IOException {
    List<ScheduledTask> read = ExportDocument.read(resource("/golden/export.json"));
    assertThat(read).containsExactlyElementsOf(knownTasks().stream()
        .sorted(java.util.Comparator.comparing(ScheduledTask::id))
        .map(t -> t.toBuilder().version(0).build()).toList());
  }

  @Test
  void an_export_written_by_release_0_1_0_reads_and_writes_back_byte_for_byte() throws IOException {
    String old = resource("/export-0.1.0.json");
    List<ScheduledTask> read = ExportDocument.read(old);
    assertThat(read).hasSize(13);
    assertThat(ExportDocument.write(read, Optional.empty())).isEqualTo(old);
  }

  @Test
  void the_spellings_of_release_0_1_0_cli_output_are_read() throws IOException {
    String doc = resource("/golden/export.json")
        .replace("\"retryPolicy\"", "\"retry\"")
        .replace("\"format\" : \"MARKDOWN\"", "\"format\" : \"markdown\"");
    assertThat(doc).contains("\"retry\"", "\"markdown\"");
    assertThat(ExportDocument.read(doc)).isEqualTo(ExportDocument.read(resource("/golden/export.json")));
  }

  @Test
  void a_newer_schema_and_a_bad_task_are_problems_named_by_place() throws IOException {
    String golden = resource("/golden/export.json");
    assertThatThrownBy(() -> ExportDocument.read(golden.replace("\"schema\" : 2", "\"schema\" : 9")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("newer version (schema 9)");
    assertThatThrownBy(() -> ExportDocument.read(golden.replace("\"Europe/Berlin\"", "\"Mars/Olympus\"")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("tasks[2]").hasMessageContaining("zone: 'Mars/Olympus' is not a time zone id");
    assertThatThrownBy(() -> ExportDocument.read("{ \"format\" : \"x\" "))
        .isInstanceOf(ValidationException.class).hasMessageContaining("not valid JSON");
  }
}

package org.summarybot.scheduling.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.model.Problem;
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

  static final GuildSettings BERLIN = new GuildSettings(GuildId.of(1001), ZoneId.of("Europe/Berlin"));
  static final GuildSettings TOKYO = new GuildSettings(GuildId.of(1002), ZoneId.of("Asia/Tokyo"));

  @Test
  void an_export_with_guild_settings_carries_them_ordered_by_guild_as_the_golden_document() throws IOException {
    String doc = ExportDocument.write(knownTasks(), List.of(TOKYO, BERLIN), Optional.empty());

    assertThat(doc).isEqualTo(resource("/golden/export-guilds.json"));
    assertThat(ExportDocument.write(knownTasks(), List.of(), Optional.empty()))
        .as("without settings the document is the one written before settings were exported")
        .isEqualTo(resource("/golden/export.json"));
  }

  @Test
  void the_golden_document_with_guilds_reads_back_to_its_tasks_and_settings() throws IOException {
    ExportDocument.Contents read = ExportDocument.readContents(resource("/golden/export-guilds.json"));

    assertThat(read.guilds()).containsExactly(BERLIN, TOKYO);
    assertThat(read.tasks()).isEqualTo(ExportDocument.read(resource("/golden/export.json")));
    assertThat(ExportDocument.readContents(resource("/golden/export.json")).guilds()).isEmpty();
  }

  @Test
  void bad_guild_settings_are_problems_named_by_place_together_with_the_tasks_problems() throws IOException {
    String doc = resource("/golden/export-guilds.json")
        .replace("\"zone\" : \"Asia/Tokyo\"", "\"zone\" : \"Mars/Olympus\"")
        .replace("\"guild\" : \"1002\"", "\"guild\" : \"1001\"")
        .replace("\"catchUpLimit\" : 4,", "\"catchUpLimit\" : \"four\",");

    assertThatThrownBy(() -> ExportDocument.readContents(doc)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.problems()).extracting(p -> p.field() + ": " + p.message()).contains(
            "guilds[1].guild: guild 1001 is in the document twice",
            "guilds[1].zone: 'Mars/Olympus' is not a time zone id")
            .anySatisfy(p -> assertThat(p).startsWith("tasks[").contains("catchUpLimit")));
    assertThatThrownBy(() -> ExportDocument.readContents(resource("/golden/export.json")
        .replace("\"tasks\" : [", "\"guilds\" : [ { \"guild\" : \"0\", \"zone\" : \"UTC\" } ], \"tasks\" : [")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("guilds[0].guild").hasMessageContaining("0 is not a Discord guild id");
  }

  @Test
  void an_import_conflicts_only_with_other_settings_of_the_same_guild() {
    GuildSettings berlinInParis = new GuildSettings(BERLIN.guild(), ZoneId.of("Europe/Paris"));

    assertThat(ExportDocument.settingsConflicts(List.of(BERLIN, TOKYO),
        g -> g.equals(BERLIN.guild()) ? Optional.of(berlinInParis) : Optional.of(TOKYO)))
        .extracting(Problem::field, Problem::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("guilds[0].guild", "guild 1001 already has settings in this"
            + " store (zone Europe/Paris, the document says Europe/Berlin)"));
  }
}

package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar as a process: {@code guilds list|set|clear}, and guild settings through export and import. */
class GuildsProcessIT {
  private static final Duration SHORT = Duration.ofSeconds(60);
  private static final String GUILD = "1100000000000000001";
  private static final String OTHER = "1100000000000000009";

  @TempDir Path dir;

  private JarProcess.Result run(String... args) throws Exception {
    return JarProcess.run(dir, SHORT, args);
  }

  @Test
  void settings_set_on_a_file_store_are_listed_exported_and_imported_into_a_fresh_sql_store() throws Exception {
    Files.writeString(dir.resolve("file.yaml"), "store: file:store\n");
    Files.writeString(dir.resolve("sql.yaml"), "store: jdbc:h2:file:" + dir.resolve("db").resolve("tasks")
        .toAbsolutePath() + "\n");

    JarProcess.Result set = run("--config", "file.yaml", "guilds", "set", "--guild", GUILD, "--zone", "Europe/Berlin");
    assertThat(set.exit()).as(set.err()).isZero();
    assertThat(set.out()).contains("guild " + GUILD + ": zone Europe/Berlin (was not set)");
    assertThat(run("--config", "file.yaml", "guilds", "set", "--guild", OTHER, "--zone", "Asia/Tokyo").exit())
        .isZero();
    JarProcess.Result again = run("--config", "file.yaml", "guilds", "set", "--guild", GUILD, "--zone",
        "America/New_York");
    assertThat(again.out()).contains("zone America/New_York (was Europe/Berlin)");
    JarProcess.Result add = run("--config", "file.yaml", "tasks", "add", "--name", "dev", "--guild", GUILD,
        "--channel", "1100000000000000002", "--schedule", "daily 09:00", "--to", "console:");
    assertThat(add.exit()).as(add.err()).isZero();

    JarProcess.Result list = run("--config", "file.yaml", "guilds", "list");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out().lines().toList()).containsExactly(
        "GUILD                ZONE              TASKS",
        GUILD + "  America/New_York  1",
        OTHER + "  Asia/Tokyo        0");

    JarProcess.Result export = run("--config", "file.yaml", "tasks", "export");
    assertThat(export.exit()).as(export.err()).isZero();
    assertThat(export.out()).contains("\"guilds\" : [");
    Files.writeString(dir.resolve("export.json"), export.out());

    JarProcess.Result dry = run("--config", "sql.yaml", "tasks", "import", "export.json", "--dry-run");
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out()).startsWith("would import 1 task(s) and the settings of 2 guild(s)")
        .contains("guild " + GUILD + ": zone America/New_York", "guild " + OTHER + ": zone Asia/Tokyo");
    assertThat(run("--config", "sql.yaml", "guilds", "list").out()).startsWith("no guild settings");

    JarProcess.Result imported = run("--config", "sql.yaml", "tasks", "import", "export.json");
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out()).startsWith("imported 1 task(s) and the settings of 2 guild(s)");

    JarProcess.Result listed = run("--config", "sql.yaml", "guilds", "list", "--json");
    assertThat(listed.exit()).as(listed.err()).isZero();
    assertThat(Json.MAPPER.readTree(listed.out())).isEqualTo(Json.MAPPER.readTree("[{\"guild\":\"" + GUILD
        + "\",\"zone\":\"America/New_York\"},{\"guild\":\"" + OTHER + "\",\"zone\":\"Asia/Tokyo\"}]"));
    assertThat(run("--config", "sql.yaml", "tasks", "export").out()).isEqualTo(export.out());

    JarProcess.Result clear = run("--config", "sql.yaml", "guilds", "clear", "--guild", OTHER);
    assertThat(clear.exit()).as(clear.err()).isZero();
    assertThat(clear.out()).contains("settings removed (zone was Asia/Tokyo)");
    assertThat(run("--config", "sql.yaml", "guilds", "list", "--json").out()).doesNotContain(OTHER);
    assertThat(run("--config", "sql.yaml", "guilds", "clear", "--guild", OTHER).out())
        .contains("has no settings; nothing to clear");
  }

  @Test
  void bad_flags_and_a_bad_zone_in_an_import_exit_2_naming_the_flag_or_field() throws Exception {
    Files.writeString(dir.resolve("file.yaml"), "store: file:store\n");

    JarProcess.Result zone = run("--config", "file.yaml", "guilds", "set", "--guild", GUILD, "--zone", "Mars/Olympus");
    assertThat(zone.exit()).isEqualTo(2);
    assertThat(zone.err()).contains("error: --zone: 'Mars/Olympus' is not a known time zone");
    JarProcess.Result missing = run("--config", "file.yaml", "guilds", "set", "--guild", "abc");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("error: --guild: 'abc' is not a Discord guild id",
        "error: --zone: is required");
    assertThat(run("--config", "file.yaml", "guilds", "clear").err()).contains("error: --guild: is required");

    Files.writeString(dir.resolve("bad.json"), "{ \"format\" : \"summary-scheduler-tasks\", \"schema\" : 2,"
        + " \"guilds\" : [ { \"guild\" : \"" + GUILD + "\", \"zone\" : \"Mars/Olympus\" } ], \"tasks\" : [ ] }");
    JarProcess.Result bad = run("--config", "file.yaml", "tasks", "import", "bad.json");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("bad.json: guilds[0].zone: 'Mars/Olympus' is not a known time zone");
    assertThat(run("--config", "file.yaml", "guilds", "list").out()).startsWith("no guild settings");
  }
}

package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.GUILD;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT_B;
import static org.summarybot.scheduling.delivery.discord.FakeDiscordInteractions.HELPER;
import static org.summarybot.scheduling.delivery.discord.FakeDiscordInteractions.MEMBER;
import static org.summarybot.scheduling.delivery.discord.FakeDiscordInteractions.ROLE_HELPERS;
import static org.summarybot.scheduling.delivery.discord.FakeDiscordInteractions.options;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.delivery.discord.FakeDiscord;
import org.summarybot.scheduling.delivery.discord.FakeDiscordInteractions.Interaction;

/**
 * The daemon answers Discord's {@code /schedule} as the config says: the built jar's {@code run} against the fake
 * Discord, the command registered in the configured server, manager roles admitted, a task created from Discord
 * visible to the CLI, and {@code discord.commands: false} registering nothing.
 */
class SlashCommandsProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Map<String, String> ENV = Map.of("FAKE_BOT_TOKEN", FakeDiscord.TOKEN);

  @TempDir Path dir;
  private FakeDiscord fake;

  @BeforeEach
  void start() throws Exception {
    fake = FakeDiscord.start();
  }

  @AfterEach
  void stop() throws Exception {
    fake.close();
  }

  private void config(String commands) throws Exception {
    Files.writeString(dir.resolve("app.yaml"),
        AppFixture.fakeDiscordConfig(fake.restBaseUrl(), fake.gatewayUrl()) + commands);
  }

  @Test
  void the_daemon_registers_schedule_in_the_configured_server_and_a_task_created_there_is_the_clis()
      throws Exception {
    config("""
          command-guilds: [%d]
          manager-roles: ["%d"]
          min-interval: 2h
        """.formatted(GUILD, ROLE_HELPERS));

    try (JarProcess daemon = JarProcess.start(dir, ENV, "--config", "app.yaml", "run")) {
      daemon.awaitStderr("answering /schedule", WAIT);
      assertThat(fake.interactions().commands(Long.toUnsignedString(GUILD))).hasSize(1);
      assertThat(fake.interactions().commands("global")).isEmpty();

      Interaction often = fake.interactions().command(GUILD, TEXT, HELPER, "create", options()
          .string("name", "digest").channel("channel", TEXT_B).string("schedule", "every 1h"));
      assertThat(fake.interactions().awaitText(often)).contains("at most every 2h");

      Interaction create = fake.interactions().command(GUILD, TEXT, HELPER, "create", options()
          .string("name", "digest").channel("channel", TEXT_B).string("schedule", "daily 09:00")
          .string("zone", "Europe/Berlin"));
      assertThat(fake.interactions().awaitText(create)).startsWith("Created **digest**").contains("<t:");
      assertThat(create.initial().path("type").asInt()).as("a local file store answers at once").isEqualTo(4);

      Interaction refused = fake.interactions().command(GUILD, TEXT, MEMBER, "list", options());
      assertThat(fake.interactions().awaitText(refused)).contains("**@Helpers**");

      JarProcess.Result list;
      try (JarProcess cli = JarProcess.start(dir, ENV, "--config", "app.yaml", "tasks", "list", "--json")) {
        list = cli.await(WAIT);
      }
      assertThat(list.exit()).as(list.err()).isZero();
      JsonNode task = Json.MAPPER.readTree(list.out()).get(0);
      assertThat(task.path("name").asText()).isEqualTo("digest");
      assertThat(task.path("createdBy").asText()).isEqualTo(Long.toUnsignedString(HELPER));
      assertThat(task.path("guild").asText()).isEqualTo(Long.toUnsignedString(GUILD));
      daemon.terminate();
      daemon.await(WAIT);
    }
  }

  @Test
  void with_discord_commands_false_nothing_is_registered() throws Exception {
    config("""
          commands: false
        """);

    try (JarProcess daemon = JarProcess.start(dir, ENV, "--config", "app.yaml", "run")) {
      daemon.awaitStderr("running: node", WAIT);
      daemon.terminate();
      JarProcess.Result r = daemon.await(WAIT);
      assertThat(r.err()).doesNotContain("answering /schedule");
    }
    assertThat(fake.interactions().commandPuts).isEmpty();
  }
}

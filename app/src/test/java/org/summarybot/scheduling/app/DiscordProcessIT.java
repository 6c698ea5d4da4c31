package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.GUILD;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.GUILD_B;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.OTHER_TEXT;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT_B;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT_NO_EMBED;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.delivery.discord.FakeDiscord;

/**
 * The real jar against the fake Discord (real JDA in the child process, loopback only), reached only through
 * {@code discord.rest-base-url} and {@code discord.gateway-url}: reading history and posting with {@code run-now}
 * and {@code run}, the guild checks of {@code add}, {@code update} and {@code import}, and {@code tasks check}.
 */
class DiscordProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final long ANA = 100_000_000_000_000_001L;
  private static final Map<String, String> ENV = Map.of("FAKE_BOT_TOKEN", FakeDiscord.TOKEN);

  @TempDir Path dir;
  private FakeDiscord fake;

  @BeforeEach
  void start() throws Exception {
    fake = FakeDiscord.start();
    // The REST base URL without its trailing slash: the adapter adds the one JDA joins routes to.
    String rest = fake.restBaseUrl().substring(0, fake.restBaseUrl().length() - 1);
    Files.writeString(dir.resolve("app.yaml"), AppFixture.fakeDiscordConfig(rest, fake.gatewayUrl()));
  }

  @AfterEach
  void stop() throws Exception {
    fake.close();
  }

  private JarProcess.Result jar(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--config", "app.yaml"));
    all.addAll(List.of(args));
    try (JarProcess p = JarProcess.start(dir, ENV, all.toArray(String[]::new))) {
      return p.await(WAIT);
    }
  }

  /** {@code tasks add} of a task of the fake's main guild reading TEXT; returns its id. */
  private String add(String schedule, String... to) throws Exception {
    List<String> args = new ArrayList<>(List.of("tasks", "add", "--name", "digest", "--guild", Long.toString(GUILD),
        "--channel", Long.toString(TEXT), "--schedule", schedule, "--zone", "UTC", "--lookback", "1d"));
    for (String t : to) {
      args.addAll(List.of("--to", t));
    }
    args.add("--json");
    JarProcess.Result r = jar(args.toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isZero();
    return Json.MAPPER.readTree(r.out()).get("id").asText();
  }

  private void chatter() {
    Instant now = Instant.now();
    fake.addMessage(TEXT, now.minusSeconds(3600), ANA, "ana", false, "shall we ship the release today?");
    fake.addMessage(TEXT, now.minusSeconds(3000), ANA, "ana", false, "yes, after the review");
  }

  @Test
  void run_now_reads_the_history_and_posts_the_summary_through_the_configured_rest_and_gateway_urls() throws Exception {
    chatter();
    String id = add("daily 03:00", "discord:" + TEXT_B);

    JarProcess.Result r = jar("tasks", "run-now", id);

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("SUCCEEDED").contains("2 messages");
    assertThat(fake.requestsTo("GET", "/channels/" + TEXT + "/messages")).as("history read through the fake")
        .isNotEmpty();
    assertThat(fake.posted(TEXT_B)).as("summary posted through the fake").isNotEmpty();
    assertThat(fake.gatewayQueries).as("the gateway of discord.gateway-url, not Discord's").isNotEmpty();
  }

  @Test
  void with_discord_shards_set_run_now_logs_in_every_shard_and_finds_the_channels_on_theirs() throws Exception {
    Files.writeString(dir.resolve("app.yaml"), Files.readString(dir.resolve("app.yaml")) + "  shards: 2\n");
    chatter();
    String id = add("daily 03:00", "discord:" + TEXT_B); // checks the channels' servers through both shards too
    assertThat(fake.identifiedShards).containsExactlyInAnyOrder("[0, 2]", "[1, 2]");
    fake.identifiedShards.clear();

    JarProcess.Result r = jar("tasks", "run-now", id);

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(fake.identifiedShards).containsExactlyInAnyOrder("[0, 2]", "[1, 2]");
    assertThat(r.out()).contains("SUCCEEDED").contains("2 messages");
    assertThat(fake.posted(TEXT_B)).isNotEmpty();
  }

  @Test
  void run_fires_a_task_through_the_fake_and_health_shows_the_discord_connection() throws Exception {
    chatter();
    add("once " + LocalDateTime.now(ZoneOffset.UTC).plusSeconds(8)
        .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")), "discord:" + TEXT_B);

    try (JarProcess daemon = JarProcess.start(dir, ENV, "--config", "app.yaml", "run", "--http", "127.0.0.1:0")) {
      int port = daemon.awaitHttpPort(WAIT);
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(Json.MAPPER.readTree(health.body()).path("discord").asText()).isEqualTo("CONNECTED");

      daemon.awaitStderr("SUCCEEDED", WAIT);
      daemon.terminate();
      daemon.await(WAIT);
    }
    assertThat(fake.requestsTo("GET", "/channels/" + TEXT + "/messages")).isNotEmpty();
    assertThat(fake.posted(TEXT_B)).hasSize(1);
  }

  @Test
  void add_update_and_import_refuse_channels_and_destinations_of_another_guild_naming_both_guilds() throws Exception {
    JarProcess.Result channel = jar("tasks", "add", "--name", "x", "--guild", Long.toString(GUILD), "--channel",
        Long.toString(OTHER_TEXT), "--schedule", "daily 09:00", "--to", "discord:" + TEXT_B);
    assertThat(channel.exit()).as(channel.err()).isEqualTo(2);
    assertThat(channel.err()).contains("channel " + OTHER_TEXT).contains("server " + GUILD_B)
        .contains("not to the task's server " + GUILD);

    JarProcess.Result destination = jar("tasks", "add", "--name", "x", "--guild", Long.toString(GUILD), "--channel",
        Long.toString(TEXT), "--schedule", "daily 09:00", "--to", "discord:" + OTHER_TEXT);
    assertThat(destination.exit()).isEqualTo(2);
    assertThat(destination.err()).contains("destination discord:" + OTHER_TEXT).contains("server " + GUILD_B);
    assertThat(jar("tasks", "list", "--json").out().strip()).isEqualTo("[]");

    String id = add("daily 09:00", "discord:" + TEXT_B);
    JarProcess.Result update = jar("tasks", "update", id, "--add-to", "discord:" + OTHER_TEXT);
    assertThat(update.exit()).isEqualTo(2);
    assertThat(update.err()).contains("destination discord:" + OTHER_TEXT);

    JarProcess.Result export = jar("tasks", "export");
    assertThat(export.exit()).as(export.err()).isZero();
    assertThat(jar("tasks", "remove", id).exit()).isZero();
    Path doc = Files.writeString(dir.resolve("tasks.json"),
        export.out().replace("\"" + TEXT + "\"", "\"" + OTHER_TEXT + "\""));
    JarProcess.Result imported = jar("tasks", "import", doc.toString());
    assertThat(imported.exit()).as(imported.err()).isEqualTo(2);
    assertThat(imported.err()).contains("tasks[" + id + "]").contains("channel " + OTHER_TEXT)
        .contains("server " + GUILD_B);
    assertThat(jar("tasks", "list", "--json").out().strip()).isEqualTo("[]");
    assertThat(fake.requests()).noneMatch(q -> q.method().equals("POST"));
  }

  @Test
  void check_reports_each_source_and_destination_sending_nothing_and_exits_1_when_something_is_missing()
      throws Exception {
    String fine = add("daily 09:00", "discord:" + TEXT_B, "webhook:https://hooks.example.com/digest");
    String noEmbeds = add("daily 09:00", "discord:" + TEXT_NO_EMBED);
    fake.clear();

    JarProcess.Result ok = jar("tasks", "check", fine);
    assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("Read Message History").contains("Send Messages").contains("not checked")
        .contains("nothing missing");

    JarProcess.Result missing = jar("tasks", "check", noEmbeds, "--json");
    assertThat(missing.exit()).as(missing.out() + missing.err()).isEqualTo(1);
    JsonNode report = Json.MAPPER.readTree(missing.out());
    assertThat(report.get("ok").asBoolean()).isFalse();
    assertThat(report.get("connection").asText()).isEqualTo("CONNECTED");
    JsonNode dest = report.get("destinations").get(0);
    assertThat(dest.get("target").asText()).isEqualTo("discord:" + TEXT_NO_EMBED);
    assertThat(dest.get("checks").findValuesAsText("check")).contains("Embed Links");
    assertThat(dest.get("checks")).anySatisfy(c -> {
      assertThat(c.get("check").asText()).isEqualTo("Embed Links");
      assertThat(c.get("status").asText()).isEqualTo("MISSING");
    });

    assertThat(fake.requests()).as("nothing sent to Discord").noneMatch(q -> q.method().equals("POST"));
    assertThat(fake.requests()).noneMatch(q -> q.path().contains("/messages"));

    try (JarProcess p = JarProcess.start(dir, Map.of(), "--config", "app.yaml", "tasks", "check", fine)) {
      JarProcess.Result noToken = p.await(WAIT);
      assertThat(noToken.exit()).isEqualTo(2);
      assertThat(noToken.err()).contains("FAKE_BOT_TOKEN");
    }
  }
}

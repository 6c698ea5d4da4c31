package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path yaml(String text) throws IOException {
    return Files.writeString(dir.resolve("app.yaml"), text);
  }

  private List<String> errors(String text) throws IOException {
    Path f = yaml(text);
    try {
      ConfigLoader.load(f);
    } catch (UsageException e) {
      return e.lines().stream().map(l -> l.replace(f.toString(), "app.yaml")).toList();
    }
    throw new AssertionError("no error for:\n" + text);
  }

  @Test
  void reads_every_key() throws IOException {
    Config c = ConfigLoader.load(yaml("""
        store: file:/var/lib/summaries
        node-id: node-a
        zone: Europe/Berlin
        concurrency: 8
        poll-interval: 2s
        lease: PT1M
        drain-timeout: 45s
        messages:
          source: export
          export-dir: /srv/exports
        discord:
          token-env: BOT_TOKEN
          admin-channel: "123456789"
        webhook:
          allow: [hooks.internal, 10.1.0.0/16]
          allow-http: true
          timeout: 5s
        """));

    assertThat(c.storeDirectory()).isEqualTo(Path.of("/var/lib/summaries"));
    assertThat(c.nodeId()).contains("node-a");
    assertThat(c.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(c.concurrency()).isEqualTo(8);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.lease()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.exportDir()).isEqualTo(Path.of("/srv/exports"));
    assertThat(c.discordTokenEnv()).isEqualTo("BOT_TOKEN");
    assertThat(c.discordAdminChannel()).contains("123456789");
    assertThat(c.webhookAllow()).containsExactly("hooks.internal", "10.1.0.0/16");
    assertThat(c.webhookAllowHttp()).isTrue();
    assertThat(c.webhookTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void an_empty_file_means_every_default_with_its_paths_beside_the_file() throws IOException {
    Path f = yaml("");
    Config c = ConfigLoader.load(f);

    assertThat(c).isEqualTo(Config.defaults().relativeTo(f));
    assertThat(c.store()).isEqualTo("file:" + dir.toAbsolutePath().resolve("data"));
    assertThat(c.exportDir()).isEqualTo(dir.toAbsolutePath().resolve("exports"));
    assertThat(c.source()).contains(f);
  }

  @Test
  void relative_paths_in_the_file_are_resolved_against_its_directory_not_the_current_one() throws IOException {
    Path conf = Files.createDirectories(dir.resolve("etc/summaries"));
    Path f = Files.writeString(conf.resolve("app.yaml"), "store: file:../../var/store\nmessages:\n  export-dir: exports\n");
    Path base = conf.toAbsolutePath();

    Config c = ConfigLoader.load(f);

    assertThat(c.storeDirectory()).isEqualTo(base.resolve("../../var/store").normalize());
    assertThat(c.exportDir()).isEqualTo(base.resolve("exports"));
    Files.writeString(f, "store: jdbc:h2:file:./db/tasks;MODE=PostgreSQL\n");
    assertThat(ConfigLoader.load(f).store()).isEqualTo("jdbc:h2:file:" + base.resolve("db/tasks") + ";MODE=PostgreSQL");
    Files.writeString(f, "store: file:/var/lib/summaries\n");
    assertThat(ConfigLoader.load(f).store()).as("absolute paths stay").isEqualTo("file:/var/lib/summaries");
  }

  @Test
  void the_slash_command_keys_are_read_with_their_defaults_and_bad_values_named() throws IOException {
    assertThat(ConfigLoader.load(yaml("")).discordCommands()).isEqualTo(CommandsConfig.DEFAULTS);
    CommandsConfig c = ConfigLoader.load(yaml("""
        discord:
          commands: false
          command-guilds: [800000000000000001, "800000000000000002"]
          manager-roles: ["500000000000000001"]
          max-tasks-per-guild: 5
          min-interval: 6h
        """)).discordCommands();
    assertThat(c).isEqualTo(new CommandsConfig(false, java.util.List.of(800000000000000001L, 800000000000000002L),
        java.util.List.of(500000000000000001L), 5, java.time.Duration.ofHours(6)));

    assertThat(errors("""
        discord:
          command-guilds: [general]
          manager-roles: [12, -3]
          max-tasks-per-guild: 0
          min-interval: 60d
        """)).containsExactly(
        "app.yaml line 2, column 20: discord.command-guilds[0]: 'general' is not a Discord server id (a number such as"
            + " 123456789012345678)",
        "app.yaml line 3, column 23: discord.manager-roles[1]: '-3' is not a Discord role id (a number such as"
            + " 123456789012345678)",
        "app.yaml line 4, column 3: discord.max-tasks-per-guild: 0 is outside 1-10000",
        "app.yaml line 5, column 3: discord.min-interval: 60d is over the limit of 30d");
  }

  @Test
  void unknown_keys_name_the_key_line_and_column() throws IOException {
    assertThat(errors("store: file:data\nmessages:\n  source: export\n  exportdir: x\n")).containsExactly(
        "app.yaml line 4, column 3: messages.exportdir: unknown key (known keys under messages: source, export-dir)");
  }

  @Test
  void wrong_types_and_impossible_values_are_all_reported_at_once() throws IOException {
    assertThat(errors("""
        concurrency: 0
        poll-interval: 5
        webhook:
          allow-http: yes please
        zone: Mars/Olympus
        """)).containsExactly(
        "app.yaml line 1, column 1: concurrency: 0 is outside 1-1024",
        "app.yaml line 2, column 1: poll-interval: must be a duration such as 90s, 5m or PT5M, not '5'",
        "app.yaml line 4, column 3: webhook.allow-http: must be true or false, not 'yes please'",
        "app.yaml line 5, column 1: zone: 'Mars/Olympus' is not a known time zone");
  }

  @Test
  void a_lease_shorter_than_three_poll_intervals_is_refused() throws IOException {
    assertThat(errors("poll-interval: 10s\nlease: 20s\n")).containsExactly("app.yaml line 2, column 1: lease: "
        + "lease 20s must be at least three poll intervals (30s) so running executions can extend it in time");
  }

  @Test
  void sql_stores_are_postgresql_or_h2_and_the_password_comes_from_an_environment_variable() throws IOException {
    assertThat(ConfigLoader.load(yaml("store: jdbc:postgresql://db/summaries?user=bot\n")).sqlStore()).isTrue();
    assertThat(ConfigLoader.load(yaml("store: jdbc:h2:file:/tmp/x\nstore-password-env: DB_PW\n")).storePasswordEnv())
        .isEqualTo("DB_PW");
    assertThat(errors("store: jdbc:mysql://db/x\nstore-password-env: hunter2!\nmessages:\n  source: slack\n"))
        .containsExactly(
            "app.yaml line 1, column 1: store: the SQL store runs on PostgreSQL (jdbc:postgresql://HOST/DB) or H2"
                + " (jdbc:h2:file:PATH), not 'jdbc:mysql'",
            "app.yaml line 2, column 1: store-password-env: 'hunter2!' is not an environment variable name (the"
                + " password itself never goes in this file)",
            "app.yaml line 4, column 3: messages.source: 'slack' is not a message source (use export or discord)");
  }

  @Test
  void the_discord_source_is_accepted() throws IOException {
    assertThat(ConfigLoader.load(yaml("messages:\n  source: discord\ndiscord:\n  admin-channel: 42\n")))
        .satisfies(c -> {
          assertThat(c.messagesSource()).isEqualTo("discord");
          assertThat(c.discordAdminChannel()).contains("42");
        });
  }

  @Test
  void discord_rest_base_and_gateway_urls_are_read_and_default_to_discords_own() throws IOException {
    Config c = ConfigLoader.load(yaml("discord:\n  rest-base-url: http://nirn-proxy:8080/api/v10\n"
        + "  gateway-url: wss://gateway.internal:7878\n"));

    assertThat(c.discordRestBaseUrl()).contains(java.net.URI.create("http://nirn-proxy:8080/api/v10"));
    assertThat(c.discordGatewayUrl()).contains(java.net.URI.create("wss://gateway.internal:7878"));
    assertThat(Config.defaults().discordRestBaseUrl()).isEmpty();
    assertThat(Config.defaults().discordGatewayUrl()).isEmpty();
  }

  @Test
  void discord_shards_is_a_count_from_1_to_4096_and_defaults_to_one_connection() throws IOException {
    assertThat(ConfigLoader.load(yaml("discord:\n  shards: 4\n")).discordShards()).contains(4);
    assertThat(Config.defaults().discordShards()).isEmpty();
    assertThat(errors("discord:\n  shards: 0\n")).containsExactly(
        "app.yaml line 2, column 3: discord.shards: 0 is outside 1-4096");
  }

  @Test
  void a_rest_base_or_gateway_url_of_the_wrong_kind_is_refused_naming_key_and_line() throws IOException {
    assertThat(errors("discord:\n  rest-base-url: wss://gateway.discord.gg/\n  gateway-url: https://discord.com/\n"))
        .containsExactly(
            "app.yaml line 2, column 3: discord.rest-base-url: 'wss://gateway.discord.gg/' does not start with"
                + " http:// or https:// (such as https://discord.com/api/v10/)",
            "app.yaml line 3, column 3: discord.gateway-url: 'https://discord.com/' does not start with ws:// or"
                + " wss:// (such as wss://gateway.discord.gg/)");
    assertThat(errors("discord:\n  rest-base-url: https://bot:hunter2@proxy/api/v10/\n"))
        .singleElement().asString().contains("must not hold credentials").doesNotContain("hunter2");
    assertThat(errors("discord:\n  gateway-url: 'ws://'\n")).singleElement().asString().contains("gateway-url");
  }

  @Test
  void webhook_secret_envs_are_patterns_of_variable_names_defaulting_to_star_webhook_secret() throws IOException {
    assertThat(Config.defaults().webhookSecretEnvs()).containsExactly("*_WEBHOOK_SECRET");
    assertThat(ConfigLoader.load(yaml("webhook:\n  secret-envs: [\"*_WEBHOOK_SECRET\", \"HOOK_?\"]\n"))
        .webhookSecretEnvs()).containsExactly("*_WEBHOOK_SECRET", "HOOK_?");
    assertThat(errors("webhook:\n  secret-envs: [\"AWS SECRET\", \"*\"]\n")).containsExactly(
        "app.yaml line 2, column 17: webhook.secret-envs[0]: must be an environment variable name or a pattern of one"
            + " with * and ? (such as *_WEBHOOK_SECRET), at most 128 characters");
  }

  @Test
  void durations_have_upper_bounds() throws IOException {
    assertThat(errors("""
        poll-interval: 2h
        lease: 999999999999d
        drain-timeout: 2h
        webhook:
          timeout: 11m
        """)).containsExactly(
        "app.yaml line 1, column 1: poll-interval: 2h is over the limit of 1h",
        "app.yaml line 2, column 1: lease: 999999999999d is over the limit of 1d",
        "app.yaml line 3, column 1: drain-timeout: 2h is over the limit of 1h",
        "app.yaml line 5, column 3: webhook.timeout: 11m is over the limit of 10m");
  }

  @Test
  void malformed_yaml_names_the_line_and_column() throws IOException {
    assertThat(errors("store: file:data\nwebhook: [oops\n")).singleElement().asString()
        .startsWith("app.yaml line 2, column 15: malformed YAML: while parsing a flow sequence");
  }

  @Test
  void credentials_in_a_store_url_are_masked_wherever_the_store_is_shown() throws IOException {
    Config c = ConfigLoader.load(yaml("store: jdbc:postgresql://db.internal:5432/summaries?user=u&password=hunter2\n"));

    assertThat(c.store()).as("the store itself keeps them").contains("hunter2");
    assertThat(c.shownStore()).isEqualTo("jdbc:postgresql://db.internal:5432/summaries?user=u&password=***");
    assertThat(Config.shownStore("jdbc:h2:file:/srv/tasks;USER=sa;PASSWORD=hunter2;AUTO_SERVER=TRUE"))
        .isEqualTo("jdbc:h2:file:/srv/tasks;USER=sa;PASSWORD=***;AUTO_SERVER=TRUE");
    assertThat(errors("store: postgres://u:hunter2@db/x?sslpassword=hunter2\n")).singleElement().asString()
        .doesNotContain("hunter2").contains("'postgres://***@db/x?sslpassword=***' is not a store");
  }

  @Test
  void a_missing_file_names_the_flag() {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml")))
        .hasMessageContaining("--config: ").hasMessageContaining("nope.yaml does not exist");
  }
}

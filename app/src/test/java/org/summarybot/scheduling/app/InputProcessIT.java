package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar as a process: what it accepts as input, and what it answers to input it refuses. */
class InputProcessIT {
  private static final Duration SHORT = Duration.ofSeconds(60);
  private static final String GUILD = "1100000000000000001";
  private static final String CHANNEL = "1100000000000000002";

  @TempDir Path dir;

  @BeforeEach
  void config() throws Exception {
    Files.writeString(dir.resolve("app.yaml"), "store: file:store\n");
  }

  private JarProcess.Result tasks(String... args) throws Exception {
    String[] all = new String[args.length + 3];
    all[0] = "--config";
    all[1] = "app.yaml";
    all[2] = "tasks";
    System.arraycopy(args, 0, all, 3, args.length);
    return JarProcess.run(dir, SHORT, all);
  }

  private String add(String... extra) throws Exception {
    String[] base = {"add", "--name", "dev daily", "--guild", GUILD, "--channel", CHANNEL, "--schedule", "daily 09:00",
        "--json"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    JarProcess.Result r = tasks(all);
    assertThat(r.exit()).as(r.err()).isZero();
    return Json.MAPPER.readTree(r.out()).get("id").asText();
  }

  // ---------------------------------------------------------------- item 8: control characters

  @Test
  void control_characters_in_a_name_or_a_destination_are_refused_naming_the_flag() throws Exception {
    JarProcess.Result r = tasks("add", "--name", "dev\u001b[31m daily", "--guild", GUILD, "--channel", CHANNEL,
        "--schedule", "daily 09:00", "--to", "file:out\nINFO forged line");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).doesNotContain("\u001b").doesNotContain("forged");
    assertThat(r.err().lines().toList()).containsExactly(
        "error: --name: holds the control character U+001B at character 4; control characters (line breaks, tabs,"
            + " escape sequences) and bidi controls are refused",
        "error: --to: holds the control character U+000A at character 9; control characters (line breaks, tabs,"
            + " escape sequences) and bidi controls are refused");
    assertThat(Json.MAPPER.readTree(tasks("list", "--json").out())).isEmpty();
  }

  // ---------------------------------------------------------------- item 9: duration bounds

  @Test
  void a_retry_delay_of_a_million_days_exits_2_naming_the_flag_and_its_limit() throws Exception {
    JarProcess.Result r = tasks("add", "--name", "n", "--guild", GUILD, "--channel", CHANNEL, "--schedule",
        "daily 09:00", "--to", "console:", "--retry-delay", "1000000d", "--lookback", "3651d");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList()).containsExactly("error: --lookback: 3651d is over the limit of 3650d",
        "error: --retry-delay: 1000000d is over the limit of 1d");
  }

  // ---------------------------------------------------------------- item 11: secrets

  @Test
  void a_secret_outside_webhook_secret_envs_is_refused_at_add_and_update() throws Exception {
    String hook = "webhook:https://hooks.example.com/digest/TOKEN123;secret=AWS_SECRET_ACCESS_KEY";
    String refused = "webhook:https://hooks.example.com/…: the secret variable AWS_SECRET_ACCESS_KEY is not allowed:"
        + " webhook.secret-envs allows *_WEBHOOK_SECRET";

    JarProcess.Result add = tasks("add", "--name", "n", "--guild", GUILD, "--channel", CHANNEL, "--schedule",
        "daily 09:00", "--to", hook);
    String id = add("--to", "webhook:https://hooks.example.com/digest/TOKEN123;secret=DIGEST_WEBHOOK_SECRET");
    JarProcess.Result update = tasks("update", id, "--to", hook);

    assertThat(add.exit()).isEqualTo(2);
    assertThat(add.err().lines().toList()).containsExactly("error: --to: " + refused);
    assertThat(update.exit()).isEqualTo(2);
    assertThat(update.err().lines().toList()).containsExactly("error: --to: " + refused);
    assertThat(add.err() + update.err()).doesNotContain("TOKEN123");
  }

}

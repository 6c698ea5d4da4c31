package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up the process tests share, registered with {@code @RegisterExtension} beside the test's
 * {@code @TempDir}: a loopback {@link HookReceiver} started before each test and closed after it (when asked for),
 * the sample export and an {@code app.yaml} written into the test's directory, tasks added through the jar's CLI,
 * and a task's history read back. Every CLI call is the real jar, bounded by the test's wait.
 */
final class AppFixture implements BeforeEachCallback, AfterEachCallback {
  /** The guild and channel of the sample export. */
  static final String GUILD = "1100000000000000001";
  static final String CHANNEL = "1100000000000000002";

  private final Supplier<Path> dir;
  private final Duration wait;
  private final boolean withReceiver;
  private HookReceiver hook;

  private AppFixture(Supplier<Path> dir, Duration wait, boolean withReceiver) {
    this.dir = dir;
    this.wait = wait;
    this.withReceiver = withReceiver;
  }

  /** A fixture in the directory {@code dir} gives at each use (the test's {@code @TempDir}). */
  static AppFixture in(Supplier<Path> dir, Duration wait) {
    return new AppFixture(dir, wait, false);
  }

  /** As {@link #in}, with a fresh {@link HookReceiver} for each test. */
  static AppFixture withHookReceiver(Supplier<Path> dir, Duration wait) {
    return new AppFixture(dir, wait, true);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    if (withReceiver) {
      hook = new HookReceiver();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (hook != null) {
      hook.close();
      hook = null;
    }
  }

  /** This test's receiver. */
  HookReceiver hook() {
    if (hook == null) {
      throw new IllegalStateException("this fixture has no receiver: register it withHookReceiver");
    }
    return hook;
  }

  /** A task destination to the receiver: {@code webhook:URL}. */
  String hookTarget() {
    return "webhook:" + hook().url();
  }

  /**
   * The config of a daemon delivering to the loopback receiver: the file store in {@code store}, polls every
   * 500ms, a 10s lease, a 1s drain, messages from the export directory, and webhooks allowed to 127.0.0.1 over
   * plain HTTP, with {@code webhook.timeout} when {@code timeout} is not null.
   */
  static String loopbackWebhookConfig(String timeout) {
    return """
        store: file:store
        poll-interval: 500ms
        lease: 10s
        drain-timeout: 1s
        messages:
          source: export
          export-dir: exports
        webhook:
          allow: [127.0.0.1]
          allow-http: true
        """ + (timeout == null ? "" : "  timeout: " + timeout + "\n");
  }

  /**
   * The config of a daemon on the fake Discord: the file store in {@code store}, polls every 500ms, a 10s lease, a
   * 1s drain, messages read from Discord, the token from {@code FAKE_BOT_TOKEN}, and the fake's REST and gateway
   * URLs; a test adds more {@code discord:} keys after it, indented by two.
   */
  static String fakeDiscordConfig(String restBaseUrl, String gatewayUrl) {
    return """
        store: file:store
        poll-interval: 500ms
        lease: 10s
        drain-timeout: 1s
        messages:
          source: discord
        discord:
          token-env: FAKE_BOT_TOKEN
          rest-base-url: %s
          gateway-url: %s
        """.formatted(restBaseUrl, gatewayUrl);
  }

  /** Copies the sample export to {@code exports/dev.json} and writes {@code yaml} as {@code app.yaml}. */
  void configure(String yaml) throws IOException {
    Path exports = Files.createDirectories(dir.get().resolve("exports"));
    JarProcess.copySampleExport(exports.resolve("dev.json"));
    Files.writeString(dir.get().resolve("app.yaml"), yaml);
  }

  /** {@code --config app.yaml tasks add ARGS --json}, which must exit 0; returns the new task's id. */
  String add(String... args) throws Exception {
    return addWith("app.yaml", args);
  }

  /** {@link #add} with the config file {@code config}. */
  String addWith(String config, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--config", config, "tasks", "add"));
    all.addAll(List.of(args));
    all.add("--json");
    JarProcess.Result add = JarProcess.run(dir.get(), wait, all.toArray(String[]::new));
    assertThat(add.exit()).as(add.err()).isZero();
    return Json.MAPPER.readTree(add.out()).get("id").asText();
  }

  /** {@code tasks history ID --json}, which must exit 0: the task's records. */
  JsonNode history(String id) throws Exception {
    JarProcess.Result h = JarProcess.run(dir.get(), wait, "--config", "app.yaml", "tasks", "history", id, "--json");
    assertThat(h.exit()).as(h.err()).isZero();
    return Json.MAPPER.readTree(h.out());
  }
}

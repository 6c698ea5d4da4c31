package org.summarybot.scheduling.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} with the file store, the export source and a webhook to a loopback server allowed by the config. */
class WebhookProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final byte[] KEY = "a test signing key, 32 bytes ok!".getBytes(UTF_8);
  private static final Map<String, String> ENV =
      Map.of("HOOK_WEBHOOK_SECRET", "whsec_" + Base64.getEncoder().encodeToString(KEY));

  @TempDir Path dir;
  @RegisterExtension final AppFixture app = AppFixture.withHookReceiver(() -> dir, WAIT);

  private String setUp() throws Exception {
    return setUp("app.yaml", "HOOK_WEBHOOK_SECRET");
  }

  /** The exports, {@code app.yaml}, and a task made with {@code config} whose webhook is signed from {@code secret}. */
  private String setUp(String config, String secret) throws Exception {
    app.configure(AppFixture.loopbackWebhookConfig("40s"));
    String once = LocalDateTime.now(ZoneOffset.UTC).plusSeconds(10).format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"));
    return app.addWith(config, "--name", "hook", "--guild", AppFixture.GUILD, "--channel", AppFixture.CHANNEL,
        "--schedule", "once " + once, "--zone", "UTC", "--lookback", "1000d", "--to",
        app.hookTarget() + ";secret=" + secret);
  }

  @Test
  void run_delivers_a_signed_summary_to_an_allowed_loopback_webhook() throws Exception {
    String id = setUp();

    try (JarProcess daemon = JarProcess.start(dir, ENV, "--config", "app.yaml", "run")) {
      HookReceiver.Received r = app.hook().next(WAIT);
      assertThat(r).as(daemon.stderr()).isNotNull();
      assertThat(r.signature()).isEqualTo("v1," + sign(r.id() + "." + r.timestamp() + "." + r.body()));
      assertThat(r.body()).contains("Most active participants").contains("Ana");
      assertThat(daemon.stderr()).doesNotContain(ENV.get("HOOK_WEBHOOK_SECRET"));
      daemon.terminate();
      daemon.await(WAIT);
    }
    JsonNode history = history(id);
    assertThat(history).hasSize(1);
    assertThat(history.get(0).get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(history.get(0).get("deliveries").get(0).get("status").asText()).isEqualTo("DELIVERED");
  }

  @Test
  void sigterm_during_an_execution_hands_it_back_and_the_next_start_finishes_it_once() throws Exception {
    app.hook().holdingFirst();
    String id = setUp();

    HookReceiver.Received first;
    try (JarProcess daemon = JarProcess.start(dir, ENV, "--config", "app.yaml", "run")) {
      first = app.hook().next(WAIT);
      assertThat(first).as(daemon.stderr()).isNotNull();
      daemon.terminate();
      JarProcess.Result stopped = daemon.await(WAIT);
      assertThat(stopped.err()).contains("lease handed back");
    }
    app.hook().releaseFirst();
    assertThat(history(id)).as("the dropped attempt left no record").isEmpty();

    try (JarProcess daemon = JarProcess.start(dir, ENV, "--config", "app.yaml", "run")) {
      HookReceiver.Received second = app.hook().next(WAIT);
      assertThat(second).as(daemon.stderr()).isNotNull();
      assertThat(second.id()).as("the same execution, so the same webhook-id").isEqualTo(first.id());
      daemon.awaitStderr("SUCCEEDED", WAIT);
      daemon.terminate();
      daemon.await(WAIT);
    }
    JsonNode history = history(id);
    assertThat(history).hasSize(1);
    assertThat(history.get(0).get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(app.hook().hasMore()).isFalse();
  }

  @Test
  void a_secret_named_outside_webhook_secret_envs_fails_the_delivery_and_is_never_read() throws Exception {
    Files.writeString(dir.resolve("lenient.yaml"), """
        store: file:store
        webhook:
          allow: [127.0.0.1]
          allow-http: true
          secret-envs: ["AWS_*"]
        """);
    String id = setUp("lenient.yaml", "AWS_SECRET_ACCESS_KEY");
    String value = ENV.get("HOOK_WEBHOOK_SECRET");

    JarProcess.Result r;
    try (JarProcess p = JarProcess.start(dir, Map.of("AWS_SECRET_ACCESS_KEY", value), "--config", "app.yaml", "tasks",
        "run-now", id)) {
      r = p.await(WAIT);
    }

    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED after 1 attempt(s)").contains("the signing secret variable"
        + " AWS_SECRET_ACCESS_KEY of webhook:" + app.hook().url().replace("/hook", "")
        + "/… is not allowed by webhook.secret-envs (*_WEBHOOK_SECRET); it was not read");
    assertThat(r.out() + r.err()).doesNotContain(value);
    assertThat(app.hook().requests()).as("nothing was sent").isZero();
  }

  private JsonNode history(String id) throws Exception {
    return app.history(id);
  }

  private static String sign(String content) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(UTF_8)));
  }

}

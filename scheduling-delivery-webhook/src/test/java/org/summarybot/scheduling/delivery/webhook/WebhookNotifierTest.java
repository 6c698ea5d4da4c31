package org.summarybot.scheduling.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.FIRE;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.SECRET;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.SECRET_REF;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.signedWebhook;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.task;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.DeliveryStatus;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.Notification;
import org.summarybot.scheduling.port.Notifier;
import org.summarybot.scheduling.testing.FakeClock;

class WebhookNotifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeClock clock = new FakeClock(FIRE.plusSeconds(60));
  private final ScheduledTask task = task(webhook("https://hooks.example.com/summary"));
  private LoopbackServer server;

  @BeforeEach
  void start() throws IOException {
    server = new LoopbackServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Notifier notifier(Destination to) {
    return WebhookDelivery.builder().clock(clock)
        .secrets(name -> name.equals(SECRET_REF) ? Optional.of(SECRET) : Optional.empty())
        .allowHttp(true).allowList(List.of("127.0.0.1")).discordHost("127.0.0.1").buildNotifier(to);
  }

  private ExecutionRecord failedRun() {
    return new ExecutionRecord(ExecutionId.of(task.id(), FIRE), task.id(), task.guildId(), FIRE, FIRE,
        FIRE.plusSeconds(40), 3, ExecutionOutcome.FAILED, Optional.of(TimeWindow.of(FIRE.minusSeconds(86_400), FIRE)),
        42, List.of(new DeliveryResult("webhook:https://hooks.example.com/…", DeliveryStatus.FAILED,
            Optional.of("HTTP 503"))), Optional.of("DeliveryFailed"), Optional.of("no attempts left"), 0,
        Optional.empty());
  }

  @Test
  void sends_task_failed_in_the_signed_envelope() throws Exception {
    notifier(signedWebhook(server.url("/alerts"))).notify(new Notification.ExecutionFailed(task, failedRun()));

    LoopbackServer.Received r = server.take();
    assertThat(Verifier.verify(SECRET, r.header("webhook-id"), r.header("webhook-timestamp"),
        r.header("webhook-signature"), r.body(), clock.now())).isTrue();
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("type").asText()).isEqualTo("task.failed");
    assertThat(body.get("id").asText()).isEqualTo(r.header("webhook-id"));
    assertThat(body.at("/data/task/id").asText()).isEqualTo("daily-dev");
    assertThat(body.at("/data/execution/id").asText()).isEqualTo(ExecutionId.of(task.id(), FIRE).value());
    assertThat(body.at("/data/execution/attempts").asInt()).isEqualTo(3);
    assertThat(body.at("/data/execution/outcome").asText()).isEqualTo("FAILED");
    assertThat(body.at("/data/error/message").asText()).isEqualTo("no attempts left");
    assertThat(body.at("/data/deliveries/0/status").asText()).isEqualTo("FAILED");
    assertThat(body.at("/data/deliveries/0/error").asText()).isEqualTo("HTTP 503");
  }

  @Test
  void sends_task_disabled_and_destination_disabled_with_stable_ids() throws Exception {
    Notifier n = notifier(webhook(server.url("/alerts")));
    Notification disabled = new Notification.TaskDisabled(task, "5 consecutive failures");
    Notification gone = new Notification.DestinationDisabled(task, task.destinations().get(0), "HTTP 410 Gone");

    n.notify(disabled);
    n.notify(gone);
    n.notify(disabled);

    JsonNode first = JSON.readTree(server.take().body());
    JsonNode second = JSON.readTree(server.take().body());
    JsonNode repeat = JSON.readTree(server.take().body());
    assertThat(first.get("type").asText()).isEqualTo("task.disabled");
    assertThat(first.at("/data/reason").asText()).isEqualTo("5 consecutive failures");
    assertThat(second.get("type").asText()).isEqualTo("destination.disabled");
    assertThat(second.at("/data/destination").asText()).isEqualTo("webhook:https://hooks.example.com/…");
    assertThat(repeat.get("id").asText()).isEqualTo(first.get("id").asText());
    assertThat(second.get("id").asText()).isNotEqualTo(first.get("id").asText());
  }

  @Test
  void a_discord_notifier_posts_a_message_that_pings_nobody() throws Exception {
    notifier(webhook(server.url("/api/webhooks/42/notifier-token-abcdef")))
        .notify(new Notification.TaskDisabled(task, "@everyone 5 consecutive failures"));

    JsonNode body = JSON.readTree(server.take().body());
    assertThat(body.get("content").asText()).contains("Daily #dev digest").contains("5 consecutive failures");
    assertThat(body.get("allowed_mentions").toString()).isEqualTo("{\"parse\":[]}");
  }

  @Test
  void a_failing_receiver_never_breaks_the_caller() throws Exception {
    server.then(500, "down");
    Notifier n = notifier(webhook(server.url("/alerts")));

    n.notify(new Notification.TaskDisabled(task, "reason"));
    assertThat(server.take().path()).isEqualTo("/alerts");
    server.close();
    n.notify(new Notification.ExecutionFailed(task, failedRun()));
    notifier(webhook("http://10.0.0.1/alerts")).notify(new Notification.TaskDisabled(task, "reason"));
  }
}

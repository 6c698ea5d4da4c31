package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryRequest;

class SecretEnvsTest {
  private static final Instant T = Instant.parse("2025-03-14T09:00:00Z");

  @Test
  void patterns_are_globs_over_the_whole_name_and_case_matters() {
    SecretEnvs s = new SecretEnvs(List.of("*_WEBHOOK_SECRET", "HOOK_?"));

    assertThat(s.allows("DIGEST_WEBHOOK_SECRET")).isTrue();
    assertThat(s.allows("_WEBHOOK_SECRET")).isTrue();
    assertThat(s.allows("HOOK_A")).isTrue();
    assertThat(s.allows("HOOK_AB")).isFalse();
    assertThat(s.allows("AWS_SECRET_ACCESS_KEY")).isFalse();
    assertThat(s.allows("digest_webhook_secret")).isFalse();
    assertThat(s.allows("DIGEST_WEBHOOK_SECRET_X")).isFalse();
    assertThat(new SecretEnvs(List.of()).allows("A_WEBHOOK_SECRET")).isFalse();
  }

  @Test
  void the_resolver_never_reads_a_variable_outside_the_patterns() {
    List<String> read = new ArrayList<>();
    Function<String, Optional<String>> env = name -> {
      read.add(name);
      return Optional.of("whsec_value");
    };
    Function<String, Optional<String>> resolver = new SecretEnvs(SecretEnvs.DEFAULT_PATTERNS).resolver(env);

    assertThat(resolver.apply("AWS_SECRET_ACCESS_KEY")).isEmpty();
    assertThat(resolver.apply("DIGEST_WEBHOOK_SECRET")).contains("whsec_value");
    assertThat(read).containsExactly("DIGEST_WEBHOOK_SECRET");
  }

  @Test
  void delivery_to_a_webhook_naming_a_secret_outside_the_patterns_fails_permanently_without_sending() {
    List<DeliveryRequest> sent = new ArrayList<>();
    DeliveryChannel webhooks = request -> {
      sent.add(request);
      return DeliveryOutcome.delivered("sent");
    };
    DeliveryChannel guarded = new SecretEnvs(SecretEnvs.DEFAULT_PATTERNS).guard(webhooks);

    DeliveryOutcome refused = guarded.deliver(request(
        Destination.webhook("https://hooks.example.com/x/TOKEN", Optional.of("AWS_SECRET_ACCESS_KEY"))));
    DeliveryOutcome allowed = guarded.deliver(request(
        Destination.webhook("https://hooks.example.com/x/TOKEN", Optional.of("DIGEST_WEBHOOK_SECRET"))));
    DeliveryOutcome unsigned = guarded.deliver(request(
        Destination.webhook("https://hooks.example.com/x/TOKEN", Optional.empty())));

    assertThat(refused).isEqualTo(new DeliveryOutcome.PermanentFailure("the signing secret variable"
        + " AWS_SECRET_ACCESS_KEY of webhook:https://hooks.example.com/… is not allowed by webhook.secret-envs"
        + " (*_WEBHOOK_SECRET); it was not read", false));
    assertThat(allowed).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(unsigned).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(sent).hasSize(2);
  }

  private static DeliveryRequest request(Destination d) {
    ScheduledTask task = ScheduledTask.builder().id(TaskId.of("t")).name("n").guildId(GuildId.of(1))
        .channel(ChannelId.of(2)).schedule("daily 09:00").destination(d).createdAt(T).updatedAt(T).build();
    Summary summary = new Summary("t", "md", List.of(), 0, TimeWindow.of(T.minusSeconds(60), T));
    return new DeliveryRequest(ExecutionId.of(task.id(), T), task, d, summary, T, 1, DeliveryJournal.none());
  }
}

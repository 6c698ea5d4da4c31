package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.delivery.discord.FakeDiscord.Scripted;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.ExternalServiceException;

/** Discord's 429s on the read side: {@code retry_after} reaches the engine when the adapter does not wait it out. */
class DiscordRateLimitTest {
  private static FakeDiscord fake;
  private static DiscordAdapter adapter;

  @BeforeAll
  static void start() throws Exception {
    fake = FakeDiscord.start();
    adapter = fake.adapter(false);
  }

  @AfterAll
  static void stop() throws Exception {
    if (adapter != null) {
      adapter.close();
    }
    fake.close();
  }

  @Test
  void a_429_on_a_history_page_longer_than_the_adapter_waits_is_transient_with_discords_retry_after() {
    fake.script("GET", "/channels/" + TEXT + "/messages", Scripted.rateLimited(44.5)); // Retry-After: 45
    TimeWindow window = TimeWindow.of(Instant.parse("2026-03-01T08:00:00Z"), Instant.parse("2026-03-02T08:00:00Z"));

    ExternalServiceException e = catchThrowableOfType(ExternalServiceException.class,
        () -> adapter.messageSource().fetch(ChannelId.of(TEXT), window, 100, false));

    assertThat(e.permanent()).isFalse();
    assertThat(e.retryAfter()).hasValueSatisfying(
        wait -> assertThat(wait).isBetween(Duration.ofMillis(44_500), Duration.ofSeconds(45)));
    assertThat(e.getMessage()).contains("rate-limited the bot for 45s");
    assertThat(fake.requestsTo("GET", "/channels/" + TEXT + "/messages")).hasSize(1);
  }
}

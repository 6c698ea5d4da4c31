package org.summarybot.scheduling.delivery.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryRequest;

/** Tasks, summaries and requests for the tests. */
final class Fixtures {
  static final Instant FIRE = Instant.parse("2025-03-31T07:00:00Z");
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String SECRET_REF = "SUMMARY_WEBHOOK_SECRET";

  private Fixtures() {}

  static ScheduledTask task(Destination destination) {
    return ScheduledTask.builder()
        .id(TaskId.of("daily-dev"))
        .name("Daily #dev digest")
        .guildId(GuildId.of(111111111111111111L))
        .channelIds(List.of(ChannelId.of(222222222222222222L), ChannelId.of(333333333333333333L)))
        .schedule("daily 09:00")
        .destination(destination)
        .createdAt(Instant.parse("2025-01-01T00:00:00Z"))
        .build();
  }

  static Summary summary(String markdown) {
    return new Summary("Daily #dev digest", markdown, List.of("alice", "bob"), 42,
        TimeWindow.of(FIRE.minusSeconds(86_400), FIRE));
  }

  static DeliveryRequest request(Destination d, int attempt, DeliveryJournal journal) {
    return request(d, summary("* shipped the release\n* @everyone lunch at noon"), attempt, journal);
  }

  static DeliveryRequest request(Destination d, Summary s, int attempt, DeliveryJournal journal) {
    ScheduledTask t = task(d);
    return new DeliveryRequest(ExecutionId.of(t.id(), FIRE), t, d, s, FIRE, attempt, journal);
  }

  /** The first attempt of the execution of {@link #task} scheduled for {@code fire}, sending to {@code d}. */
  static DeliveryRequest firstAttempt(Destination d, Instant fire) {
    ScheduledTask t = task(d);
    return new DeliveryRequest(ExecutionId.of(t.id(), fire), t, d, summary("* shipped the release"), fire, 1,
        DeliveryJournal.none());
  }

  static Destination webhook(String url) {
    return Destination.webhook(url, Optional.empty());
  }

  static Destination signedWebhook(String url) {
    return Destination.webhook(url, Optional.of(SECRET_REF));
  }

  /** A journal that remembers, as the store's does. */
  static final class MemoryJournal implements DeliveryJournal {
    final Set<String> parts = ConcurrentHashMap.newKeySet();

    @Override
    public boolean isDelivered(String part) {
      return parts.contains(part);
    }

    @Override
    public void markDelivered(String part) {
      parts.add(part);
    }
  }
}

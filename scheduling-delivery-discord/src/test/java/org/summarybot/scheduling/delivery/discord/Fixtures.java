package org.summarybot.scheduling.delivery.discord;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryRequest;

final class Fixtures {
  static final Instant FIRE = Instant.parse("2026-03-02T08:00:00Z");
  static final TimeWindow WINDOW = TimeWindow.of(FIRE.minusSeconds(86_400), FIRE);

  private Fixtures() {}

  static ScheduledTask task(String createdBy, long channel) {
    return ScheduledTask.builder().id(TaskId.of("dev-digest")).name("Dev digest").guildId(GuildId.of(FakeDiscord.GUILD))
        .channel(ChannelId.of(FakeDiscord.TEXT)).schedule("daily 09:00").zone(ZoneId.of("Europe/Berlin"))
        .destination(Destination.discord(ChannelId.of(channel), DeliveryFormat.EMBED)).createdBy(createdBy)
        .createdAt(FIRE.minusSeconds(864_000)).build();
  }

  static Summary summary(String markdown, List<String> participants) {
    return new Summary("Daily summary of #dev", markdown, participants, 42, WINDOW);
  }

  static DeliveryRequest request(long channel, DeliveryFormat format, Summary summary, DeliveryJournal journal) {
    return request("exec-1", channel, format, summary, journal);
  }

  static DeliveryRequest request(String execution, long channel, DeliveryFormat format, Summary summary,
      DeliveryJournal journal) {
    return new DeliveryRequest(new ExecutionId(execution), task("", channel),
        Destination.discord(ChannelId.of(channel), format), summary, FIRE, 1, journal);
  }

  /** A long summary: many paragraphs, a long code fence, links, mentions that must not ping. */
  static String longMarkdown(int paragraphs) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < paragraphs; i++) {
      b.append("Paragraph ").append(i).append(": @everyone the team discussed [the design doc ").append(i)
          .append("](https://example.com/docs/").append(i).append("?tab=comments) and <@123456789012345678> agreed. ")
          .append("word".repeat(0)).append("Details follow in a reasonably long sentence number ").append(i)
          .append(" that pads this paragraph out to a realistic length for a chat summary.\n\n");
      if (i % 7 == 3) {
        b.append("```java\n");
        for (int l = 0; l < 60; l++) {
          b.append("int line").append(i).append('_').append(l).append(" = compute(").append(l).append(");\n");
        }
        b.append("```\n\n");
      }
    }
    return b.toString();
  }

  static List<String> names(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("participant-with-a-long-display-name-" + i);
    }
    return out;
  }

  /** An in-memory journal. */
  static final class Journal implements DeliveryJournal {
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

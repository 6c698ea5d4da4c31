package org.summarybot.scheduling.app;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.SummaryLength;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.Summarizer;
import org.summarybot.scheduling.port.SummaryRequest;

/**
 * The deterministic summarizer shipped with the app: counts and highlights computed from the messages alone,
 * no network. The same request always gives the same summary; its times (the period, activity by hour) are in
 * the task's zone. BRIEF is a few lines; DETAILED adds highlights, links and an hourly activity line;
 * COMPREHENSIVE adds every participant, more highlights, per-channel counts and the full hourly table. An LLM-backed summarizer can replace it behind the {@link Summarizer} port.
 */
final class BuiltInSummarizer implements Summarizer {
  private static final Pattern LINK = Pattern.compile("https?://[^\\s<>()\"']+");
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");
  private static final int QUOTE_CHARS = 120;

  @Override
  public Summary summarize(SummaryRequest request) {
    List<Message> messages = request.messages();
    TimeWindow window = request.window();
    ZoneId zone = request.zone();
    SummaryLength length = request.options().length();
    Map<String, Integer> byAuthor = new LinkedHashMap<>();
    Map<String, Integer> replies = new HashMap<>();
    for (Message m : messages) {
      byAuthor.merge(m.authorName(), 1, Integer::sum);
      m.replyTo().ifPresent(r -> replies.merge(r, 1, Integer::sum));
    }
    List<String> participants = new ArrayList<>(byAuthor.keySet());
    String title = request.taskName() + ": " + period(window, zone);
    StringBuilder md = new StringBuilder();
    md.append("# ").append(title).append("\n\n");
    md.append("**Period:** ").append(period(window, zone)).append(" (").append(zone.getId()).append(")\n");
    if (messages.isEmpty()) {
      md.append("\nThe channel was quiet: no messages in this period.\n");
      return new Summary(title, md.toString(), List.of(), 0, window);
    }
    md.append("**Messages:** ").append(messages.size())
        .append(request.truncated() ? " (more were posted; only the first ones were read)" : "")
        .append(" from ").append(participants.size()).append(participants.size() == 1 ? " participant" : " participants")
        .append("\n");

    List<Map.Entry<String, Integer>> active = new ArrayList<>(byAuthor.entrySet());
    active.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    int activeShown = switch (length) {
      case BRIEF -> 3;
      case DETAILED -> 5;
      case COMPREHENSIVE -> active.size();
    };
    if (length == SummaryLength.BRIEF) {
      md.append("**Most active:** ").append(String.join(", ",
          active.stream().limit(activeShown).map(e -> e.getKey() + " (" + e.getValue() + ")").toList())).append("\n");
      Message top = notable(messages, replies).get(0);
      if (score(top, replies) > 0) {
        md.append("**Top message:** ").append(quote(top)).append("\n");
      }
      return new Summary(title, md.toString(), participants, messages.size(), window);
    }

    md.append("\n## Most active participants\n");
    active.stream().limit(activeShown).forEach(e -> md.append("- ").append(e.getKey()).append(": ")
        .append(e.getValue()).append(e.getValue() == 1 ? " message" : " messages").append("\n"));

    int notableShown = length == SummaryLength.DETAILED ? 3 : 10;
    List<Message> highlights = notable(messages, replies).stream().filter(m -> score(m, replies) > 0)
        .limit(notableShown).toList();
    if (!highlights.isEmpty()) {
      md.append("\n## Most replied-to and reacted messages\n");
      for (Message m : highlights) {
        int r = replies.getOrDefault(m.id(), 0);
        md.append("- ").append(quote(m)).append(" (").append(m.reactionCount()).append(m.reactionCount() == 1 ? " reaction, " : " reactions, ")
            .append(r).append(r == 1 ? " reply)" : " replies)").append("\n");
      }
    }

    Set<String> links = new LinkedHashSet<>();
    for (Message m : messages) {
      Matcher lm = LINK.matcher(m.content());
      while (lm.find()) {
        links.add(lm.group().replaceAll("[.,;:!?]+$", ""));
      }
    }
    if (!links.isEmpty()) {
      md.append("\n## Links shared\n");
      int linkShown = length == SummaryLength.DETAILED ? 5 : Integer.MAX_VALUE;
      links.stream().limit(linkShown).forEach(l -> md.append("- ").append(l).append("\n"));
      if (links.size() > linkShown) {
        md.append("- … and ").append(links.size() - linkShown).append(" more\n");
      }
    }

    int[] hours = new int[24];
    for (Message m : messages) {
      hours[m.timestamp().atZone(zone).getHour()]++;
    }
    md.append("\n## Activity by hour (").append(zone.getId()).append(")\n");
    if (length == SummaryLength.DETAILED) {
      List<String> parts = new ArrayList<>();
      for (int h = 0; h < 24; h++) {
        if (hours[h] > 0) {
          parts.add(String.format("%02d:00 %d", h, hours[h]));
        }
      }
      md.append(String.join(" · ", parts)).append("\n");
    } else {
      int max = 0;
      for (int h : hours) {
        max = Math.max(max, h);
      }
      md.append("```\n");
      for (int h = 0; h < 24; h++) {
        if (hours[h] > 0) {
          int bar = Math.max(1, (int) Math.round(20.0 * hours[h] / max));
          md.append(String.format("%02d:00 %s %d%n", h, "#".repeat(bar), hours[h]));
        }
      }
      md.append("```\n");

      Map<ChannelId, Integer> byChannel = new LinkedHashMap<>();
      int attachments = 0;
      int bots = 0;
      for (Message m : messages) {
        byChannel.merge(m.channelId(), 1, Integer::sum);
        attachments += m.attachmentCount();
        bots += m.authorIsBot() ? 1 : 0;
      }
      md.append("\n## Channels\n");
      byChannel.forEach((c, n) -> md.append("- ").append(c).append(": ").append(n).append(n == 1 ? " message" : " messages").append("\n"));
      md.append("\n**Attachments:** ").append(attachments).append(" · **Messages by bots:** ").append(bots).append("\n");
    }
    return new Summary(title, md.toString(), participants, messages.size(), window);
  }

  /** Messages by replies plus reactions, highest first; ties go to the earlier message. */
  private static List<Message> notable(List<Message> messages, Map<String, Integer> replies) {
    List<Message> sorted = new ArrayList<>(messages);
    sorted.sort(Comparator.comparingInt((Message m) -> score(m, replies)).reversed()
        .thenComparing(Message::timestamp).thenComparing(Message::id));
    return sorted;
  }

  private static int score(Message m, Map<String, Integer> replies) {
    return m.reactionCount() + 2 * replies.getOrDefault(m.id(), 0);
  }

  private static String quote(Message m) {
    String text = m.content().strip().replaceAll("\\s+", " ");
    if (text.length() > QUOTE_CHARS) {
      text = text.substring(0, QUOTE_CHARS - 1).strip() + "…";
    }
    return "\"" + text + "\" (" + m.authorName() + ")";
  }

  /** The window in the task's zone, to the minute: {@code 2025-03-14 09:00 to 2025-03-15 09:00}. */
  private static String period(TimeWindow w, ZoneId zone) {
    ZonedDateTime from = w.from().atZone(zone);
    ZonedDateTime to = w.to().atZone(zone);
    return WHEN.format(from) + " to " + WHEN.format(to);
  }

  @Override
  public String toString() {
    return "built-in summarizer";
  }
}

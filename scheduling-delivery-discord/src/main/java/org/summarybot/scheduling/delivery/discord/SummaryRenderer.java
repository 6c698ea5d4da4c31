package org.summarybot.scheduling.delivery.discord;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.TimeWindow;

/**
 * Turns a summary into the Discord messages that carry it, each within every Discord limit, each mentioning
 * nobody. Deterministic: the same summary always gives the same parts, so part numbers are stable across
 * retries. Pure and thread-safe.
 */
final class SummaryRenderer {
  static final int CONTENT_MAX = Message.MAX_CONTENT_LENGTH; // 2000
  static final int TITLE_MAX = MessageEmbed.TITLE_MAX_LENGTH; // 256
  static final int DESCRIPTION_MAX = MessageEmbed.DESCRIPTION_MAX_LENGTH; // 4096
  static final int FIELD_VALUE_MAX = MessageEmbed.VALUE_MAX_LENGTH; // 1024
  static final int FOOTER_MAX = MessageEmbed.TEXT_MAX_LENGTH; // 2048
  static final int MESSAGE_EMBEDS_MAX = Message.MAX_EMBED_COUNT; // 10
  static final int MESSAGE_EMBED_CHARS_MAX = MessageEmbed.EMBED_MAX_LENGTH_BOT; // 6000
  /** Discord's embed accent colour ("blurple"). */
  private static final int COLOR = 0x5865F2;
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private SummaryRenderer() {}

  /** Discord's limit on a channel's name, a forum post's title included. */
  static final int POST_NAME_MAX = 100;

  static List<MessageCreateData> render(Summary summary, DeliveryFormat format, String taskName, ZoneId zone) {
    return render(summary, format, taskName, zone, "");
  }

  /**
   * The parts, the first carrying {@code firstNote} (a line of small print such as a forum post's reference;
   * empty for none): as the last line of its text in {@code MARKDOWN}, as its text above the embeds in
   * {@code EMBED}. The note never pushes a message over a limit.
   */
  static List<MessageCreateData> render(Summary summary, DeliveryFormat format, String taskName, ZoneId zone,
      String firstNote) {
    return switch (format) {
      case EMBED -> withNote(embeds(summary, taskName, zone), firstNote);
      case MARKDOWN -> markdown(summary, taskName, zone, firstNote);
      case JSON -> throw new IllegalArgumentException("a Discord channel takes embed or markdown, not json");
    };
  }

  /** A forum post's title: the summary's title on one line, else the task's name, within 1-100 characters. */
  static String postName(Summary summary, String taskName) {
    String title = oneLine(summary.title());
    if (title.isEmpty()) {
      title = oneLine(taskName);
    }
    return truncate(title.isEmpty() ? "Summary" : title, POST_NAME_MAX);
  }

  /** Plain messages: a bold title, the body, and a small-print line with the task, window and counts. */
  static List<MessageCreateData> markdown(Summary summary, String taskName, ZoneId zone) {
    return markdown(summary, taskName, zone, "");
  }

  private static List<MessageCreateData> markdown(Summary summary, String taskName, ZoneId zone, String firstNote) {
    StringBuilder text = new StringBuilder();
    if (!summary.title().isBlank()) {
      text.append("**").append(oneLine(summary.title())).append("**\n\n");
    }
    text.append(summary.markdown().isBlank() ? "_(no summary text)_" : summary.markdown().strip());
    text.append("\n\n-# ").append(footer(summary, taskName, zone)).append(" · ").append(counts(summary));
    if (!summary.participants().isEmpty()) {
      text.append("\n-# Participants: ").append(String.join(", ", summary.participants()));
    }
    List<MessageCreateData> out = new ArrayList<>();
    int room = firstNote.isEmpty() ? CONTENT_MAX : CONTENT_MAX - firstNote.length() - 1;
    for (String piece : MarkdownSplitter.split(text.toString(), room)) {
      String content = out.isEmpty() && !firstNote.isEmpty() ? piece + "\n" + firstNote : piece;
      out.add(noMentions(new MessageCreateBuilder().setContent(content)));
    }
    return out;
  }

  /**
   * Embeds: the title on the first, the body across descriptions of at most 4096 characters, and on the last
   * the participants and counts as fields, a footer with the task and the window, and the window's end as
   * timestamp. Embeds are packed into messages of at most 10 embeds and 6000 characters.
   */
  static List<MessageCreateData> embeds(Summary summary, String taskName, ZoneId zone) {
    List<String> descriptions = MarkdownSplitter.split(summary.markdown(), DESCRIPTION_MAX);
    if (descriptions.isEmpty()) {
      descriptions = List.of("_(no summary text)_");
    }
    String title = truncate(oneLine(summary.title()), TITLE_MAX);
    List<MessageEmbed> embeds = new ArrayList<>();
    for (int i = 0; i < descriptions.size(); i++) {
      EmbedBuilder e = new EmbedBuilder().setColor(COLOR).setDescription(descriptions.get(i));
      if (i == 0) {
        e.setTitle(title.isEmpty() ? null : title);
      }
      embeds.add(e.build());
    }
    MessageEmbed last = embeds.get(embeds.size() - 1);
    EmbedBuilder merged = withExtras(new EmbedBuilder(last), summary, taskName, zone);
    if (merged.length() <= MESSAGE_EMBED_CHARS_MAX) {
      embeds.set(embeds.size() - 1, merged.build());
    } else { // a long body, footer and participant list together would break 6000: give the extras their own embed
      embeds.add(withExtras(new EmbedBuilder().setColor(COLOR), summary, taskName, zone).build());
    }

    List<MessageCreateData> out = new ArrayList<>();
    List<MessageEmbed> batch = new ArrayList<>();
    int chars = 0;
    for (MessageEmbed e : embeds) {
      if (!batch.isEmpty() && (batch.size() == MESSAGE_EMBEDS_MAX || chars + e.getLength() > MESSAGE_EMBED_CHARS_MAX)) {
        out.add(noMentions(new MessageCreateBuilder().setEmbeds(batch)));
        batch = new ArrayList<>();
        chars = 0;
      }
      batch.add(e);
      chars += e.getLength();
    }
    out.add(noMentions(new MessageCreateBuilder().setEmbeds(batch)));
    return out;
  }

  private static List<MessageCreateData> withNote(List<MessageCreateData> parts, String note) {
    if (note.isEmpty()) {
      return parts;
    }
    List<MessageCreateData> out = new ArrayList<>(parts);
    out.set(0, noMentions(MessageCreateBuilder.from(parts.get(0)).setContent(note)));
    return out;
  }

  private static EmbedBuilder withExtras(EmbedBuilder e, Summary summary, String taskName, ZoneId zone) {
    return e.addField("Participants", participants(summary.participants()), false)
        .addField("Messages", Integer.toString(summary.messageCount()), true)
        .setFooter(truncate(footer(summary, taskName, zone), FOOTER_MAX))
        .setTimestamp(summary.window().to());
  }

  /** Every message pings nobody: no @everyone, roles, users or replied user, whatever the text holds. */
  static MessageCreateData noMentions(MessageCreateBuilder b) {
    return b.setAllowedMentions(EnumSet.noneOf(Message.MentionType.class)).mentionRepliedUser(false).build();
  }

  /** Names joined by commas, within a field value; "and N more" names the ones left out. */
  static String participants(List<String> names) {
    if (names.isEmpty()) {
      return "nobody";
    }
    StringBuilder b = new StringBuilder();
    int n = names.size();
    for (int i = 0; i < n; i++) {
      String name = oneLine(names.get(i));
      String sep = i == 0 ? "" : ", ";
      String tail = i == n - 1 ? "" : " and " + (n - i - 1) + " more";
      if (b.length() + sep.length() + name.length() + tail.length() > FIELD_VALUE_MAX) {
        if (i == 0) {
          return truncate(name, FIELD_VALUE_MAX - tail.length()) + tail;
        }
        return b + " and " + (n - i) + " more"; // fits: the previous step reserved room for it
      }
      b.append(sep).append(name);
    }
    return b.toString();
  }

  static String footer(Summary summary, String taskName, ZoneId zone) {
    TimeWindow w = summary.window();
    return oneLine(taskName) + " · " + WHEN.format(w.from().atZone(zone)) + " – " + WHEN.format(w.to().atZone(zone))
        + " " + zone.getId();
  }

  private static String counts(Summary summary) {
    return summary.messageCount() + (summary.messageCount() == 1 ? " message" : " messages");
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  /** At most {@code max} characters, ending with an ellipsis when cut; never cuts a surrogate pair. */
  static String truncate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int cut = max - 1;
    if (Character.isLowSurrogate(s.charAt(cut)) && Character.isHighSurrogate(s.charAt(cut - 1))) {
      cut--;
    }
    return s.substring(0, cut) + "…";
  }
}

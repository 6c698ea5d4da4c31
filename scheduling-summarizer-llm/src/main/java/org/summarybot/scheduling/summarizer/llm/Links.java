package org.summarybot.scheduling.summarizer.llm;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.summarybot.scheduling.model.Message;

/**
 * The links of a window's messages, and a model's text with every other link taken out: a Markdown link whose
 * target is not in the messages keeps only its words, a bare one is removed.
 */
final class Links {
  private static final Pattern URL = Pattern.compile("https?://[^\\s<>()\\[\\]\"'`]+", Pattern.CASE_INSENSITIVE);
  private static final Pattern MARKDOWN_LINK = Pattern.compile("\\[([^\\]\\n]*)\\]\\(\\s*<?([^)\\s>]*)>?\\s*\\)");
  private static final String TRAILING = ".,;:!?*_~";

  private final Set<String> known;

  private Links(Set<String> known) {
    this.known = known;
  }

  static Links of(List<Message> messages) {
    Set<String> known = new LinkedHashSet<>();
    for (Message m : messages) {
      Matcher u = URL.matcher(m.content());
      while (u.find()) {
        known.add(trim(u.group()));
      }
    }
    return new Links(known);
  }

  /** The links of the messages, in order of first appearance. */
  List<String> all() {
    return List.copyOf(known);
  }

  /** {@code text} without links that are not in the messages. */
  String keepKnown(String text) {
    Matcher md = MARKDOWN_LINK.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (md.find()) {
      String target = trim(md.group(2));
      md.appendReplacement(out, Matcher.quoteReplacement(
          known.contains(target) ? md.group() : md.group(1)));
    }
    md.appendTail(out);
    String withoutMarkdown = out.toString();
    // Bare links, outside Markdown links that were kept: those are matched by their target as well.
    Matcher u = URL.matcher(withoutMarkdown);
    StringBuilder bare = new StringBuilder(withoutMarkdown.length());
    while (u.find()) {
      String url = trim(u.group());
      String rest = u.group().substring(url.length());
      u.appendReplacement(bare, Matcher.quoteReplacement(known.contains(url) ? u.group() : rest));
    }
    u.appendTail(bare);
    return bare.toString();
  }

  private static String trim(String url) {
    int end = url.length();
    while (end > 0 && TRAILING.indexOf(url.charAt(end - 1)) >= 0) {
      end--;
    }
    return url.substring(0, end);
  }
}

package org.summarybot.scheduling.delivery.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Recognises Discord webhook URLs ({@code https://discord.com/api/webhooks/{id}/{token}}, also
 * {@code discordapp.com} and the {@code canary.} and {@code ptb.} hosts, with an optional {@code /v10} version)
 * and knows Discord's limits for the bodies posted to them.
 */
final class DiscordWebhooks {
  static final Set<String> HOSTS = Set.of("discord.com", "discordapp.com", "canary.discord.com", "ptb.discord.com",
      "canary.discordapp.com", "ptb.discordapp.com");

  static final int CONTENT_MAX = 2000;
  static final int EMBED_TITLE_MAX = 256;
  static final int EMBED_DESCRIPTION_MAX = 4096;
  static final int EMBED_FOOTER_MAX = 2048;
  static final int EMBED_TOTAL_MAX = 6000;

  /** Discord's JSON error code for "Unknown Webhook". */
  static final int UNKNOWN_WEBHOOK = 10015;

  private DiscordWebhooks() {}

  /** Whether {@code url} is a Discord webhook on one of {@code hosts}. */
  static boolean isDiscordWebhook(HttpUrl url, Set<String> hosts) {
    if (!hosts.contains(url.host())) {
      return false;
    }
    List<String> s = segments(url);
    int i = 0;
    if (s.size() > i && s.get(i).equals("api")) {
      i++;
    } else {
      return false;
    }
    if (s.size() > i && s.get(i).matches("v[0-9]{1,2}")) {
      i++;
    }
    return s.size() == i + 3 && s.get(i).equals("webhooks") && s.get(i + 1).matches("[0-9]{1,20}")
        && !s.get(i + 2).isEmpty();
  }

  /** The token segment of a Discord webhook URL (the last path segment). */
  static String token(HttpUrl url) {
    List<String> s = segments(url);
    return s.get(s.size() - 1);
  }

  private static List<String> segments(HttpUrl url) {
    List<String> s = new ArrayList<>(url.pathSegments());
    if (!s.isEmpty() && s.get(s.size() - 1).isEmpty()) {
      s.remove(s.size() - 1); // trailing slash
    }
    return s;
  }

  /** {@code text} cut to at most {@code max} characters, ending with an ellipsis when cut. */
  static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }

  /**
   * {@code text} split into pieces of at most {@code max} characters, at a line break where possible, else at a
   * space, else anywhere but inside a surrogate pair. An empty text gives no pieces.
   */
  static List<String> split(String text, int max) {
    List<String> out = new ArrayList<>();
    String rest = text.strip();
    while (rest.length() > max) {
      int cut = rest.lastIndexOf('\n', max);
      if (cut < max / 2) {
        int space = rest.lastIndexOf(' ', max);
        cut = space >= max / 2 ? space : max;
      }
      if (Character.isHighSurrogate(rest.charAt(cut - 1))) {
        cut--;
      }
      out.add(rest.substring(0, cut).stripTrailing());
      rest = rest.substring(cut).strip();
    }
    if (!rest.isEmpty()) {
      out.add(rest);
    }
    return out;
  }
}

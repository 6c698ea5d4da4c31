package org.summarybot.scheduling.app;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ValidationException;

/**
 * Parses the {@code --to} syntax: {@code discord:CHANNEL_ID[;format=embed|markdown]},
 * {@code webhook:URL[;secret=NAME]}, {@code file:DIR[;format=markdown|json]} and {@code console:}
 * ({@code console:;format=json} prints JSON). Whether {@code NAME} is an allowed secret variable is
 * {@link SecretEnvs}'s to say. A relative {@code file:DIR} is made absolute against the current directory.
 */
final class DestinationText {
  private DestinationText() {}

  /**
   * The destination {@code text} names.
   *
   * @throws UsageException naming {@code --to} and the value when it is not a destination
   */
  static Destination parse(String text) {
    return parse("--to", text);
  }

  /**
   * The destination {@code text}, given with {@code flag}, names.
   *
   * @throws UsageException naming {@code flag} and the value when it is not a destination
   */
  static Destination parse(String flag, String text) {
    String t = text == null ? "" : text.strip();
    int colon = t.indexOf(':');
    if (colon < 0) {
      throw bad(flag, t, "expected discord:CHANNEL_ID, webhook:URL, file:DIR or console:");
    }
    String type = t.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = t.substring(colon + 1);
    String[] parts = rest.split(";", -1);
    String target = parts[0].strip();
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip();
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw bad(flag, t, "'" + p + "' is not an option (use ;key=value)");
      }
      String key = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      if (opts.put(key, p.substring(eq + 1).strip()) != null) {
        throw bad(flag, t, "option '" + key + "' is given twice");
      }
    }
    try {
      switch (type) {
        case "discord": {
          only(flag, t, opts, Set.of("format"));
          DeliveryFormat f = format(flag, t, opts, DeliveryFormat.EMBED, Set.of(DeliveryFormat.EMBED, DeliveryFormat.MARKDOWN));
          if (!target.matches("[1-9][0-9]{0,19}")) {
            throw bad(flag, t, "'" + target + "' is not a Discord channel id");
          }
          return Destination.discord(ChannelId.parse(target), f);
        }
        case "webhook": {
          only(flag, t, opts, Set.of("secret"));
          return Destination.webhook(target, Optional.ofNullable(opts.get("secret")));
        }
        case "file": {
          only(flag, t, opts, Set.of("format"));
          DeliveryFormat f = format(flag, t, opts, DeliveryFormat.MARKDOWN, Set.of(DeliveryFormat.MARKDOWN, DeliveryFormat.JSON));
          if (target.isEmpty()) {
            throw bad(flag, t, "a file destination needs a directory (file:DIR)");
          }
          return Destination.file(absolute(flag, t, target), f);
        }
        case "console": {
          only(flag, t, opts, Set.of("format"));
          if (!target.isEmpty()) {
            throw bad(flag, t, "console: takes no target");
          }
          DeliveryFormat f = format(flag, t, opts, DeliveryFormat.MARKDOWN, Set.of(DeliveryFormat.MARKDOWN, DeliveryFormat.JSON));
          Destination c = Destination.console();
          return f == c.format() ? c
              : new Destination(c.type(), "", f, true, Optional.empty(), Optional.empty());
        }
        default:
          throw bad(flag, t, "unknown destination type '" + type + "' (use discord:, webhook:, file: or console:)");
      }
    } catch (ValidationException e) {
      throw bad(flag, t, e.problems().get(0).message());
    }
  }

  /**
   * A directory as the user meant it: relative to where they typed the command, not to wherever the daemon that
   * delivers runs.
   */
  private static String absolute(String flag, String t, String dir) {
    try {
      return Path.of(dir).toAbsolutePath().normalize().toString();
    } catch (InvalidPathException e) {
      throw bad(flag, t, "'" + dir + "' is not a directory path: " + e.getReason());
    }
  }

  /**
   * A destination or an error text of a stored execution record as it is shown: records written before
   * destinations were described as users write them said {@code discord_channel:ID}, shown as {@code discord:ID}.
   */
  static String shown(String recorded) {
    return recorded.replace("discord_channel:", "discord:");
  }

  private static void only(String flag, String t, Map<String, String> opts, Set<String> allowed) {
    for (String k : opts.keySet()) {
      if (!allowed.contains(k)) {
        throw bad(flag, t, "unknown option '" + k + "' (allowed: " + String.join(", ", allowed) + ")");
      }
    }
  }

  private static DeliveryFormat format(String flag, String t, Map<String, String> opts, DeliveryFormat dflt,
      Set<DeliveryFormat> allowed) {
    String f = opts.get("format");
    if (f == null) {
      return dflt;
    }
    for (DeliveryFormat d : allowed) {
      if (d.name().equalsIgnoreCase(f)) {
        return d;
      }
    }
    throw bad(flag, t, "format '" + f + "' is not one of " + String.join(", ",
        allowed.stream().map(d -> d.name().toLowerCase(Locale.ROOT)).sorted().toList()));
  }

  private static UsageException bad(String flag, String t, String message) {
    return new UsageException(flag + ": '" + redact(t) + "': " + message);
  }

  /** The value as it may be printed: webhook URLs lose their path and query, which often hold tokens. */
  private static String redact(String t) {
    return t.regionMatches(true, 0, "webhook:", 0, 8) ? "webhook:" + Destination.redactUrl(t.substring(8).split(";")[0]) : t;
  }
}

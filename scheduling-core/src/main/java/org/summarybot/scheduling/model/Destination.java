package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.summarybot.scheduling.model.Problems;

/**
 * One place a task's summary goes. Destinations of a task are independent: one that fails permanently is
 * disabled on its own ({@code enabled = false} with a reason) without failing the others.
 *
 * <p>{@code target} depends on the type: a channel id for {@code DISCORD_CHANNEL}, an http(s) URL for
 * {@code WEBHOOK}, a directory for {@code FILE}, empty for {@code CONSOLE}. {@code secretRef} names an
 * environment variable holding a signing secret; the secret itself is never stored in a task.
 */
public record Destination(
    DestinationType type,
    String target,
    DeliveryFormat format,
    boolean enabled,
    Optional<String> secretRef,
    Optional<String> disabledReason) {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  public Destination {
    requireNonNull(type, "type");
    requireNonNull(target, "target");
    requireNonNull(format, "format");
    requireNonNull(secretRef, "secretRef");
    requireNonNull(disabledReason, "disabledReason");
    target = target.strip();
    Problems p = new Problems();
    switch (type) {
      case DISCORD_CHANNEL:
        p.check(target.matches("[1-9][0-9]{0,19}"), "target", "'" + target + "' is not a Discord channel id");
        p.check(format == DeliveryFormat.EMBED || format == DeliveryFormat.MARKDOWN, "format",
            "a Discord channel takes embed or markdown, not " + lower(format));
        break;
      case WEBHOOK:
        if (p.check(isHttpUrl(target), "target", "'" + redactUrl(target) + "' is not an http or https URL")) {
          p.check(!hasLeadingZeroNumericHost(target), "target", "'" + redactUrl(target) + "' has a numeric host"
              + " with a leading zero in a part: browsers and curl read such a part as octal (0177 = 127), Java as"
              + " decimal, so the address is ambiguous; write it in plain dotted decimal");
        }
        break;
      case FILE:
        p.check(!target.isEmpty(), "target", "a file destination needs a directory");
        p.check(format == DeliveryFormat.MARKDOWN || format == DeliveryFormat.JSON, "format",
            "a file destination takes markdown or json, not " + lower(format));
        break;
      case CONSOLE:
        p.check(format != DeliveryFormat.EMBED, "format", "the console takes markdown or json, not embed");
        break;
      default:
        throw new AssertionError(type);
    }
    secretRef.ifPresent(s -> p.check(ENV_NAME.matcher(s).matches(), "secretRef",
        "'" + s + "' is not an environment variable name (the secret itself never goes in a task)"));
    p.check(enabled || disabledReason.isPresent(), "disabledReason", "a disabled destination needs a reason");
    p.throwIfAny();
  }

  public static Destination discord(ChannelId channel, DeliveryFormat format) {
    return new Destination(DestinationType.DISCORD_CHANNEL, channel.toString(), format, true, Optional.empty(), Optional.empty());
  }

  public static Destination webhook(String url, Optional<String> secretRef) {
    return new Destination(DestinationType.WEBHOOK, url, DeliveryFormat.JSON, true, secretRef, Optional.empty());
  }

  public static Destination file(String directory, DeliveryFormat format) {
    return new Destination(DestinationType.FILE, directory, format, true, Optional.empty(), Optional.empty());
  }

  public static Destination console() {
    return new Destination(DestinationType.CONSOLE, "", DeliveryFormat.MARKDOWN, true, Optional.empty(), Optional.empty());
  }

  /**
   * The stable identity of this destination within its task ({@code type:target}), used to key the delivery log
   * and idempotency ids. It does not change when the destination is disabled or re-enabled.
   */
  public String key() {
    String kind = type.key();
    // Webhook URLs often carry tokens; the key goes into delivery logs, so it holds a digest of the URL instead.
    return type == DestinationType.WEBHOOK ? kind + ":" + digest(target) : kind + ":" + target;
  }

  private static String digest(String s) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** This destination, disabled with a reason. */
  public Destination disable(String reason) {
    return new Destination(type, target, format, false, secretRef, Optional.of(reason));
  }

  /** This destination, enabled again. */
  public Destination enable() {
    return new Destination(type, target, format, true, secretRef, Optional.empty());
  }

  /**
   * The destination as people write it ({@code discord:ID}, {@code webhook:URL}, {@code file:DIR},
   * {@code console:}), safe to log or print: a webhook URL loses its path and query, which often hold tokens
   * ({@code webhook:https://discord.com/…}). What people see, never a key: {@link #key()} identifies a
   * destination in the delivery log.
   */
  public String describe() {
    return switch (type) {
      case DISCORD_CHANNEL -> "discord:" + target;
      case WEBHOOK -> "webhook:" + redactUrl(target);
      case FILE -> "file:" + target;
      case CONSOLE -> "console:";
    };
  }

  @Override
  public String toString() {
    return describe();
  }

  /** A URL with its path and query cut off, so tokens inside it are not shown. */
  public static String redactUrl(String url) {
    try {
      URI u = new URI(url);
      if (u.getScheme() != null && u.getHost() != null) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
            + (u.getRawPath() == null || u.getRawPath().isEmpty() ? "" : "/…");
      }
    } catch (URISyntaxException e) {
      // fall through
    }
    return "<url>";
  }

  /**
   * Whether the URL's host is all digits and dots with a part that has a leading zero ({@code 0177.0.0.1},
   * {@code 127.000.000.001}): an address that Java and browsers read differently.
   */
  private static boolean hasLeadingZeroNumericHost(String url) {
    try {
      String host = new URI(url).getHost();
      if (host == null || !host.matches("[0-9.]+")) {
        return false;
      }
      for (String part : host.split("\\.")) {
        if (part.length() > 1 && part.charAt(0) == '0') {
          return true;
        }
      }
      return false;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean isHttpUrl(String s) {
    try {
      URI u = new URI(s);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && !u.getHost().isEmpty()
          && u.getRawUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}

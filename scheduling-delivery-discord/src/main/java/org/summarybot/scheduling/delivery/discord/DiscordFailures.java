package org.summarybot.scheduling.delivery.discord;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.exceptions.RateLimitedException;
import net.dv8tion.jda.api.requests.ErrorResponse;

/**
 * Classifies what JDA throws into permanent (the destination is gone or unusable until a person acts) and
 * transient (try again later) failures, with a reason a server admin can act on. Reasons never hold the token:
 * they are built from error codes, Discord's meaning text and channel ids only.
 */
final class DiscordFailures {
  /** Why a forum that requires tags on posts cannot take summaries, and the fix. */
  static final String FORUM_TAG_HELP = "forum %d requires a tag on every post, and the bot does not choose tags; "
      + "turn off \"Require people to select tags\" in the forum's settings or choose another channel";

  private DiscordFailures() {}

  /** How a Discord call failed. */
  record Failure(Kind kind, String reason, Optional<Duration> retryAfter) {}

  enum Kind {
    /** Unknown channel, missing access or permission: disable the destination until fixed. */
    GONE,
    /** Another 4xx: retrying the same request will not help. */
    PERMANENT,
    /** 5xx, 429 beyond the deadline (with Discord's retry_after), timeouts, network: try again later. */
    TRANSIENT
  }

  static Failure classify(Throwable thrown, long channelId, Duration deadline) {
    Throwable t = unwrap(thrown);
    if (t instanceof InsufficientPermissionException e) {
      return new Failure(Kind.GONE, "the bot lacks the " + uiName(e.getPermission()) + " permission in channel "
          + channelId + "; grant it to the bot's role in the channel settings", Optional.empty());
    }
    if (t instanceof ErrorResponseException e) {
      return classify(e, channelId);
    }
    if (t instanceof RateLimitedException e) {
      Duration wait = Duration.ofMillis(e.getRetryAfter());
      return new Failure(Kind.TRANSIENT, "Discord rate-limited the bot for " + seconds(wait) + "s, longer than the "
          + deadline.toSeconds() + "s the adapter waits", Optional.of(wait));
    }
    if (t instanceof TimeoutException || t instanceof CancellationException) {
      return new Failure(Kind.TRANSIENT, "Discord did not answer within " + deadline.toSeconds()
          + "s (outage or long rate limit)", Optional.empty());
    }
    if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new Failure(Kind.TRANSIENT, "interrupted while talking to Discord", Optional.empty());
    }
    return new Failure(Kind.TRANSIENT, "unexpected failure talking to Discord: " + t.getClass().getSimpleName(),
        Optional.empty());
  }

  private static Failure classify(ErrorResponseException e, long channelId) {
    ErrorResponse code = e.getErrorResponse();
    int status = e.getResponse() == null ? -1 : e.getResponse().code;
    String what = "Discord answered " + (status > 0 ? "HTTP " + status + ", " : "") + "error " + e.getErrorCode()
        + " (" + e.getMeaning() + ")";
    if (code == ErrorResponse.UNKNOWN_CHANNEL) {
      return new Failure(Kind.GONE, "channel " + channelId + " does not exist (deleted?): " + what, Optional.empty());
    }
    if (code == ErrorResponse.MISSING_ACCESS) {
      return new Failure(Kind.GONE, "the bot cannot see channel " + channelId
          + "; grant it View Channel there: " + what, Optional.empty());
    }
    if (code == ErrorResponse.MISSING_PERMISSIONS) {
      return new Failure(Kind.GONE, "the bot lacks a permission in channel " + channelId
          + " (it needs View Channel, Send Messages, in threads Send Messages in Threads, Embed Links, Read Message History): " + what, Optional.empty());
    }
    if (code == ErrorResponse.ILLEGAL_OPERATION_ARCHIVED_THREAD || code == ErrorResponse.THREAD_LOCKED) {
      return new Failure(Kind.GONE, "thread " + channelId + " is locked by a moderator"
          + (code == ErrorResponse.ILLEGAL_OPERATION_ARCHIVED_THREAD ? " and archived" : "")
          + "; only members with Manage Threads may post there: unlock it or choose another channel: " + what,
          Optional.empty());
    }
    if (code == ErrorResponse.FORUM_POST_TAG_REQUIRED) {
      return new Failure(Kind.GONE, FORUM_TAG_HELP.formatted(channelId) + ": " + what, Optional.empty());
    }
    if (e.getResponse() != null && e.getResponse().getException() != null) {
      return new Failure(Kind.TRANSIENT, "network failure talking to Discord: "
          + e.getResponse().getException().getClass().getSimpleName(), Optional.empty());
    }
    if (e.isServerError() || status >= 500 || status == 429 || status < 0) {
      return new Failure(Kind.TRANSIENT, what, Optional.empty());
    }
    return new Failure(Kind.PERMANENT, what, Optional.empty());
  }

  /** The permission's name as Discord's channel settings show it. */
  static String uiName(Permission p) {
    return switch (p) {
      case VIEW_CHANNEL -> "View Channel";
      case MESSAGE_SEND -> "Send Messages";
      case MESSAGE_HISTORY -> "Read Message History";
      case MESSAGE_EMBED_LINKS -> "Embed Links";
      case MESSAGE_SEND_IN_THREADS -> "Send Messages in Threads";
      case MANAGE_THREADS -> "Manage Threads";
      default -> p.getName();
    };
  }

  /** Whole seconds, rounded up: "Discord rate-limited the bot for 31s" for 30.2 s. */
  private static long seconds(Duration d) {
    return (d.toMillis() + 999) / 1000;
  }

  static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof ExecutionException || cur instanceof CompletionException) && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }
}

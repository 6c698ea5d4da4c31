package org.summarybot.scheduling.delivery.discord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.User;

/**
 * The names a window's authors go by: the server nickname when known, else the global display name, else the
 * username ({@link Member#getEffectiveName()}, {@link User#getEffectiveName()}). History answers carry no member,
 * so each distinct author is looked up once per window ({@code GET /guilds/{guild}/members/{user}}, no privileged
 * intent needed), the most active first and at most {@link #MAX_LOOKUPS} of them, all within one request timeout.
 * A name never fails a read: an author who left the server (10007 Unknown Member), a failed or unanswered lookup,
 * a webhook, or one past the cap keeps the global display name.
 */
final class AuthorNames {
  /** Lookups per window; Discord rate-limits the member route per server, and JDA queues what is over. */
  static final int MAX_LOOKUPS = 50;

  private final Map<Long, String> nicknamed;

  private AuthorNames(Map<Long, String> nicknamed) {
    this.nicknamed = nicknamed;
  }

  /** Looks up the authors of {@code messages} in {@code guild}, waiting at most {@code timeout} in all. */
  static AuthorNames lookUp(Guild guild, List<Message> messages, Duration timeout) {
    Map<Long, Integer> activity = new LinkedHashMap<>();
    for (Message m : messages) {
      if (!m.isWebhookMessage()) {
        activity.merge(m.getAuthor().getIdLong(), 1, Integer::sum);
      }
    }
    List<Long> authors = new ArrayList<>(activity.keySet());
    authors.sort((a, b) -> Integer.compare(activity.get(b), activity.get(a))); // stable: ties keep first-seen order
    Map<Long, CompletableFuture<Member>> pending = new LinkedHashMap<>();
    for (Long id : authors.subList(0, Math.min(MAX_LOOKUPS, authors.size()))) {
      pending.put(id, guild.retrieveMemberById(id).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).submit());
    }
    try {
      CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // some lookups failed or are still queued: those authors keep their global names
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Map<Long, String> names = new HashMap<>();
    pending.forEach((id, f) -> {
      if (f.isDone() && !f.isCompletedExceptionally()) {
        names.put(id, f.join().getEffectiveName());
      } else {
        f.cancel(true);
      }
    });
    return new AuthorNames(names);
  }

  /** The name {@code m}'s author goes by on the server. */
  String of(Message m) {
    String nick = nicknamed.get(m.getAuthor().getIdLong());
    return nick != null ? nick : m.getAuthor().getEffectiveName();
  }
}

package org.summarybot.scheduling.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.GuildSettings;

/**
 * The in-memory store's guild settings and interaction claims, apart from the tasks: neither ever waits for the
 * task lock. A claim lives until its expiry; expired claims are dropped at the next claim.
 */
final class GuildRecords {
  private final Map<GuildId, GuildSettings> settings = new HashMap<>();
  /** Claimed interaction ids and when each claim expires. */
  private final Map<String, Instant> claims = new HashMap<>();

  synchronized Optional<GuildSettings> settings(GuildId guild) {
    return Optional.ofNullable(settings.get(requireNonNull(guild, "guild")));
  }

  synchronized void save(GuildSettings s) {
    settings.put(requireNonNull(s, "settings").guild(), s);
  }

  synchronized List<GuildSettings> all() {
    return settings.values().stream().sorted(Comparator.comparing(GuildSettings::guild)).toList();
  }

  synchronized boolean remove(GuildId guild) {
    return settings.remove(requireNonNull(guild, "guild")) != null;
  }

  synchronized boolean claim(String interactionId, Instant now, Duration keep) {
    requireNonNull(interactionId, "interactionId");
    requireNonNull(now, "now");
    requireNonNull(keep, "keep");
    claims.values().removeIf(until -> !until.isAfter(now));
    return claims.putIfAbsent(interactionId, now.plus(keep)) == null;
  }
}

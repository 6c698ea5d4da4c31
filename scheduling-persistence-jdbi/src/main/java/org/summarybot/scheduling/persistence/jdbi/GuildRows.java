package org.summarybot.scheduling.persistence.jdbi;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.model.SchedulingException;

/**
 * The {@code guild_settings} and {@code interaction_claims} tables (V11): each guild's settings, and the Discord
 * interactions claimed by a node. A claim is one insert that only the first node wins (PostgreSQL
 * {@code ON CONFLICT DO NOTHING}; H2 a unique violation), after deleting claims expired at its time.
 */
final class GuildRows {
  private final Database db;

  GuildRows(Database db) {
    this.db = db;
  }

  Optional<GuildSettings> settings(GuildId guild) {
    return db.run(h -> h.createQuery("SELECT zone FROM guild_settings WHERE guild_id = :g").bind("g", guild.value())
        .mapTo(String.class).findOne()).map(z -> new GuildSettings(guild, ZoneId.of(z)));
  }

  void save(GuildSettings s) {
    db.inTransaction(h -> {
      int changed = h.createUpdate("UPDATE guild_settings SET zone = :z WHERE guild_id = :g")
          .bind("z", s.zone().getId()).bind("g", s.guild().value()).execute();
      if (changed == 0) {
        if (db.isPostgres()) {
          h.createUpdate("INSERT INTO guild_settings (guild_id, zone) VALUES (:g, :z)"
              + " ON CONFLICT (guild_id) DO UPDATE SET zone = EXCLUDED.zone")
              .bind("g", s.guild().value()).bind("z", s.zone().getId()).execute();
        } else {
          h.createUpdate("MERGE INTO guild_settings (guild_id, zone) KEY (guild_id) VALUES (:g, :z)")
              .bind("g", s.guild().value()).bind("z", s.zone().getId()).execute();
        }
      }
      return null;
    });
  }

  List<GuildSettings> all() {
    return db.run(h -> h.createQuery("SELECT guild_id, zone FROM guild_settings ORDER BY guild_id")
        .map((rs, ctx) -> new GuildSettings(GuildId.of(rs.getLong("guild_id")), ZoneId.of(rs.getString("zone"))))
        .list());
  }

  boolean remove(GuildId guild) {
    return db.run(h -> h.createUpdate("DELETE FROM guild_settings WHERE guild_id = :g").bind("g", guild.value())
        .execute()) > 0;
  }

  boolean claim(String interactionId, String node, Instant now, Duration keep) {
    db.run(h -> h.createUpdate("DELETE FROM interaction_claims WHERE claim_until <= :now")
        .bind("now", Stamps.arg(now)).execute());
    String insert = "INSERT INTO interaction_claims (interaction_id, node_id, claim_until) VALUES (:id, :node, :until)";
    if (db.isPostgres()) {
      return db.run(h -> h.createUpdate(insert + " ON CONFLICT (interaction_id) DO NOTHING").bind("id", interactionId)
          .bind("node", node).bind("until", Stamps.arg(now.plus(keep))).execute() == 1);
    }
    try {
      return db.run(h -> h.createUpdate(insert).bind("id", interactionId).bind("node", node)
          .bind("until", Stamps.arg(now.plus(keep))).execute() == 1);
    } catch (SchedulingException e) {
      if (Database.isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }
}

package org.summarybot.scheduling.persistence.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.argument.Argument;

/**
 * Instants to and from {@code TIMESTAMP WITH TIME ZONE} columns, in UTC. Both databases keep microseconds;
 * the sub-microsecond remainder of an instant (0-999 ns, never set by a system clock) goes into the row's
 * {@code instant_nanos} column as {@code column=nanos;...}, so a round trip is exact. One instance per row.
 */
final class Stamps {
  private final Map<String, Integer> nanos;

  private Stamps(Map<String, Integer> nanos) {
    this.nanos = nanos;
  }

  /** For writing a row. */
  static Stamps writing() {
    return new Stamps(new HashMap<>());
  }

  /** For reading the row {@code rs} is on. */
  static Stamps reading(ResultSet rs) throws SQLException {
    String text = rs.getString("instant_nanos");
    Map<String, Integer> m = new HashMap<>();
    if (text != null && !text.isEmpty()) {
      for (String part : text.split(";")) {
        int eq = part.indexOf('=');
        m.put(part.substring(0, eq), Integer.parseInt(part.substring(eq + 1)));
      }
    }
    return new Stamps(m);
  }

  /** {@code at}, remembering its sub-microsecond remainder for {@code column}; null when absent. */
  Instant note(String column, Optional<Instant> at) {
    if (at.isEmpty()) {
      return null;
    }
    int rest = at.get().getNano() % 1000;
    if (rest != 0) {
      nanos.put(column, rest);
    }
    return at.get();
  }

  /** The {@code instant_nanos} value of the row written; null when every instant is whole microseconds. */
  String encoded() {
    if (nanos.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    nanos.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      if (b.length() > 0) {
        b.append(';');
      }
      b.append(e.getKey()).append('=').append(e.getValue());
    });
    return b.toString();
  }

  Instant get(ResultSet rs, String column) throws SQLException {
    return find(rs, column).orElseThrow(() -> new SQLException("column " + column + " is NULL"));
  }

  Optional<Instant> find(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    if (t == null) {
      return Optional.empty();
    }
    return Optional.of(t.toInstant().plusNanos(nanos.getOrDefault(column, 0)));
  }

  /**
   * A UTC timestamp argument (whole microseconds), bound with {@code setObject(OffsetDateTime)} so no JVM
   * default zone takes part; SQL NULL for null.
   */
  static Argument arg(Instant at) {
    if (at == null) {
      return (position, statement, ctx) -> statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
    }
    OffsetDateTime t = OffsetDateTime.ofInstant(at.minusNanos(at.getNano() % 1000), ZoneOffset.UTC);
    return (position, statement, ctx) -> statement.setObject(position, t);
  }

  /** A timestamp column read as an instant; empty when NULL. */
  static Optional<Instant> plain(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? Optional.empty() : Optional.of(t.toInstant());
  }
}

package org.summarybot.scheduling.persistence.jdbi;

import java.time.LocalDate;
import java.util.Optional;
import org.summarybot.scheduling.port.DaySpend;

/**
 * The paid summarizers' spend per UTC day in {@code summarizer_spend}: a charge locks the day's row
 * ({@code SELECT ... FOR UPDATE}) and applies {@link DaySpend#charge} in one transaction, so nodes charging at once
 * are serialised by the database and never take a day over its limit together.
 */
final class Spend {
  private final Database db;

  Spend(Database db) {
    this.db = db;
  }

  DaySpend charge(LocalDate day, long micros, long limit) {
    ensureRow(day);
    return db.inTransaction(h -> {
      DaySpend now = h.createQuery("SELECT micros, closed FROM summarizer_spend WHERE spend_day = :day FOR UPDATE")
          .bind("day", day).map((rs, ctx) -> new DaySpend(day, rs.getLong("micros"), rs.getBoolean("closed"))).one();
      DaySpend after = now.charge(micros, limit);
      h.createUpdate("UPDATE summarizer_spend SET micros = :micros, closed = :closed WHERE spend_day = :day")
          .bind("micros", after.micros()).bind("closed", after.closed()).bind("day", day).execute();
      return after;
    });
  }

  DaySpend get(LocalDate day) {
    Optional<DaySpend> s = db.run(h -> h.createQuery("SELECT micros, closed FROM summarizer_spend WHERE spend_day = :day")
        .bind("day", day).map((rs, ctx) -> new DaySpend(day, rs.getLong("micros"), rs.getBoolean("closed")))
        .findOne());
    return s.orElse(DaySpend.none(day));
  }

  /** The day's row, made when missing; two nodes making it at once both go on with the one that was made. */
  private void ensureRow(LocalDate day) {
    db.run(h -> {
      boolean exists = h.createQuery("SELECT COUNT(*) FROM summarizer_spend WHERE spend_day = :day")
          .bind("day", day).mapTo(Integer.class).one() > 0;
      if (!exists) {
        try {
          h.createUpdate("INSERT INTO summarizer_spend (spend_day, micros, closed) VALUES (:day, 0, FALSE)")
              .bind("day", day).execute();
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
          boolean madeMeanwhile = h.createQuery("SELECT COUNT(*) FROM summarizer_spend WHERE spend_day = :day")
              .bind("day", day).mapTo(Integer.class).one() > 0;
          if (!madeMeanwhile) {
            throw e;
          }
        }
      }
      return null;
    });
  }
}

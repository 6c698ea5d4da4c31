package org.summarybot.scheduling.persistence.jdbi;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.summarybot.scheduling.persistence.jdbi.JdbiTaskStore.TimeSource;

/**
 * Whose clock judges due times and lease expiry ({@link TimeSource}), and the skew between the database's clock
 * and the caller's as last seen. With {@link TimeSource#DATABASE} the store compares with the database's
 * {@code CURRENT_TIMESTAMP} but speaks to its caller in the caller's time: a lease end read from the database is
 * told shifted back by the skew, and a lease end the caller asks for is stored shifted forward by it.
 */
final class JudgingClock {
  private final TimeSource source;
  /** Database clock minus caller clock, in nanoseconds, as last seen (DATABASE time source only; else 0). */
  private final AtomicLong skewNanos = new AtomicLong();

  JudgingClock(TimeSource source) {
    this.source = source;
  }

  TimeSource source() {
    return source;
  }

  /** Whether the database's clock judges (the statements then read {@code CURRENT_TIMESTAMP} themselves). */
  boolean database() {
    return source == TimeSource.DATABASE;
  }

  /**
   * The instant that judges due times and leases: the caller's, or the database's read in one query on {@code h}
   * (remembering the skew).
   */
  Instant judgeNow(Handle h, Instant callerNow) {
    if (source == TimeSource.CALLER) {
      return callerNow;
    }
    Instant db = h.createQuery("SELECT CURRENT_TIMESTAMP")
        .map((rs, ctx) -> rs.getObject(1, OffsetDateTime.class)).one().toInstant();
    noteDatabaseNow(callerNow, db);
    return db;
  }

  /** Remembers the skew between the database's clock ({@code db}, read by a statement) and the caller's. */
  void noteDatabaseNow(Instant callerNow, Instant db) {
    skewNanos.set(Duration.between(callerNow, db).toNanos());
  }

  /** An instant of the database's clock (a lease end read from a row), told in the caller's time. */
  Instant toCaller(Instant databaseTime) {
    return databaseTime.minusNanos(skewNanos.get());
  }

  /** An instant of the caller's clock (a lease end it asks for), in the database's time. */
  Instant toDatabase(Instant callerTime) {
    return callerTime.plusNanos(skewNanos.get());
  }
}

package org.summarybot.scheduling.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.persistence.jdbi.JdbiTaskStore.TimeSource;

/** The skew between the database's clock and the caller's: lease ends cross between the two the right way. */
class JudgingClockTest {
  private static final Instant CALLER_NOW = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void the_callers_clock_judges_without_asking_the_database() {
    JudgingClock clock = new JudgingClock(TimeSource.CALLER);

    // No handle: the caller's time source never reads the database's clock.
    assertThat(clock.judgeNow(null, CALLER_NOW)).isEqualTo(CALLER_NOW);
    assertThat(clock.database()).isFalse();
    assertThat(clock.toDatabase(CALLER_NOW)).isEqualTo(CALLER_NOW);
  }

  @Test
  void a_database_clock_ahead_stores_lease_ends_later_and_tells_them_earlier() {
    JudgingClock clock = new JudgingClock(TimeSource.DATABASE);
    clock.noteDatabaseNow(CALLER_NOW, CALLER_NOW.plusSeconds(30));

    Instant callerLeaseEnd = CALLER_NOW.plus(Duration.ofMinutes(5));
    Instant stored = clock.toDatabase(callerLeaseEnd);

    assertThat(stored).isEqualTo(callerLeaseEnd.plusSeconds(30));
    assertThat(clock.toCaller(stored)).isEqualTo(callerLeaseEnd);
  }

  @Test
  void the_last_skew_seen_wins() {
    JudgingClock clock = new JudgingClock(TimeSource.DATABASE);
    clock.noteDatabaseNow(CALLER_NOW, CALLER_NOW.plusSeconds(30));
    clock.noteDatabaseNow(CALLER_NOW, CALLER_NOW.minusMillis(250));

    assertThat(clock.toDatabase(CALLER_NOW)).isEqualTo(CALLER_NOW.minusMillis(250));
  }
}

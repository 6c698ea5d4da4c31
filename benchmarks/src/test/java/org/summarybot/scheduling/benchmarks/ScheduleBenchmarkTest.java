package org.summarybot.scheduling.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Smoke test: every benchmark method runs and measures real work (a fire is found, the text parses). */
class ScheduleBenchmarkTest {

  @Test
  void every_benchmark_method_computes_a_next_fire_or_parses() {
    ScheduleBenchmark benchmark = new ScheduleBenchmark();
    benchmark.setUp();
    for (int i = 0; i < 2_000; i++) {
      assertTrue(((Optional<?>) benchmark.nextFire_weekdays_0900_berlin()).isPresent());
      assertTrue(((Optional<?>) benchmark.nextFire_every_5_minutes_utc()).isPresent());
      Optional<?> lastDay = (Optional<?>) benchmark.nextFire_last_day_of_month_new_york();
      assertTrue(lastDay.isPresent());
      assertTrue(((Instant) lastDay.get()).isAfter(Instant.parse("2026-01-01T00:00:00Z")));
    }
    assertEquals("0 15 10 ? * 6#3", benchmark.parse_third_friday_quartz().toText());
  }
}

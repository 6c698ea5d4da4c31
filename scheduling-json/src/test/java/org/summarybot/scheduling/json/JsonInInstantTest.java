package org.summarybot.scheduling.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast path for instants agrees with {@link Instant#parse} or steps aside. */
class JsonInInstantTest {

  @Test
  void canonical_instants_parse_exactly_like_instant_parse() {
    for (String s : List.of("2026-03-02T09:00:00Z", "2026-03-02T09:00:00.1Z", "2026-03-02T09:00:00.123Z",
        "2026-03-02T09:00:00.123456Z", "2026-03-02T09:00:00.123456789Z", "0000-01-01T00:00:00Z",
        "1970-01-01T00:00:00Z", "2024-02-29T23:59:59.999999999Z", "9999-12-31T23:59:59Z")) {
      assertThat(JsonIn.canonicalInstant(s)).as(s).isEqualTo(Instant.parse(s));
    }
    Instant now = Instant.now();
    assertThat(JsonIn.canonicalInstant(now.toString())).isEqualTo(now);
  }

  @Test
  void anything_else_is_left_to_instant_parse() {
    for (String s : List.of("", "2026-03-02", "2026-02-30T09:00:00Z", "2026-03-02T24:00:00Z",
        "2026-03-02T23:59:60Z", "2026-03-02T09:00:00.Z", "2026-03-02T09:00:00.1234567890Z", "2026-03-02 09:00:00Z",
        "2026-03-02T09:00:00+01:00", "+12026-03-02T09:00:00Z", "2026-3-02T09:00:00Z", "2026-03-02T09:00:0xZ",
        "2026-03-02T09:00:00z", "-001-03-02T09:00:00Z")) {
      assertThat(JsonIn.canonicalInstant(s)).as(s).isNull();
    }
  }
}

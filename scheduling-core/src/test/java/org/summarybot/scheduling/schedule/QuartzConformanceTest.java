package org.summarybot.scheduling.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.Trigger;

/** Runs every row of {@code conformance/quartz-cron.tsv} (vectors from Quartz's own tests), in UTC. */
class QuartzConformanceTest {

  static Stream<Arguments> rows() throws IOException {
    List<Arguments> rows = new ArrayList<>();
    try (InputStream in = QuartzConformanceTest.class.getResourceAsStream("/conformance/quartz-cron.tsv")) {
      assertThat(in).as("conformance/quartz-cron.tsv on the test classpath").isNotNull();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int number = 0;
      boolean header = true;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        if (header) {
          header = false; // the column names
          continue;
        }
        String[] cols = line.split("\t", -1);
        rows.add(Arguments.of(number, cols[0], cols[1], cols.length > 2 ? cols[2] : "",
            cols.length > 3 ? cols[3] : ""));
      }
    }
    assertThat(rows).hasSizeGreaterThan(100);
    return rows.stream();
  }

  @ParameterizedTest(name = "line {0}: {1} ''{2}'' {3} {4}")
  @MethodSource("rows")
  void row_holds(int line, String kind, String expression, String from, String expected) {
    switch (kind) {
      case "next":
        assertThat(trigger(expression).nextFireAfter(Instant.parse(from)))
            .contains(Instant.parse(expected));
        break;
      case "matches": {
        Instant at = Instant.parse(from);
        assertThat(trigger(expression).nextFireAfter(at.minusSeconds(1))).contains(at);
        break;
      }
      case "not-matches": {
        Instant at = Instant.parse(from);
        assertThat(trigger(expression).nextFireAfter(at.minusSeconds(1))).isNotEqualTo(Optional.of(at));
        break;
      }
      case "invalid":
        assertThatThrownBy(() -> Schedules.parse(expression))
            .isInstanceOf(ValidationException.class)
            .satisfies(e -> assertThat(((ValidationException) e).problems())
                .singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("schedule")));
        break;
      case "valid":
        assertThat(Schedules.parse(expression)).isInstanceOf(Cron.class);
        break;
      case "strictly-increasing-25": {
        Trigger trigger = trigger(expression);
        Instant after = Instant.parse(from);
        for (int i = 0; i < 25; i++) {
          Instant next = trigger.nextFireAfter(after).orElseThrow();
          assertThat(next).isAfter(after);
          after = next;
        }
        break;
      }
      default:
        throw new AssertionError("unknown kind '" + kind + "' on line " + line);
    }
  }

  private static Trigger trigger(String expression) {
    return Schedules.parse(expression).trigger(ZoneOffset.UTC, Instant.EPOCH);
  }
}

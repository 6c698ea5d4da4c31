package org.summarybot.scheduling.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.json.TaskJson;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.DeliveryStatus;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.TimeWindow;

/**
 * The text columns: every character survives, absent and empty optionals stay apart, damage is named, and the
 * text written by release 0.1.0 still reads.
 */
class EncodingTest {
  private static final TimeWindow W =
      TimeWindow.of(Instant.parse("2026-03-02T08:00:00Z"), Instant.parse("2026-03-02T09:00:00Z"));
  private static final List<Destination> DESTINATIONS = List.of(
      Destination.file("C:\\summaries\\\tweird\nname\r", DeliveryFormat.JSON).disable(""),
      Destination.webhook("https://h.example.com/a?x=+1%5C", Optional.of("HOOK_SECRET")).disable("+ - \\n"),
      Destination.console());
  private static final List<DeliveryResult> RESULTS = List.of(DeliveryResult.delivered("console:"),
      new DeliveryResult("webhook:https://h/\u2026", DeliveryStatus.FAILED, Optional.of("HTTP 500\n\tbody")));

  @Test
  void destinations_with_tabs_newlines_backslashes_and_empty_reasons_round_trip_in_the_shared_json_form() {
    String text = Encoding.destinations(DESTINATIONS);

    assertThat(Encoding.destinations(text)).isEqualTo(DESTINATIONS);
    assertThat(text).isEqualTo(TaskJson.destinationsJson(DESTINATIONS)).doesNotContain("\n");
    assertThat(Encoding.destinations("")).isEmpty();
    assertThat(Encoding.destinations("[]")).isEmpty();
  }

  @Test
  void the_text_columns_written_by_release_0_1_0_still_read() {
    // What 0.1.0's encoder wrote for DESTINATIONS, RESULTS and the summary below.
    assertThat(Encoding.destinations("FILE\tC:\\\\summaries\\\\\\tweird\\nname\tJSON\t0\t-\t+\nWEBHOOK\t"
        + "https://h.example.com/a?x=+1%5C\tJSON\t0\t+HOOK_SECRET\t++ - \\\\n\nCONSOLE\t\tMARKDOWN\t1\t-\t-"))
        .isEqualTo(DESTINATIONS);
    assertThat(Encoding.deliveries("console:\tDELIVERED\t-\nwebhook:https://h/\u2026\tFAILED\t+HTTP 500\\n\\tbody"))
        .isEqualTo(RESULTS);
    Summary s = new Summary("{\"t\"} digest", "* a\n* b", List.of("alice", "b\u00f6b"), 42, W);
    assertThat(Encoding.summary("{\"t\"} digest\n42\n* a\\n* b\nalice\nb\u00f6b", W)).isEqualTo(s);
    assertThat(Encoding.summary(Encoding.summary(s), W)).isEqualTo(s);
  }

  @Test
  void delivery_results_and_channel_lists_round_trip() {
    assertThat(Encoding.deliveries(Encoding.deliveries(RESULTS))).isEqualTo(RESULTS);
    assertThat(Encoding.deliveries("")).isEmpty();
    List<ChannelId> cs = List.of(ChannelId.of(1), ChannelId.of(Long.MAX_VALUE));
    assertThat(Encoding.channels(cs)).isEqualTo("1,9223372036854775807");
    assertThat(Encoding.channels(Encoding.channels(cs))).isEqualTo(cs);
    assertThat(Encoding.channels("")).isEmpty();
  }

  @Test
  void damaged_text_is_an_error_naming_the_column() {
    assertThatThrownBy(() -> Encoding.destinations("CONSOLE\t\tMARKDOWN\t1\t-"))
        .isInstanceOf(SchedulingException.class).hasMessageContaining("destinations").hasMessageContaining("5 fields");
    assertThatThrownBy(() -> Encoding.deliveries("console:\tDELIVERED\tx"))
        .isInstanceOf(SchedulingException.class).hasMessageContaining("deliveries");
    assertThatThrownBy(() -> Encoding.deliveries("console:\\q\tDELIVERED\t-"))
        .isInstanceOf(SchedulingException.class).hasMessageContaining("unknown escape");
    assertThatThrownBy(() -> Encoding.destinations("[{\"type\":\"PIGEON\"}]"))
        .isInstanceOf(SchedulingException.class).hasMessageContaining("destinations").hasMessageContaining("PIGEON");
  }

  @Test
  void urls_are_shown_without_passwords() {
    assertThat(Dialect.redact("jdbc:postgresql://h:5432/db?user=a&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h:5432/db?user=a&password=***&ssl=true");
    assertThat(Dialect.redact("jdbc:h2:file:/x;USER=sa;PASSWORD=s3cret;AUTO_SERVER=TRUE"))
        .isEqualTo("jdbc:h2:file:/x;USER=sa;PASSWORD=***;AUTO_SERVER=TRUE");
    assertThat(Dialect.redact("jdbc:postgresql://bob:s3cret@h/db")).isEqualTo("jdbc:postgresql://***@h/db");
  }
}

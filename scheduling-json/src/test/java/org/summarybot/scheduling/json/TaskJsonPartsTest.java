package org.summarybot.scheduling.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.DeliveryStatus;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.TimeWindow;

/** The parts of the form stored on their own (a SQL store's columns) are the task's and the record's parts. */
class TaskJsonPartsTest {
  private static final TimeWindow W =
      TimeWindow.of(Instant.parse("2026-03-02T08:00:00Z"), Instant.parse("2026-03-02T09:00:00Z"));

  @Test
  void destinations_deliveries_and_a_summary_round_trip_every_character() {
    List<Destination> ds = List.of(
        Destination.file("C:\\summaries\\\tweird\nname\r", DeliveryFormat.JSON).disable(""),
        Destination.webhook("https://h.example.com/a?x=+1%5C", Optional.of("HOOK_SECRET")).disable("+ - \\n"),
        Destination.console());
    List<DeliveryResult> rs = List.of(DeliveryResult.delivered("console:"),
        new DeliveryResult("webhook:https://h/\u2026", DeliveryStatus.FAILED, Optional.of("HTTP 500\n\tbody")));
    Summary s = new Summary("{\"t\"}\n", "* a\n* b \ud83d\ude80", List.of("alice", "b\u00f6b"), 42, W);

    assertThat(TaskJson.destinationsFromJson(TaskJson.destinationsJson(ds))).isEqualTo(ds);
    assertThat(TaskJson.deliveriesFromJson(TaskJson.deliveriesJson(rs))).isEqualTo(rs);
    assertThat(TaskJson.summaryFromJson(TaskJson.summaryJson(s), W)).isEqualTo(s);
    assertThat(TaskJson.destinationsJson(ds)).doesNotContain("\n").startsWith("[{\"type\":\"FILE\"");
    assertThat(TaskJson.destinationsFromJson("[]")).isEmpty();
  }

  @Test
  void text_that_is_not_the_whole_value_is_refused_naming_the_place() {
    assertThatThrownBy(() -> TaskJson.summaryFromJson("{\"title\":\"t\",\"markdown\":\"m\",\"participants\":[],"
        + "\"messageCount\":1}\n12", W)).isInstanceOf(BadJsonException.class).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> TaskJson.destinationsFromJson("[{\"type\":\"PIGEON\"}]"))
        .isInstanceOf(BadJsonException.class).hasMessageContaining("[0].type");
    assertThatThrownBy(() -> TaskJson.deliveriesFromJson("{}"))
        .isInstanceOf(BadJsonException.class).hasMessageContaining("not a JSON array");
  }
}

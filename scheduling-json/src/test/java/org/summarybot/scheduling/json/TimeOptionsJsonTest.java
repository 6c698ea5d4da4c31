package org.summarybot.scheduling.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TimeOptions;
import org.summarybot.scheduling.testkit.TaskFixtures;

/** A task's {@code timeOptions} in the shared form: written only when set, read with defaults when absent. */
class TimeOptionsJsonTest {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  private static ScheduledTask roundTrip(ObjectNode o) {
    return TaskJson.task(JsonIn.parse(TaskJson.line(o), "the task"));
  }

  @Test
  void every_time_option_survives_the_json_form() {
    ScheduledTask timed = TaskFixtures.timedTask("timed", T0);

    ObjectNode o = TaskJson.task(timed, true);

    assertThat(o.get("timeOptions").toString()).isEqualTo("{\"starts\":\"2026-03-02T08:00:00.001000001Z\","
        + "\"ends\":\"2026-04-01T08:00:00.000000007Z\",\"maxRuns\":12,\"skipDates\":[\"2026-12-24\",\"12-25\","
        + "\"02-29\"],\"jitter\":\"600005ms\",\"dstGap\":\"SKIP\",\"dstOverlap\":\"BOTH\"}");
    assertThat(roundTrip(o)).isEqualTo(timed);
  }

  @Test
  void a_task_without_time_options_has_no_such_field_and_reads_with_the_defaults() {
    ScheduledTask plain = TaskFixtures.richTask("plain", T0);

    ObjectNode o = TaskJson.task(plain, true);

    assertThat(o.has("timeOptions")).isFalse();
    assertThat(roundTrip(o).timeOptions()).isEqualTo(TimeOptions.DEFAULTS);
  }

  @Test
  void fields_left_out_of_time_options_have_their_defaults() {
    ObjectNode o = TaskJson.task(TaskFixtures.richTask("partial", T0), true);
    o.putObject("timeOptions").put("maxRuns", 3);

    assertThat(roundTrip(o).timeOptions()).isEqualTo(TimeOptions.DEFAULTS.withMaxRuns(java.util.Optional.of(3)));
  }

  @Test
  void a_bad_time_option_is_refused_naming_its_field() {
    ObjectNode o = TaskJson.task(TaskFixtures.richTask("bad", T0), true);
    o.putObject("timeOptions").putArray("skipDates").add("2026-02-30");

    assertThatThrownBy(() -> roundTrip(o)).isInstanceOf(BadJsonException.class)
        .hasMessageContaining("skipDates").hasMessageContaining("2026-02-30");
  }

  @Test
  void the_streaming_reader_leaves_a_task_with_time_options_to_the_tree_reader() throws Exception {
    byte[] bytes = TaskJson.line(TaskJson.task(TaskFixtures.timedTask("timed", T0), true));
    var p = TaskStreamReader.parser(bytes, bytes.length);
    p.nextToken();

    assertThat(TaskStreamReader.task(p)).isNull();
    assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("timeOptions");
  }
}

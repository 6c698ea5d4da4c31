package org.summarybot.scheduling.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Execution ids held as bits behave exactly as their text: equality, hash, text, delivery keys. */
class ExecutionIdTest {
  static final Instant FIRE = Instant.parse("2025-03-03T09:00:00Z");

  @Test
  void a_derived_id_equals_the_id_read_back_from_its_text() {
    ExecutionId derived = ExecutionId.of(TaskId.random(), FIRE);
    ExecutionId read = new ExecutionId(derived.value());
    assertThat(read).isEqualTo(derived).hasSameHashCodeAs(derived);
    assertThat(read.value()).isEqualTo(derived.value()).matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(read.toString()).isEqualTo(derived.value());
  }

  @Test
  void ids_derived_from_the_same_task_and_fire_are_equal_whichever_is_spelled_first() {
    TaskId task = TaskId.random();
    ExecutionId spelled = ExecutionId.of(task, FIRE);
    String text = spelled.value();
    ExecutionId unspelled = ExecutionId.of(task, FIRE);
    assertThat(unspelled).isEqualTo(spelled);
    assertThat(spelled).isEqualTo(unspelled).hasSameHashCodeAs(unspelled);
    assertThat(unspelled.value()).isEqualTo(text).isEqualTo(spelled.value());
    // A text-made id against a derived one whose digest is not computed yet, in both directions.
    assertThat(new ExecutionId(text)).isEqualTo(ExecutionId.of(task, FIRE));
    assertThat(ExecutionId.of(task, FIRE)).isEqualTo(new ExecutionId(text));
    assertThat(ExecutionId.of(task, FIRE)).isNotEqualTo(new ExecutionId(text.toUpperCase(java.util.Locale.ROOT)));
  }

  @Test
  void ids_of_other_fires_or_tasks_differ() {
    TaskId task = TaskId.of("t1");
    assertThat(ExecutionId.of(task, FIRE)).isNotEqualTo(ExecutionId.of(task, FIRE.plusMillis(1)))
        .isNotEqualTo(ExecutionId.of(TaskId.of("t2"), FIRE));
  }

  @Test
  void any_other_text_is_kept_as_text_and_compared_as_text() {
    ExecutionId upper = new ExecutionId("8F14E45F-CEEA-367A-9A36-DEDD4BEA2543");
    ExecutionId lower = new ExecutionId("8f14e45f-ceea-367a-9a36-dedd4bea2543");
    assertThat(upper.value()).isEqualTo("8F14E45F-CEEA-367A-9A36-DEDD4BEA2543");
    assertThat(upper).isNotEqualTo(lower);
    assertThat(new ExecutionId("legacy-42")).isEqualTo(new ExecutionId("legacy-42"))
        .hasSameHashCodeAs(new ExecutionId("legacy-42")).isNotEqualTo(lower);
    assertThat(new ExecutionId("legacy-42").value()).isEqualTo("legacy-42");
    // One character short or with a dash out of place is not a UUID: kept as the text it is.
    assertThat(new ExecutionId("8f14e45f-ceea-367a-9a36-dedd4bea254").value()).isEqualTo("8f14e45f-ceea-367a-9a36-dedd4bea254");
    assertThat(new ExecutionId("8f14e45fc-eea-367a-9a36-dedd4bea2543").value()).isEqualTo("8f14e45fc-eea-367a-9a36-dedd4bea2543");
  }

  @Test
  void a_delivery_key_is_the_id_text_and_the_destination_key() {
    ExecutionId id = ExecutionId.of(TaskId.of("t1"), FIRE);
    Destination d = Destination.console();
    assertThat(id.deliveryKey(d)).isEqualTo(id.value() + "/" + d.key());
    assertThat(new ExecutionId(id.value()).deliveryKey(d)).isEqualTo(id.deliveryKey(d));
  }

  @Test
  void a_blank_id_is_refused() {
    assertThatThrownBy(() -> new ExecutionId(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
  }
}

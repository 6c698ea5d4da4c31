package org.summarybot.scheduling.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.ValidationException;

/** Ids held as bits (lower-case UUIDs) behave exactly as ids held as text. */
class TaskIdTest {

  @Test
  void a_random_id_is_a_lower_case_version_4_uuid_and_reads_back_as_itself() {
    for (int i = 0; i < 10_000; i++) {
      TaskId id = TaskId.random();
      String text = id.value();
      assertThat(text).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
      assertThat(UUID.fromString(text).toString()).isEqualTo(text);
      TaskId back = TaskId.of(text);
      assertThat(back).isEqualTo(id).hasSameHashCodeAs(id);
      assertThat(back.value()).isEqualTo(text);
      assertThat(back.toString()).isEqualTo(text);
    }
  }

  @Test
  void ids_sort_as_their_text_whatever_form_they_are_held_in() {
    SplittableRandom random = new SplittableRandom(7);
    List<TaskId> ids = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      ids.add(TaskId.of(new UUID(random.nextLong(), random.nextLong()).toString()));
    }
    // Extremes of the unsigned order, text ids, and an upper-case UUID (text, not bits: a different id).
    ids.add(TaskId.of("00000000-0000-0000-0000-000000000000"));
    ids.add(TaskId.of("ffffffff-ffff-ffff-ffff-ffffffffffff"));
    ids.add(TaskId.of("7fffffff-ffff-ffff-8000-000000000000"));
    ids.add(TaskId.of("daily-report"));
    ids.add(TaskId.of("Z"));
    ids.add(TaskId.of("0"));
    ids.add(TaskId.of("ABCDEF01-2345-6789-ABCD-EF0123456789"));
    List<TaskId> byId = new ArrayList<>(ids);
    byId.sort(Comparator.naturalOrder());
    List<TaskId> byText = new ArrayList<>(ids);
    byText.sort(Comparator.comparing(TaskId::value));
    assertThat(byId).containsExactlyElementsOf(byText);
  }

  @Test
  void an_upper_case_uuid_is_another_id_than_its_lower_case_spelling() {
    TaskId upper = TaskId.of("ABCDEF01-2345-6789-ABCD-EF0123456789");
    TaskId lower = TaskId.of("abcdef01-2345-6789-abcd-ef0123456789");
    assertThat(upper).isNotEqualTo(lower);
    assertThat(upper.value()).isEqualTo("ABCDEF01-2345-6789-ABCD-EF0123456789");
    assertThat(lower.value()).isEqualTo("abcdef01-2345-6789-abcd-ef0123456789");
    assertThat(upper.compareTo(lower)).isNegative();
  }

  @Test
  void a_text_id_keeps_its_text_and_equals_only_the_same_text() {
    assertThat(TaskId.of("weekly_digest-2")).isEqualTo(TaskId.of("weekly_digest-2"))
        .hasSameHashCodeAs(TaskId.of("weekly_digest-2")).isNotEqualTo(TaskId.of("weekly_digest-3"));
    assertThat(TaskId.of("weekly_digest-2").value()).isEqualTo("weekly_digest-2");
    // Looks like a UUID but has a character outside hex: still a valid text id.
    assertThat(TaskId.of("abcdef01-2345-6789-abcd-ef012345678g").value())
        .isEqualTo("abcdef01-2345-6789-abcd-ef012345678g");
  }

  @Test
  void a_malformed_id_is_refused_with_the_text_named() {
    for (String bad : List.of("", "has space", "x".repeat(65), "emoji\u00e9", "a/b")) {
      assertThatThrownBy(() -> TaskId.of(bad)).isInstanceOf(ValidationException.class)
          .hasMessageContaining("'" + bad + "' is not a task id");
    }
    assertThatThrownBy(() -> TaskId.of(null)).isInstanceOf(NullPointerException.class);
  }
}

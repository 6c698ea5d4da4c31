package org.summarybot.scheduling.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.Problem;
import org.summarybot.scheduling.model.ValidationException;

class ScheduledTaskTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static ScheduledTask.Builder valid() {
    return ScheduledTask.builder().id(TaskId.of("t1")).name("daily").guildId(GuildId.of(1))
        .channelIds(List.of(ChannelId.of(2))).destinations(List.of(Destination.console())).schedule("daily 09:00")
        .createdAt(T0).updatedAt(T0);
  }

  @Test
  void a_task_with_every_field_wrong_reports_every_problem_at_once() {
    assertThatThrownBy(() -> valid().name(" ").schedule(" ").maxConsecutiveFailures(0).catchUpLimit(1001)
        .misfireGrace(Duration.ofSeconds(-1)).status(TaskStatus.DISABLED).version(-1).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).extracting(Problem::field)
            .containsExactlyInAnyOrder("name", "schedule", "maxConsecutiveFailures", "catchUpLimit",
                "misfireGrace", "statusReason", "version"));
  }

  @Test
  void a_channel_or_destination_listed_twice_is_refused_with_its_position() {
    assertThatThrownBy(() -> valid().channelIds(List.of(ChannelId.of(2), ChannelId.of(3), ChannelId.of(2)))
        .destinations(List.of(Destination.console(), Destination.console())).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).extracting(Problem::field)
            .containsExactlyInAnyOrder("channels", "destinations[1]"));
  }

  @Test
  void several_distinct_channels_and_destinations_are_valid() {
    ScheduledTask t = valid().channelIds(List.of(ChannelId.of(2), ChannelId.of(3)))
        .destinations(List.of(Destination.console(), Destination.file("/tmp/out", DeliveryFormat.MARKDOWN)))
        .build();
    assertThat(t.channelIds()).hasSize(2);
    assertThat(t.destinations()).hasSize(2);
  }

  @Test
  void a_cleanup_task_needs_a_positive_retention() {
    assertThatThrownBy(() -> valid().kind(TaskKind.CLEANUP).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).extracting(Problem::field)
            .containsExactly("retention"));
    assertThatThrownBy(() -> valid().kind(TaskKind.CLEANUP).retention(Optional.of(Duration.ZERO)).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).extracting(Problem::field)
            .containsExactly("retention"));
  }

  @Test
  void with_version_changes_only_the_version() {
    ScheduledTask t = valid().nextRun(Optional.of(T0.plusSeconds(60))).build();
    ScheduledTask v7 = t.withVersion(7);
    assertThat(v7.version()).isEqualTo(7);
    assertThat(v7.toBuilder().version(t.version()).build()).isEqualTo(t);
    assertThatThrownBy(() -> t.withVersion(-1)).isInstanceOf(ValidationException.class);
  }

  @Test
  void execution_ids_are_the_version_3_uuid_of_task_and_fire_millis() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 10_000; i++) {
      TaskId task = TaskId.random();
      Instant fire = Instant.ofEpochMilli(random.nextLong(0, 4_102_444_800_000L));
      String expected = UUID.nameUUIDFromBytes((task.value() + "@" + fire.toEpochMilli())
          .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
      assertThat(ExecutionId.of(task, fire).value()).isEqualTo(expected);
    }
    for (long edge : new long[] {0, 9, 10, 99, 100, -1, -10, -86_400_000L * 365 * 500, Long.MAX_VALUE / 1000}) {
      TaskId task = TaskId.of(edge % 2 == 0 ? "daily-digest" : TaskId.random().value());
      String expected = UUID.nameUUIDFromBytes((task.value() + "@" + edge)
          .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
      assertThat(ExecutionId.of(task, Instant.ofEpochMilli(edge)).value()).as("fire %d ms", edge).isEqualTo(expected);
    }
    // Pinned: ids of stored executions and their delivery keys must never change between versions.
    assertThat(ExecutionId.of(TaskId.of("t1"), Instant.parse("2025-03-03T09:00:00Z")).value())
        .isEqualTo("3add7745-1c73-36a4-a764-10aa06ff46d6");
  }
}

package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.engine.TaskScheduler;
import org.summarybot.scheduling.engine.TaskSpec;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.schedule.ScheduleTriggerFactory;
import org.summarybot.scheduling.store.InMemoryTaskStore;

/** The flags of {@code tasks add} and {@code tasks update}, checked by {@link TaskInput}. */
class TaskOptionsTest {
  private static final Config CONFIG = Config.defaults();

  private static TaskOptions valid() {
    TaskOptions o = new TaskOptions();
    o.name = "dev daily";
    o.guild = "1100000000000000001";
    o.channels = List.of("1100000000000000002");
    o.schedule = "daily 09:00";
    o.to = List.of("console:");
    return o;
  }

  private static List<String> errors(TaskOptions o) {
    try {
      o.forNewTask(CONFIG);
    } catch (UsageException e) {
      return e.lines();
    }
    throw new AssertionError("no error");
  }

  private static ScheduledTask current() {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    return ScheduledTask.builder().id(TaskId.of("t")).name("n").guildId(GuildId.of(1)).channel(ChannelId.of(2))
        .schedule("daily 09:00").zone(ZoneId.of("UTC"))
        .destinations(List.of(Destination.console(), Destination.file("/srv/out", DeliveryFormat.MARKDOWN)))
        .createdAt(now).updatedAt(now).build();
  }

  // ---------------------------------------------------------------- issue 23: silence alerts, cleanup tasks

  @Test
  void alert_if_silent_is_set_by_add_removed_by_off_and_refused_under_a_minute() {
    TaskOptions o = valid();
    o.alertIfSilent = "36h";
    ScheduledTask t = task(o.forNewTask(CONFIG));
    assertThat(t.alertIfSilent()).contains(java.time.Duration.ofHours(36));

    TaskOptions off = new TaskOptions();
    off.alertIfSilent = "off";
    ScheduledTask alerting = current().toBuilder().alertIfSilent(java.util.Optional.of(java.time.Duration.ofHours(1)))
        .build();
    assertThat(task(off.forUpdate(alerting, CONFIG, List.of(), List.of())).alertIfSilent()).isEmpty();

    TaskOptions tooShort = valid();
    tooShort.alertIfSilent = "30s";
    assertThat(errors(tooShort)).containsExactly("--alert-if-silent: 30s is shorter than 1m");
  }

  @Test
  void a_task_keeps_its_kind_on_update_and_a_bad_retention_names_the_flag() {
    TaskOptions o = new TaskOptions();
    o.kind = "cleanup";
    assertThatThrownBy(() -> o.forUpdate(current(), CONFIG, List.of(), List.of())).isInstanceOfSatisfying(
        UsageException.class, e -> assertThat(e.lines())
            .containsExactly("--kind: a task keeps its kind (summary); add a new task instead"));
    TaskOptions r = valid();
    r.kind = "cleanup";
    r.retention = "ninety days";
    assertThat(errors(r)).anySatisfy(e -> assertThat(e).startsWith("--retention: "));
  }

  // ---------------------------------------------------------------- durations (issue 20 item 9)

  @Test
  void a_retry_delay_over_its_upper_bound_is_refused_naming_the_flag_and_the_limit() {
    TaskOptions o = valid();
    o.retryDelay = "1000000d";

    assertThat(errors(o)).containsExactly("--retry-delay: 1000000d is over the limit of 1d");
  }

  @Test
  void every_duration_flag_has_its_upper_bound() {
    TaskOptions o = valid();
    o.lookback = "3651d";
    o.misfireGrace = "8d";
    o.retryDelay = "999999999999d";

    assertThat(errors(o)).containsExactly(
        "--lookback: 3651d is over the limit of 3650d",
        "--misfire-grace: 8d is over the limit of 7d",
        "--retry-delay: 999999999999d is over the limit of 1d");
  }

  @Test
  void durations_at_their_bounds_are_accepted() {
    TaskOptions o = valid();
    o.lookback = "3650d";
    o.misfireGrace = "7d";
    o.retryDelay = "1d";

    TaskSpec spec = o.forNewTask(CONFIG);

    assertThat(spec).isNotNull();
  }

  @Test
  void retries_follow_cores_attempt_bound() {
    TaskOptions o = valid();
    o.retries = 100;
    o.maxFailures = 1001;

    assertThat(errors(o)).containsExactly("--max-failures: 1001 is outside 1-1000", "--retries: 100 is outside 0-99");
  }

  // ---------------------------------------------------------------- text (item 8)

  @Test
  void control_and_bidi_characters_in_free_text_are_refused_naming_the_flag() {
    TaskOptions o = valid();
    o.name = "dev\u001b[31m daily";
    o.schedule = "daily\n09:00";
    o.zone = "Europe/Berlin\u202E";
    o.to = List.of("file:out\u2066;format=json");

    assertThat(errors(o)).hasSize(4).satisfiesExactly(
        l -> assertThat(l).startsWith("--name: holds the control character U+001B at character 4"),
        l -> assertThat(l).startsWith("--schedule: holds the control character U+000A at character 6"),
        l -> assertThat(l).startsWith("--zone: holds the control character U+202E at character 14"),
        l -> assertThat(l).startsWith("--to: holds the control character U+2066 at character 9"));
  }

  @Test
  void a_name_with_emoji_and_joiners_is_accepted() {
    TaskOptions o = valid();
    o.name = "👩‍💻 dev daily 🇩🇪";

    assertThat(o.forNewTask(CONFIG)).isNotNull();
  }

  @Test
  void long_text_and_too_many_channels_or_destinations_are_refused() {
    TaskOptions o = valid();
    o.name = "n".repeat(Limits.NAME_LENGTH + 1);
    o.schedule = "0 0 9 * * " + "1,".repeat(2_500_000) + "2";
    List<String> channels = new ArrayList<>();
    for (int i = 1; i <= Limits.CHANNELS_PER_TASK + 1; i++) {
      channels.add(Long.toString(1100000000000000100L + i));
    }
    o.channels = channels;
    List<String> to = new ArrayList<>();
    for (int i = 0; i <= Limits.DESTINATIONS_PER_TASK; i++) {
      to.add("file:out" + i);
    }
    o.to = to;

    assertThat(errors(o)).containsExactly(
        "--name: is 101 characters long; the limit is 100",
        "--channel: 26 channels; a task takes at most 25",
        "--schedule: is 5000011 characters long; the limit is 256",
        "--to: 11 destinations; a task takes at most 10");
  }

  // ---------------------------------------------------------------- secrets (item 11)

  @Test
  void a_secret_outside_webhook_secret_envs_is_refused_with_the_allowed_patterns() {
    TaskOptions o = valid();
    o.to = List.of("webhook:https://hooks.example.com/x/TOKEN;secret=AWS_SECRET_ACCESS_KEY");

    assertThat(errors(o)).containsExactly("--to: webhook:https://hooks.example.com/…: the secret variable"
        + " AWS_SECRET_ACCESS_KEY is not allowed: webhook.secret-envs allows *_WEBHOOK_SECRET");
    o.to = List.of("webhook:https://hooks.example.com/x/TOKEN;secret=DIGEST_WEBHOOK_SECRET");
    assertThat(o.forNewTask(CONFIG)).isNotNull();
  }

  @Test
  void update_checks_the_secret_of_a_destination_it_sets() {
    TaskOptions o = new TaskOptions();
    o.to = List.of("webhook:https://hooks.example.com/x;secret=HOME");

    assertThatThrownBy(() -> o.forUpdate(current(), CONFIG, List.of(), List.of()))
        .isInstanceOf(UsageException.class).hasMessage("--to: webhook:https://hooks.example.com/…:"
            + " the secret variable HOME is not allowed: webhook.secret-envs allows *_WEBHOOK_SECRET");
  }

  // ---------------------------------------------------------------- destinations on update (item 19)

  @Test
  void add_to_and_remove_to_change_one_destination_and_keep_the_others() {
    TaskOptions o = new TaskOptions();

    List<Destination> after = destinations(o.forUpdate(current(), CONFIG, List.of("file:/srv/archive;format=json"),
        List.of("console:")));

    assertThat(after).containsExactly(Destination.file("/srv/out", DeliveryFormat.MARKDOWN),
        Destination.file("/srv/archive", DeliveryFormat.JSON));
  }

  @Test
  void to_replaces_every_destination() {
    TaskOptions o = new TaskOptions();
    o.to = List.of("file:/srv/other");

    assertThat(destinations(o.forUpdate(current(), CONFIG, List.of(), List.of())))
        .containsExactly(Destination.file("/srv/other", DeliveryFormat.MARKDOWN));
  }

  @Test
  void removing_what_is_not_there_adding_what_is_or_mixing_with_to_is_refused() {
    TaskOptions o = new TaskOptions();
    assertThatThrownBy(() -> o.forUpdate(current(), CONFIG, List.of("file:/srv/out"), List.of("file:/srv/nope")))
        .isInstanceOf(UsageException.class)
        .satisfies(e -> assertThat(((UsageException) e).lines()).containsExactly(
            "--remove-to: file:/srv/nope is not a destination of this task",
            "--add-to: file:/srv/out is already a destination of this task"));

    o.to = List.of("console:");
    assertThatThrownBy(() -> o.forUpdate(current(), CONFIG, List.of("file:x"), List.of()))
        .hasMessage("--to: replaces every destination; give it alone, or change some with --add-to and --remove-to");
  }

  /** The task a spec gives, through core's own spec-to-task path. */
  private static ScheduledTask task(TaskSpec spec) {
    TaskScheduler scheduler = TaskScheduler.builder().store(new InMemoryTaskStore())
        .triggerFactory(new ScheduleTriggerFactory())
        .messageSource((channel, window, max, bots) -> {
          throw new UnsupportedOperationException("not run");
        })
        .summarizer(request -> {
          throw new UnsupportedOperationException("not run");
        })
        .build();
    return scheduler.schedule(spec);
  }

  /** The destinations a spec gives a task, through core's own spec-to-task path. */
  private static List<Destination> destinations(TaskSpec spec) {
    TaskScheduler scheduler = TaskScheduler.builder().store(new InMemoryTaskStore())
        .triggerFactory(new ScheduleTriggerFactory())
        .messageSource((channel, window, max, bots) -> {
          throw new UnsupportedOperationException("not run");
        })
        .summarizer(request -> {
          throw new UnsupportedOperationException("not run");
        })
        .build();
    return scheduler.schedule(spec).destinations();
  }
}

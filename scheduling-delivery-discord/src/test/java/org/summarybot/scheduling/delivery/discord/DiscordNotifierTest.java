package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.ADMIN;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.DM;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.delivery.discord.FakeDiscord.Scripted;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.port.Notification;
import org.summarybot.scheduling.port.Notifier;

/** The Discord notifier, through real JDA against the fake Discord. */
class DiscordNotifierTest {
  private static final long CREATOR = 100_000_000_000_000_042L;

  private static FakeDiscord fake;
  private static DiscordAdapter withAdminChannel;
  private static Notifier toAdmins;
  private static Notifier toCreators;

  @BeforeAll
  static void start() throws Exception {
    fake = FakeDiscord.start();
    withAdminChannel = fake.adapter(true);
    toAdmins = withAdminChannel.notifier();
    toCreators = DiscordAdapter.using(withAdminChannel.jda()).notifier(); // same connection, no admin channel
  }

  @AfterAll
  static void stop() throws Exception {
    if (withAdminChannel != null) {
      withAdminChannel.close();
    }
    fake.close();
  }

  @BeforeEach
  void clear() {
    fake.clear();
  }

  @Test
  void a_disabled_task_is_announced_in_the_admin_channel_pinging_nobody() {
    ScheduledTask task = Fixtures.task(Long.toUnsignedString(CREATOR), TEXT);

    toAdmins.notify(new Notification.TaskDisabled(task, "5 consecutive failures: @everyone channel gone"));

    List<JsonNode> posted = fake.posted(ADMIN);
    assertThat(posted).hasSize(1);
    String content = posted.get(0).path("content").asText();
    assertThat(content).contains("Dev digest").contains("dev-digest").contains("was disabled")
        .contains("5 consecutive failures").contains("resume");
    assertThat(posted.get(0).path("allowed_mentions").path("parse").size()).isZero();
    assertThat(fake.requestsTo("POST", "/users/@me/channels")).isEmpty();
  }

  @Test
  void without_an_admin_channel_the_creator_gets_a_direct_message() {
    ScheduledTask task = Fixtures.task(Long.toUnsignedString(CREATOR), TEXT);
    Destination dest = Destination.discord(ChannelId.of(TEXT), DeliveryFormat.EMBED);

    toCreators.notify(new Notification.DestinationDisabled(task, dest, "channel does not exist"));

    List<FakeDiscord.Request> opened = fake.requestsTo("POST", "/users/@me/channels");
    assertThat(opened).hasSize(1);
    assertThat(opened.get(0).json().path("recipient_id").asText()).isEqualTo(Long.toUnsignedString(CREATOR));
    List<JsonNode> dm = fake.posted(DM);
    assertThat(dm).hasSize(1);
    assertThat(dm.get(0).path("content").asText()).contains("discord:" + TEXT).doesNotContain("discord_channel").contains("channel does not exist");
    assertThat(dm.get(0).path("allowed_mentions").path("parse").size()).isZero();
  }

  @Test
  void a_failed_execution_names_the_run_the_attempts_and_the_error() {
    ScheduledTask task = Fixtures.task("", TEXT);
    ExecutionRecord record = new ExecutionRecord(org.summarybot.scheduling.model.ExecutionId.of(task.id(), Fixtures.FIRE),
        task.id(), task.guildId(), Fixtures.FIRE, Fixtures.FIRE, Fixtures.FIRE.plusSeconds(30), 3,
        ExecutionOutcome.FAILED, Optional.of(Fixtures.WINDOW), 0, List.of(), Optional.of("ExternalServiceException"),
        Optional.of("Discord answered HTTP 503"), 0, Optional.empty());

    toAdmins.notify(new Notification.ExecutionFailed(task, record));

    assertThat(fake.posted(ADMIN)).singleElement().satisfies(b -> assertThat(b.path("content").asText())
        .contains("failed").contains("2026-03-02T08:00:00Z").contains("3 attempts").contains("HTTP 503"));
  }

  @Test
  void with_no_admin_channel_and_no_discord_creator_nothing_is_sent() {
    toCreators.notify(new Notification.TaskDisabled(Fixtures.task("cli", TEXT), "too many failures"));

    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void a_notice_discord_refuses_is_logged_without_the_token_and_never_thrown() {
    fake.script("POST", "/channels/" + ADMIN + "/messages", Scripted.error(500, 0, "500: Internal Server Error"));
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger(DiscordNotifier.class.getName());
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        logged.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(capture);
    try {
      assertThatCode(() -> toAdmins.notify(new Notification.TaskDisabled(Fixtures.task("", TEXT), "x")))
          .doesNotThrowAnyException();
    } finally {
      logger.removeHandler(capture);
    }

    assertThat(logged).singleElement().satisfies(r -> {
      String text = java.text.MessageFormat.format(r.getMessage(), r.getParameters());
      assertThat(text).contains("could not notify").contains("HTTP 500").doesNotContain(FakeDiscord.TOKEN);
    });
  }
}

package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.events.guild.GuildUnavailableEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.ExternalServiceException;

/** Logging in: the token comes only from the environment and never shows up in errors or logs. */
class DiscordAdapterTest {
  private static FakeDiscord fake;

  @BeforeAll
  static void start() throws Exception {
    fake = FakeDiscord.start();
  }

  @AfterAll
  static void stop() throws Exception {
    fake.close();
  }

  @BeforeEach
  void clear() {
    fake.clear();
  }

  @Test
  void the_token_is_read_from_the_named_environment_variable_and_used_for_rest_and_gateway() {
    try (DiscordAdapter adapter = DiscordAdapter.builder().tokenVariable("SUMMARY_BOT_TOKEN")
        .environment(name -> name.equals("SUMMARY_BOT_TOKEN") ? FakeDiscord.TOKEN : null)
        .readyTimeout(Duration.ofSeconds(15)).jdaSettings(fake::pointAtMe).build()) {
      assertThat(adapter.jda().getSelfUser().getIdLong()).isEqualTo(FakeDiscord.BOT);
      assertThat(adapter.jda().getGatewayIntents()).containsAll(DiscordAdapter.INTENTS);
    }
    assertThat(fake.requestsTo("GET", "/users/@me")).isNotEmpty()
        .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bot " + FakeDiscord.TOKEN));
    assertThat(fake.identifies.get()).isPositive();
  }

  @Test
  void an_unset_token_variable_fails_naming_the_variable_and_where_to_get_a_token() {
    assertThatThrownBy(() -> DiscordAdapter.builder().environment(name -> null).build())
        .isInstanceOf(DiscordLoginException.class)
        .hasMessageContaining("DISCORD_TOKEN").hasMessageContaining("Developer Portal");
  }

  @Test
  void a_rejected_token_fails_without_the_token_in_the_error_or_the_logs() {
    String secret = "MTIzNDU2Nzg5.rejected-secret-token.xyz";
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    Throwable thrown;
    try {
      thrown = org.assertj.core.api.Assertions.catchThrowable(() -> DiscordAdapter.builder()
          .environment(name -> name.equals("DISCORD_TOKEN") ? secret : null)
          .readyTimeout(Duration.ofSeconds(15)).jdaSettings(fake::pointAtMe).build());
    } finally {
      System.setErr(err);
    }

    assertThat(thrown).isInstanceOf(DiscordLoginException.class).hasMessageContaining("rejected")
        .hasMessageContaining("DISCORD_TOKEN").hasMessageNotContaining(secret);
    assertThat(stackText(thrown)).doesNotContain(secret);
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(secret);
  }

  @Test
  void a_message_content_intent_not_enabled_in_the_portal_fails_saying_where_to_enable_it() {
    fake.closeIdentifyWith = 4014;
    try {
      assertThatThrownBy(() -> DiscordAdapter.builder()
          .environment(name -> name.equals("DISCORD_TOKEN") ? FakeDiscord.TOKEN : null)
          .readyTimeout(Duration.ofSeconds(15)).jdaSettings(fake::pointAtMe).build())
          .isInstanceOf(DiscordLoginException.class)
          .hasMessageContaining("Message Content").hasMessageContaining("Privileged Gateway Intents");
    } finally {
      fake.closeIdentifyWith = 0;
    }
  }

  @Test
  void during_a_guild_outage_its_channels_are_a_transient_failure_not_a_gone_destination() throws Exception {
    try (DiscordAdapter adapter = fake.adapter(false)) {
      CountDownLatch unavailable = new CountDownLatch(1);
      adapter.jda().addEventListener((EventListener) e -> {
        if (e instanceof GuildUnavailableEvent) {
          unavailable.countDown();
        }
      });
      fake.guildOutage();
      assertThat(unavailable.await(10, TimeUnit.SECONDS)).isTrue();

      DeliveryOutcome outcome = adapter.deliveryChannel().deliver(Fixtures.request(FakeDiscord.TEXT,
          DeliveryFormat.MARKDOWN, Fixtures.summary("x", List.of()), DeliveryJournal.none()));

      assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.TransientFailure.class,
          f -> assertThat(f.reason()).contains("unavailable"));
      assertThatThrownBy(() -> adapter.messageSource().fetch(ChannelId.of(FakeDiscord.TEXT), Fixtures.WINDOW, 10, false))
          .isInstanceOfSatisfying(ExternalServiceException.class, e -> assertThat(e.permanent()).isFalse());
    }
  }

  @Test
  void a_setting_given_twice_is_refused_at_build_naming_it_before_any_connection() {
    DiscordAdapter.Builder b = DiscordAdapter.builder().requestTimeout(Duration.ofSeconds(5))
        .requestTimeout(Duration.ofSeconds(6)).adminChannel(ChannelId.of(1)).environment(name -> "a-token");

    assertThatThrownBy(b::build).isInstanceOf(org.summarybot.scheduling.model.ValidationException.class)
        .hasMessageContaining("requestTimeout: is set more than once").hasMessageNotContaining("adminChannel");
    assertThatThrownBy(() -> DiscordAdapter.builder().tokenVariable("not a name")).hasMessageContaining("tokenVariable");
  }

  @Test
  void rest_base_and_gateway_urls_take_jda_to_a_proxy_and_gateway_of_ones_choosing() {
    URI root = URI.create(fake.restBaseUrl()).resolve("/"); // no path: the adapter adds Discord's /api/v10/
    try (DiscordAdapter adapter = DiscordAdapter.builder()
        .environment(name -> name.equals("DISCORD_TOKEN") ? FakeDiscord.TOKEN : null)
        .readyTimeout(Duration.ofSeconds(15)).restBaseUrl(root).gatewayUrl(URI.create(fake.gatewayUrl())).build()) {
      assertThat(adapter.connectionState()).isEqualTo("CONNECTED");
      assertThat(adapter.jda().getSelfUser().getIdLong()).isEqualTo(FakeDiscord.BOT);
    }
    assertThat(fake.requestsTo("GET", "/users/@me")).isNotEmpty();
    assertThat(fake.gatewayQueries).as("JDA's own settings otherwise: version, JSON, zlib-stream")
        .anySatisfy(q -> assertThat(q).contains("v=10").contains("encoding=json").contains("compress=zlib-stream"));
  }

  @Test
  void rest_base_and_gateway_urls_are_checked_naming_the_setting_and_get_the_path_jda_joins_routes_to() {
    assertThat(DiscordAdapter.Builder.restBase(URI.create("http://proxy:8080"))).isEqualTo("http://proxy:8080/api/v10/");
    assertThat(DiscordAdapter.Builder.restBase(URI.create("https://proxy/api/v10"))).isEqualTo("https://proxy/api/v10/");
    assertThat(DiscordAdapter.Builder.gateway(URI.create("wss://gw.internal:7878"))).isEqualTo("wss://gw.internal:7878/");

    assertThatThrownBy(() -> DiscordAdapter.builder().restBaseUrl(URI.create("ws://proxy/")))
        .hasMessageContaining("restBaseUrl").hasMessageContaining("http or https");
    assertThatThrownBy(() -> DiscordAdapter.builder().gatewayUrl(URI.create("https://gateway.discord.gg/")))
        .hasMessageContaining("gatewayUrl").hasMessageContaining("ws or wss");
    assertThatThrownBy(() -> DiscordAdapter.builder().restBaseUrl(URI.create("https://user:hunter2@proxy/")))
        .hasMessageContaining("credentials").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> DiscordAdapter.builder().gatewayUrl(URI.create("wss://gw/?v=9")))
        .hasMessageContaining("query");
  }

  private static String stackText(Throwable t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }
}

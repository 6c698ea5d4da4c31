package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.GUILD;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT;
import static org.summarybot.scheduling.delivery.discord.FakeDiscordInteractions.MODERATOR;
import static org.summarybot.scheduling.delivery.discord.FakeDiscordInteractions.options;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.interactions.InteractionType;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.Route;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.internal.requests.RestActionImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.delivery.discord.FakeDiscordInteractions.Interaction;

/**
 * The fake holds JDA to Discord's interaction rules, so the command surface is tested against them: the initial
 * response within 3 seconds, only one, of a type the interaction takes (autocomplete cannot be deferred), and
 * follow-ups only after it. Real JDA, with a listener that answers as each test says.
 */
class InteractionRulesTest {
  private static FakeDiscord fake;
  private static JDA jda;
  private static final BlockingQueue<GenericEvent> received = new ArrayBlockingQueue<>(10);

  @BeforeAll
  static void connect() throws Exception {
    fake = FakeDiscord.start();
    JDABuilder b = JDABuilder.createLight(FakeDiscord.TOKEN, DiscordAdapter.INTENTS)
        .addEventListeners((EventListener) e -> {
          if (e instanceof SlashCommandInteractionEvent || e instanceof CommandAutoCompleteInteractionEvent) {
            received.add(e);
          }
        });
    fake.pointAtMe(b);
    jda = b.build().awaitReady();
  }

  @AfterAll
  static void disconnect() throws Exception {
    jda.shutdownNow();
    jda.awaitShutdown(Duration.ofSeconds(10));
    fake.close();
  }

  private static <T extends GenericEvent> T next(Class<T> type) throws InterruptedException {
    GenericEvent e = received.poll(10, TimeUnit.SECONDS);
    assertThat(e).isInstanceOf(type);
    return type.cast(e);
  }

  private static ErrorResponse failure(Throwable t) {
    Throwable c = t instanceof ExecutionException ? t.getCause() : t;
    assertThat(c).isInstanceOf(ErrorResponseException.class);
    return ((ErrorResponseException) c).getErrorResponse();
  }

  @Test
  void an_initial_response_after_three_seconds_is_unknown_interaction_10062() throws Exception {
    Interaction i = fake.interactions().command(GUILD, TEXT, MODERATOR, "list", options());
    SlashCommandInteractionEvent e = next(SlashCommandInteractionEvent.class);
    fake.interactions().age(i, Duration.ofMillis(3001));

    assertThatThrownBy(() -> e.reply("late").setEphemeral(true).submit().get(10, TimeUnit.SECONDS))
        .satisfies(t -> assertThat(failure(t)).isEqualTo(ErrorResponse.UNKNOWN_INTERACTION));
    assertThat(i.initial()).isNull();
    assertThat(i.errors).containsExactly("404 10062");
  }

  @Test
  void a_second_initial_response_is_already_acknowledged_40060_and_the_first_stands() throws Exception {
    Interaction i = fake.interactions().command(GUILD, TEXT, MODERATOR, "list", options());
    SlashCommandInteractionEvent e = next(SlashCommandInteractionEvent.class);
    e.reply("first").setEphemeral(true).submit().get(10, TimeUnit.SECONDS);

    // a second node's JDA answering the same interaction: JDA's own guard is per event object, so go around it
    RestActionImpl<Void> again = new RestActionImpl<>(jda, Route.Interactions.CALLBACK.compile(e.getId(),
        e.getToken()), DataObject.empty().put("type", 4).put("data", DataObject.empty().put("content", "second")));
    assertThatThrownBy(() -> again.submit().get(10, TimeUnit.SECONDS))
        .satisfies(t -> assertThat(failure(t)).isEqualTo(ErrorResponse.INTERACTION_ALREADY_ACKNOWLEDGED));
    assertThat(i.text()).isEqualTo("first");
    assertThat(i.flags()).isEqualTo(64);
  }

  @Test
  void autocomplete_cannot_be_deferred_and_takes_its_choices_as_the_initial_response() throws Exception {
    Interaction i = fake.interactions().autocomplete(GUILD, TEXT, MODERATOR, "create",
        options().string("zone", "Eur").focus("zone"));
    CommandAutoCompleteInteractionEvent e = next(CommandAutoCompleteInteractionEvent.class);
    assertThat(e.getInteraction().getType()).isEqualTo(InteractionType.COMMAND_AUTOCOMPLETE);

    RestActionImpl<Void> defer = new RestActionImpl<>(jda, Route.Interactions.CALLBACK.compile(e.getId(),
        e.getToken()), DataObject.empty().put("type", 5));
    assertThatThrownBy(() -> defer.submit().get(10, TimeUnit.SECONDS))
        .satisfies(t -> assertThat(failure(t)).isEqualTo(ErrorResponse.INVALID_FORM_BODY));

    e.replyChoiceStrings(List.of("Europe/Berlin")).submit().get(10, TimeUnit.SECONDS);
    assertThat(i.initial().path("type").asInt()).isEqualTo(8);
  }

  @Test
  void a_follow_up_before_the_initial_response_is_unknown_webhook_10015() throws Exception {
    Interaction i = fake.interactions().command(GUILD, TEXT, MODERATOR, "list", options());
    SlashCommandInteractionEvent e = next(SlashCommandInteractionEvent.class);

    RestActionImpl<DataObject> edit = new RestActionImpl<>(jda, Route.Interactions.EDIT_FOLLOWUP.compile(
        jda.getSelfUser().getApplicationId(), e.getToken(), "@original"), DataObject.empty().put("content",
        "too early"), (r, q) -> r.getObject());
    assertThatThrownBy(() -> edit.submit().get(10, TimeUnit.SECONDS))
        .satisfies(t -> assertThat(failure(t)).isEqualTo(ErrorResponse.UNKNOWN_WEBHOOK));
    assertThat(i.text()).isNull();

    e.deferReply(true).submit().get(10, TimeUnit.SECONDS);
    e.getHook().editOriginal("done").submit().get(10, TimeUnit.SECONDS);
    assertThat(fake.interactions().awaitText(i)).isEqualTo("done");
    assertThat(i.flags() & 64).as("a deferred ephemeral reply stays ephemeral").isEqualTo(64);
  }

}

package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Summary;

/** Rendering alone (no connection): JDA's own data objects, checked against Discord's limits. */
class SummaryRendererTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void many_short_embeds_are_packed_at_most_ten_and_6000_characters_to_a_message() {
    // 4096-character descriptions: one per embed, so a message holds at most one of them next to the 6000 cap
    Summary huge = Fixtures.summary(Fixtures.longMarkdown(400), Fixtures.names(3));

    List<MessageCreateData> parts = SummaryRenderer.render(huge, DeliveryFormat.EMBED, "Dev digest", BERLIN);

    assertThat(parts).hasSizeGreaterThan(10);
    for (MessageCreateData part : parts) {
      assertThat(part.getEmbeds()).hasSizeBetween(1, Message.MAX_EMBED_COUNT);
      assertThat(part.getEmbeds().stream().mapToInt(MessageEmbed::getLength).sum())
          .isLessThanOrEqualTo(MessageEmbed.EMBED_MAX_LENGTH_BOT);
      assertThat(part.getAllowedMentions()).isEmpty();
    }
  }

  @Test
  void a_short_summary_is_one_embed_with_title_fields_footer_and_timestamp() {
    Summary s = Fixtures.summary("All quiet, one deploy.", List.of("ana", "bo"));

    List<MessageCreateData> parts = SummaryRenderer.render(s, DeliveryFormat.EMBED, "Dev digest", BERLIN);

    assertThat(parts).hasSize(1);
    MessageEmbed e = parts.get(0).getEmbeds().get(0);
    assertThat(e.getTitle()).isEqualTo("Daily summary of #dev");
    assertThat(e.getDescription()).isEqualTo("All quiet, one deploy.");
    assertThat(e.getFields()).extracting(MessageEmbed.Field::getName, MessageEmbed.Field::getValue)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Participants", "ana, bo"),
            org.assertj.core.groups.Tuple.tuple("Messages", "42"));
    assertThat(e.getFooter().getText()).isEqualTo("Dev digest · 2026-03-01 09:00 – 2026-03-02 09:00 Europe/Berlin");
    assertThat(e.getTimestamp().toInstant()).isEqualTo(Fixtures.FIRE);
  }

  @Test
  void a_long_footer_and_participant_list_move_to_an_embed_of_their_own_when_they_would_break_6000() {
    Summary s = Fixtures.summary("p".repeat(4096), Fixtures.names(200));

    List<MessageCreateData> parts = SummaryRenderer.render(s, DeliveryFormat.EMBED, "n".repeat(1500), BERLIN);

    List<MessageEmbed> embeds = new ArrayList<>();
    parts.forEach(p -> embeds.addAll(p.getEmbeds()));
    assertThat(embeds).hasSize(2);
    assertThat(embeds.get(0).getFields()).isEmpty();
    assertThat(embeds.get(1).getFields().get(0).getValue()).hasSizeLessThanOrEqualTo(1024).endsWith("more");
    assertThat(embeds.get(1).getFooter().getText()).hasSizeLessThanOrEqualTo(2048);
    assertThat(parts).allSatisfy(p -> assertThat(p.getEmbeds().stream().mapToInt(MessageEmbed::getLength).sum())
        .isLessThanOrEqualTo(6000));
  }

  @Test
  void participants_that_do_not_fit_a_field_are_counted_as_more() {
    String value = SummaryRenderer.participants(Fixtures.names(100));

    assertThat(value).hasSizeLessThanOrEqualTo(1024).startsWith("participant-with-a-long-display-name-0, ");
    int shown = value.split(", ").length;
    assertThat(value).endsWith(" and " + (100 - shown) + " more");
    assertThat(SummaryRenderer.participants(List.of())).isEqualTo("nobody");
    assertThat(SummaryRenderer.participants(List.of("x".repeat(2000)))).hasSize(1024).endsWith("…");
  }

  @Test
  void an_empty_summary_body_still_renders_a_valid_message_in_both_formats() {
    Summary s = Fixtures.summary("   ", List.of());

    assertThat(SummaryRenderer.render(s, DeliveryFormat.EMBED, "t", BERLIN)).singleElement()
        .satisfies(p -> assertThat(p.getEmbeds().get(0).getDescription()).contains("no summary text"));
    assertThat(SummaryRenderer.render(s, DeliveryFormat.MARKDOWN, "t", BERLIN)).singleElement()
        .satisfies(p -> assertThat(p.getContent()).contains("no summary text").doesNotContain("Participants"));
  }

  @Test
  void rendering_is_deterministic_so_part_numbers_are_stable_across_attempts() {
    Summary s = Fixtures.summary(Fixtures.longMarkdown(30), Fixtures.names(5));

    List<String> once = SummaryRenderer.render(s, DeliveryFormat.MARKDOWN, "t", BERLIN).stream()
        .map(MessageCreateData::getContent).toList();
    List<String> twice = SummaryRenderer.render(s, DeliveryFormat.MARKDOWN, "t", BERLIN).stream()
        .map(MessageCreateData::getContent).toList();

    assertThat(once).hasSizeGreaterThan(1).isEqualTo(twice);
  }

  @Test
  void nonces_fit_discords_25_characters_and_differ_per_part_and_key() {
    assertThat(Nonces.of("exec/discord_channel:1", "0")).hasSize(25).isEqualTo(Nonces.of("exec/discord_channel:1", "0"))
        .isNotEqualTo(Nonces.of("exec/discord_channel:1", "1")).isNotEqualTo(Nonces.of("exec/discord_channel:2", "0"));
  }
}

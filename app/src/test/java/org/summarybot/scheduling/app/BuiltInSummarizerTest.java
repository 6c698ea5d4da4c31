package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.SummaryLength;
import org.summarybot.scheduling.model.SummaryOptions;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.SummaryRequest;

class BuiltInSummarizerTest {
  private static final ChannelId DEV = ChannelId.of(42);
  private static final TimeWindow WINDOW =
      TimeWindow.of(Instant.parse("2025-03-14T09:00:00Z"), Instant.parse("2025-03-14T12:00:00Z"));

  private static Message msg(String id, String author, int minute, String content, String replyTo, int reactions) {
    return new Message(id, DEV, author + "-id", author, false, content,
        Instant.parse("2025-03-14T09:00:00Z").plusSeconds(60L * minute), Optional.ofNullable(replyTo), 0, reactions);
  }

  private static List<Message> conversation() {
    List<Message> m = new ArrayList<>();
    m.add(msg("1", "ana", 0, "Release branch is cut, see https://example.com/release.", null, 4));
    m.add(msg("2", "bo", 5, "Smoke tests running", "1", 0));
    m.add(msg("3", "chen", 10, "Scheduler double-fired at DST", null, 1));
    m.add(msg("4", "ana", 12, "Which job?", "3", 0));
    m.add(msg("5", "chen", 70, "The 02:30 one", "3", 0));
    m.add(msg("6", "ana", 130, "Retro at 15:00", null, 0));
    return m;
  }

  private static Summary summarize(List<Message> messages, SummaryLength length) {
    return new BuiltInSummarizer().summarize(new SummaryRequest("dev digest", List.of(DEV), WINDOW, messages,
        SummaryOptions.DEFAULTS.withLength(length), false));
  }

  @Test
  void counts_messages_and_participants_and_ranks_the_most_active() {
    Summary s = summarize(conversation(), SummaryLength.DETAILED);

    assertThat(s.messageCount()).isEqualTo(6);
    assertThat(s.participants()).containsExactly("ana", "bo", "chen");
    assertThat(s.markdown())
        .contains("**Period:** 2025-03-14 09:00 to 2025-03-14 12:00 (UTC)")
        .contains("**Messages:** 6 from 3 participants")
        .contains("- ana: 3 messages\n- chen: 2 messages\n- bo: 1 message");
  }

  @Test
  void quotes_the_most_replied_to_and_reacted_messages_and_lists_links_and_hours() {
    String md = summarize(conversation(), SummaryLength.DETAILED).markdown();

    assertThat(md).contains("- \"Scheduler double-fired at DST\" (chen) (1 reaction, 2 replies)");
    assertThat(md).contains("- \"Release branch is cut, see https://example.com/release.\" (ana) (4 reactions, 1 reply)");
    assertThat(md).contains("## Links shared\n- https://example.com/release\n");
    assertThat(md).contains("09:00 4 · 10:00 1 · 11:00 1");
  }

  @Test
  void the_three_lengths_differ_visibly() {
    String brief = summarize(conversation(), SummaryLength.BRIEF).markdown();
    String detailed = summarize(conversation(), SummaryLength.DETAILED).markdown();
    String comprehensive = summarize(conversation(), SummaryLength.COMPREHENSIVE).markdown();

    assertThat(brief).contains("**Most active:** ana (3), chen (2), bo (1)").doesNotContain("## Links shared");
    assertThat(detailed).contains("## Links shared").doesNotContain("## Channels");
    assertThat(comprehensive).contains("## Channels\n- 42: 6 messages").contains("```\n09:00 ");
    assertThat(brief.length()).isLessThan(detailed.length());
    assertThat(detailed.length()).isLessThan(comprehensive.length());
  }

  @Test
  void says_the_channel_was_quiet_when_there_are_no_messages() {
    Summary s = summarize(List.of(), SummaryLength.DETAILED);

    assertThat(s.messageCount()).isZero();
    assertThat(s.markdown()).contains("The channel was quiet: no messages in this period.");
  }

  @Test
  void times_are_shown_in_the_task_zone() {
    Summary s = new BuiltInSummarizer().summarize(new SummaryRequest("dev digest", List.of(DEV), WINDOW,
        conversation(), SummaryOptions.DEFAULTS.withLength(SummaryLength.DETAILED), false,
        ZoneId.of("Europe/Berlin")));

    assertThat(s.title()).isEqualTo("dev digest: 2025-03-14 10:00 to 2025-03-14 13:00");
    assertThat(s.markdown())
        .contains("**Period:** 2025-03-14 10:00 to 2025-03-14 13:00 (Europe/Berlin)")
        .contains("## Activity by hour (Europe/Berlin)\n10:00 4 · 11:00 1 · 12:00 1");
  }

  @Test
  void the_same_request_gives_the_same_summary() {
    assertThat(summarize(conversation(), SummaryLength.COMPREHENSIVE))
        .isEqualTo(summarize(conversation(), SummaryLength.COMPREHENSIVE));
  }
}

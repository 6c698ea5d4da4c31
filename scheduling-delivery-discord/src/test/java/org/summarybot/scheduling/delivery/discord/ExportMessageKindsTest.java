package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.summarybot.scheduling.delivery.discord.ExportMessageKinds.Kind;

class ExportMessageKindsTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      // chat: Discord types 0, 19, 20, 23, as DiscordChatExporter names them or writes their number
      "Default, CHAT", "Reply, CHAT", "0, CHAT", "19, CHAT", "20, CHAT", "23, CHAT",
      "ChatInputCommand, CHAT", "ContextMenuCommand, CHAT", "reply, CHAT",
      // system: every kind DiscordChatExporter names besides Default and Reply
      "RecipientAdd, SYSTEM", "RecipientRemove, SYSTEM", "Call, SYSTEM", "ChannelNameChange, SYSTEM",
      "ChannelIconChange, SYSTEM", "ChannelPinnedMessage, SYSTEM", "GuildMemberJoin, SYSTEM",
      "ThreadCreated, SYSTEM",
      // system: Discord types DiscordChatExporter writes as numbers (boosts, follows, automod, polls, ...)
      "7, SYSTEM", "8, SYSTEM", "11, SYSTEM", "12, SYSTEM", "21, SYSTEM", "24, SYSTEM", "46, SYSTEM",
      "GuildBoost, SYSTEM", "PollResult, SYSTEM",
      // newer than the table
      "SoundboardPing, UNKNOWN", "47, UNKNOWN", "-1, UNKNOWN"
  })
  void maps_each_type_to_chat_or_system(String type, Kind expected) {
    assertThat(ExportMessageKinds.of(Optional.of(type))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(value = {"''", "'  '"})
  void a_blank_type_counts_as_default(String type) {
    assertThat(ExportMessageKinds.of(Optional.of(type))).isEqualTo(Kind.CHAT);
  }

  @Test
  void a_type_is_chat_in_an_export_exactly_when_the_live_source_calls_it_chat() {
    assertThat(ExportMessageKinds.byNumber()).hasSizeGreaterThan(30).allSatisfy((number, kind) ->
        assertThat(kind == Kind.CHAT).as("type %s", number).isEqualTo(ChatTypes.isChat(number)));
    assertThat(ExportMessageKinds.byNumber().keySet()).containsAll(ChatTypes.CHAT);
    assertThat(ExportMessageKinds.of(java.util.Optional.of("9999"))).isNotEqualTo(Kind.CHAT);
  }

  @Test
  void a_missing_type_counts_as_default() {
    assertThat(ExportMessageKinds.of(Optional.empty())).isEqualTo(Kind.CHAT);
  }
}

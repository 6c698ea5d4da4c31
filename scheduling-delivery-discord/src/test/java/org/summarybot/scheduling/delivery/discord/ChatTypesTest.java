package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import net.dv8tion.jda.api.entities.MessageType;
import org.junit.jupiter.api.Test;

/** The chat rule by Discord's type number, against every type JDA knows. */
class ChatTypesTest {

  /** Discord type number: chat or not, for the types that matter most. */
  private static final Map<Integer, Boolean> TABLE = Map.ofEntries(
      Map.entry(0, true),     // DEFAULT: messages, forwards, crossposts
      Map.entry(19, true),    // REPLY
      Map.entry(20, true),    // CHAT_INPUT_COMMAND
      Map.entry(23, true),    // CONTEXT_MENU_COMMAND
      Map.entry(6, false),    // CHANNEL_PINNED_MESSAGE
      Map.entry(7, false),    // USER_JOIN
      Map.entry(8, false),    // GUILD_BOOST
      Map.entry(18, false),   // THREAD_CREATED
      Map.entry(21, false),   // THREAD_STARTER_MESSAGE (JDA: not a system message)
      Map.entry(24, false),   // AUTO_MODERATION_ACTION
      Map.entry(46, false),   // POLL_RESULT
      Map.entry(9999, false)); // a type newer than this adapter

  @Test
  void chat_is_default_reply_slash_and_context_commands_and_nothing_else() {
    TABLE.forEach((type, chat) -> assertThat(ChatTypes.isChat(type)).as("type %d", type).isEqualTo(chat));
  }

  @Test
  void of_every_type_jda_knows_only_the_four_chat_types_are_chat() {
    Set<MessageType> chat = EnumSet.of(MessageType.DEFAULT, MessageType.INLINE_REPLY, MessageType.SLASH_COMMAND,
        MessageType.CONTEXT_COMMAND);
    for (MessageType t : MessageType.values()) {
      assertThat(ChatTypes.isChat(t.getId())).as(t.name()).isEqualTo(chat.contains(t));
    }
  }
}

package org.summarybot.scheduling.delivery.discord;

import java.util.Set;

/**
 * Which messages are chat, by Discord's message type number: the one rule both message sources follow. Chat is
 * what people wrote: {@code DEFAULT} (0, also forwards and crossposts), {@code REPLY} (19),
 * {@code CHAT_INPUT_COMMAND} (20, a slash command's answer) and {@code CONTEXT_MENU_COMMAND} (23). Everything else
 * is a notice Discord writes (joins, pins, boosts, thread created, a thread's starter message, poll results, ...)
 * and is neither summarised nor counted as a participant. A type unknown to this list, such as one Discord adds
 * later, is not chat either: every type added since 2021 has been a notice.
 *
 * <p>JDA's {@code MessageType.isSystem()} is not this rule: it calls {@code THREAD_STARTER_MESSAGE} (21) no system
 * message, and JDA cannot parse types newer than itself at all.
 */
final class ChatTypes {
  /** The chat types by Discord's number: DEFAULT, REPLY, CHAT_INPUT_COMMAND, CONTEXT_MENU_COMMAND. */
  static final Set<Integer> CHAT = Set.of(0, 19, 20, 23);

  private ChatTypes() {}

  static boolean isChat(int discordType) {
    return CHAT.contains(discordType);
  }
}

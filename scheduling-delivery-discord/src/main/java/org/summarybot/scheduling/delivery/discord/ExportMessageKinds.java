package org.summarybot.scheduling.delivery.discord;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a DiscordChatExporter message {@code type} means to a summary: chat, or a system notice.
 *
 * <p>DiscordChatExporter writes the name of its own message-kind enum ({@code Default}, {@code Reply},
 * {@code GuildMemberJoin}, ...). For a Discord message type its enum does not name, it writes the type's number as
 * a string ({@code "20"} for a slash-command result). Both forms are looked up here, by Discord's type number, so
 * the export reader agrees with the live history source ({@link ChatTypes}, whose chat numbers this table's
 * chat entries are, checked by a test):
 *
 * <ul>
 *   <li>chat: 0 {@code Default}, 19 {@code Reply}, 20 {@code ChatInputCommand}, 23 {@code ContextMenuCommand};
 *   <li>system, never summarised nor counted as participants: every other type Discord documents, from
 *       1 {@code RecipientAdd} to 46 {@code PollResult}, including 21 {@code ThreadStarterMessage} (an empty
 *       pointer to a message of the parent channel, which is summarised there);
 *   <li>a missing or null {@code type} (exports made before DiscordChatExporter wrote it) is {@code Default};
 *   <li>any other value is {@link Kind#UNKNOWN}: a type newer than this table. The reader skips it, as the live
 *       source does with a type JDA cannot parse: every type Discord added since 2021 has been a notice.
 * </ul>
 *
 * Names match ignoring case; a number may also be a JSON number.
 */
final class ExportMessageKinds {
  /** What one message is. */
  enum Kind { CHAT, SYSTEM, UNKNOWN }

  private static final Map<Integer, Kind> BY_NUMBER = new HashMap<>();
  private static final Map<String, Kind> BY_NAME = new HashMap<>();

  static {
    chat(0, "Default");
    system(1, "RecipientAdd");
    system(2, "RecipientRemove");
    system(3, "Call");
    system(4, "ChannelNameChange");
    system(5, "ChannelIconChange");
    system(6, "ChannelPinnedMessage");
    system(7, "GuildMemberJoin", "UserJoin");
    system(8, "GuildBoost");
    system(9, "GuildBoostTier1");
    system(10, "GuildBoostTier2");
    system(11, "GuildBoostTier3");
    system(12, "ChannelFollowAdd");
    system(14, "GuildDiscoveryDisqualified");
    system(15, "GuildDiscoveryRequalified");
    system(16, "GuildDiscoveryGracePeriodInitialWarning");
    system(17, "GuildDiscoveryGracePeriodFinalWarning");
    system(18, "ThreadCreated");
    chat(19, "Reply");
    chat(20, "ChatInputCommand");
    system(21, "ThreadStarterMessage");
    system(22, "GuildInviteReminder");
    chat(23, "ContextMenuCommand");
    system(24, "AutoModerationAction");
    system(25, "RoleSubscriptionPurchase");
    system(26, "InteractionPremiumUpsell");
    system(27, "StageStart");
    system(28, "StageEnd");
    system(29, "StageSpeaker");
    system(31, "StageTopic");
    system(32, "GuildApplicationPremiumSubscription");
    system(36, "GuildIncidentAlertModeEnabled");
    system(37, "GuildIncidentAlertModeDisabled");
    system(38, "GuildIncidentReportRaid");
    system(39, "GuildIncidentReportFalseAlarm");
    system(44, "PurchaseNotification");
    system(46, "PollResult");
  }

  private ExportMessageKinds() {}

  /** The kind of a message whose {@code type} is {@code type}; empty (absent or null) means {@code Default}. */
  static Kind of(Optional<String> type) {
    if (type.isEmpty() || type.get().isBlank()) {
      return Kind.CHAT;
    }
    String t = type.get().strip();
    Kind named = BY_NAME.get(t.toLowerCase(Locale.ROOT));
    if (named != null) {
      return named;
    }
    try {
      return BY_NUMBER.getOrDefault(Integer.parseInt(t), Kind.UNKNOWN);
    } catch (NumberFormatException e) {
      return Kind.UNKNOWN;
    }
  }

  private static void chat(int number, String... names) {
    add(number, Kind.CHAT, names);
  }

  private static void system(int number, String... names) {
    add(number, Kind.SYSTEM, names);
  }

  /** The numbers this table knows, with their kind. */
  static Map<Integer, Kind> byNumber() {
    return Map.copyOf(BY_NUMBER);
  }

  private static void add(int number, Kind kind, String... names) {
    BY_NUMBER.put(number, kind);
    for (String name : names) {
      BY_NAME.put(name.toLowerCase(Locale.ROOT), kind);
    }
  }
}

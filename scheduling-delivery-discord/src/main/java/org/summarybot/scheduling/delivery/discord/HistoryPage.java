package org.summarybot.scheduling.delivery.discord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageHistory;
import net.dv8tion.jda.api.entities.MessageType;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.requests.Request;
import net.dv8tion.jda.api.requests.Response;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.Route;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;

/**
 * One answer of {@code GET /channels/{id}/messages?after=&limit=} as Discord sent it, next to what JDA made of it.
 * JDA drops every message it cannot parse (a message type newer than JDA) with only a log line, so what JDA
 * returns says nothing about where the history ends; Discord's own answer does: its newest id is the cursor of
 * the next page, and fewer entries than asked for is the end.
 *
 * @param messages the messages JDA could parse, oldest first
 * @param rawCount how many messages Discord answered with
 * @param newestRawId the newest id among all of them (0 when the answer was empty)
 * @param unknownTypes how many had a type JDA does not know (left out of {@code messages})
 */
record HistoryPage(List<Message> messages, int rawCount, long newestRawId, int unknownTypes) {
  HistoryPage {
    messages = List.copyOf(messages);
  }

  /** Messages Discord answered with that JDA could not parse for another reason (JDA logged each). */
  int unreadable() {
    return rawCount - unknownTypes - messages.size();
  }

  /** The page of at most {@code limit} messages after {@code afterId}, through JDA's requester (auth, rate limits). */
  static RestAction<HistoryPage> after(MessageChannel channel, long afterId, int limit) {
    Route.CompiledRoute route = Route.Messages.GET_MESSAGE_HISTORY.compile(channel.getId())
        .withQueryParams("after", Long.toUnsignedString(afterId));
    RawAction action = new RawAction(route, channel);
    action.limit(limit);
    return action.map(history -> {
      List<Message> parsed = new ArrayList<>(history.getRetrievedHistory());
      parsed.sort(Comparator.comparingLong(Message::getIdLong));
      return new HistoryPage(parsed, action.rawCount, action.newestRawId, action.unknownTypes);
    });
  }

  /**
   * JDA's own history request, reading Discord's answer before JDA parses it. Messages of unknown types are taken
   * out first, counted, so JDA does not log a stack trace for each; JDA then parses the rest from the same answer
   * ({@link Response} keeps the body it parsed). The fields are written before JDA completes the request and read
   * after, by the mapping in {@link #after}.
   */
  private static final class RawAction extends MessageHistory.MessageRetrieveAction {
    private int rawCount;
    private long newestRawId;
    private int unknownTypes;

    RawAction(Route.CompiledRoute route, MessageChannel channel) {
      super(route, channel);
    }

    @Override
    protected void handleSuccess(Response response, Request<MessageHistory> request) {
      DataArray raw = response.getArray();
      rawCount = raw.length();
      for (int i = raw.length() - 1; i >= 0; i--) {
        DataObject m = raw.getObject(i);
        newestRawId = Math.max(newestRawId, m.getUnsignedLong("id", 0));
        if (MessageType.fromId(m.getInt("type", -1)) == MessageType.UNKNOWN) {
          unknownTypes++;
          raw.remove(i);
        }
      }
      super.handleSuccess(response, request);
    }
  }
}

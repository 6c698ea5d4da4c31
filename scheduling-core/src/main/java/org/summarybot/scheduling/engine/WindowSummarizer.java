package org.summarybot.scheduling.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.port.MessageBatch;
import org.summarybot.scheduling.port.MessageSource;
import org.summarybot.scheduling.port.Summarizer;
import org.summarybot.scheduling.port.SummaryRequest;

/**
 * Reads an attempt's window and summarises it: the messages of every channel of the task, merged oldest first;
 * fewer than the task's {@code minMessages} end the attempt {@code SKIPPED_NO_CONTENT}. The one place the engine
 * reads messages.
 */
final class WindowSummarizer {
  private static final Comparator<Message> BY_TIME = Comparator.comparing(Message::timestamp);

  private final MessageSource messageSource;
  private final Summarizer summarizer;

  WindowSummarizer(MessageSource messageSource, Summarizer summarizer) {
    this.messageSource = messageSource;
    this.summarizer = summarizer;
  }

  /** The attempt's summary, also kept in it; null when the window has too few messages (the attempt is skipped). */
  Summary summarize(Attempt a) {
    ScheduledTask task = a.task;
    List<Message> messages = List.of();
    boolean truncated = false;
    List<ChannelId> channelIds = task.channelIds();
    for (int c = 0; c < channelIds.size(); c++) {
      MessageBatch batch = fetch(task, channelIds.get(c), a);
      if (messages.isEmpty()) {
        messages = batch.messages();
      } else {
        messages = new ArrayList<>(messages);
        messages.addAll(batch.messages());
      }
      truncated |= batch.truncated();
    }
    messages = inTimeOrder(messages);
    a.messageCount = messages.size();
    if (messages.size() < task.options().minMessages()) {
      a.outcome = ExecutionOutcome.SKIPPED_NO_CONTENT;
      return null;
    }
    a.summary = summarizer.summarize(
        new SummaryRequest(task.name(), task.channelIds(), a.window, messages, task.options(), truncated,
            task.zone()));
    return a.summary;
  }

  /** The messages of one channel of the task in the attempt's window. */
  private MessageBatch fetch(ScheduledTask task, ChannelId channel, Attempt a) {
    return messageSource.fetch(task.guildId(), channel, a.window, task.options().maxMessages(),
        task.options().includeBots());
  }

  /** {@code messages} oldest first: the list itself when it already is, else a sorted copy. */
  static List<Message> inTimeOrder(List<Message> messages) {
    for (int i = 1; i < messages.size(); i++) {
      if (messages.get(i - 1).timestamp().isAfter(messages.get(i).timestamp())) {
        List<Message> sorted = new ArrayList<>(messages);
        sorted.sort(BY_TIME);
        return sorted;
      }
    }
    return messages;
  }
}

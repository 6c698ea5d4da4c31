package org.summarybot.scheduling.delivery.discord;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.utils.MarkdownSanitizer;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.port.Notification;
import org.summarybot.scheduling.port.Notifier;

/**
 * Tells a person on Discord about failures and auto-disables: in the admin channel when one is configured,
 * otherwise in a direct message to the task's creator (when {@code createdBy} holds a Discord user id). Best
 * effort and bounded: a notice that cannot be sent is logged (without the token) and dropped.
 */
final class DiscordNotifier implements Notifier {
  private static final System.Logger LOG = System.getLogger(DiscordNotifier.class.getName());

  private final Bot bot;
  private final Optional<Long> adminChannel;
  private final Duration timeout;

  DiscordNotifier(Bot bot, Optional<Long> adminChannel, Duration timeout) {
    this.bot = requireNonNull(bot, "bot");
    this.adminChannel = requireNonNull(adminChannel, "adminChannel");
    this.timeout = requireNonNull(timeout, "timeout");
  }

  @Override
  public void notify(Notification notification) {
    requireNonNull(notification, "notification");
    MessageCreateData message = SummaryRenderer.noMentions(
        new MessageCreateBuilder().setContent(SummaryRenderer.truncate(text(notification), SummaryRenderer.CONTENT_MAX)));
    ScheduledTask task = notification.task();
    String where = "nobody";
    try {
      RestAction<?> send;
      if (adminChannel.isPresent()) {
        GuildChannel c = bot.channel(adminChannel.get());
        if (!(c instanceof GuildMessageChannel channel)) {
          LOG.log(Level.WARNING, "cannot notify about task {0}: admin channel {1} is unknown to the bot or not a text channel",
              task.id(), Long.toUnsignedString(adminChannel.get()));
          return;
        }
        send = channel.sendMessage(message);
        where = "admin channel " + channel.getId();
      } else if (task.createdBy().matches("[1-9][0-9]{0,19}")) {
        send = bot.openPrivateChannel(task.createdBy()).flatMap(dm -> dm.sendMessage(message));
        where = "a direct message to user " + task.createdBy();
      } else {
        LOG.log(Level.DEBUG, "no admin channel and no Discord user to tell about task {0}", task.id());
        return;
      }
      bot.call(send, timeout); // a 429 longer than the deadline fails at once, as for summaries
      LOG.log(Level.DEBUG, "told {0} about task {1}", where, task.id());
    } catch (Exception e) {
      DiscordFailures.Failure f = DiscordFailures.classify(e, adminChannel.orElse(0L), timeout);
      LOG.log(Level.WARNING, "could not notify {0} about task {1}: {2}", where, task.id(), f.reason());
    }
  }

  static String text(Notification n) {
    ScheduledTask t = n.task();
    String name = "**" + MarkdownSanitizer.escape(t.name()) + "** (`" + t.id() + "`)";
    if (n instanceof Notification.ExecutionFailed f) {
      ExecutionRecord r = f.record();
      return "⚠️ Summary task " + name + " failed for the run scheduled at " + r.scheduledFor() + " after "
          + r.attempts() + (r.attempts() == 1 ? " attempt" : " attempts")
          + r.errorMessage().map(m -> ": " + MarkdownSanitizer.escape(m)).orElse(".");
    }
    if (n instanceof Notification.TaskDisabled d) {
      return "⛔ Summary task " + name + " was disabled: " + MarkdownSanitizer.escape(d.reason())
          + "\nFix the cause, then resume the task to re-enable it.";
    }
    if (n instanceof Notification.DestinationDisabled d) {
      return "⛔ Summary task " + name + " stopped delivering to " + d.destination().describe() + ": "
          + MarkdownSanitizer.escape(d.reason()) + "\nIts other destinations go on. Fix the cause, then resume the task.";
    }
    if (n instanceof Notification.TaskSilent s) {
      return "🔕 Summary task " + name + " has delivered nothing since " + s.since()
          + " (failures, empty windows, or no scheduler running). You will hear when it delivers again.";
    }
    if (n instanceof Notification.TaskRecovered r) {
      return "✅ Summary task " + name + " delivers again (at " + r.deliveredAt() + ").";
    }
    throw new IllegalArgumentException("unknown notification " + n.getClass().getName());
  }
}

package org.summarybot.scheduling.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.summarybot.scheduling.delivery.discord.AccessReport;
import org.summarybot.scheduling.delivery.discord.DiscordAdapter;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.GuildId;

/**
 * {@code tasks add}, {@code update} and {@code import} with the bot token set: connects to Discord and refuses
 * (exit 2) a task whose source channels or {@code discord:} destinations are unknown to the bot or belong to
 * another guild than the task's, one line each naming the channel, its guild and the task's. Without the token
 * nothing is checked here; every execution checks again and fails permanently without reading.
 */
final class GuildPlacementCheck {
  /** One task to check; {@code label} starts its error lines (empty for the one task of add and update). */
  record Subject(String label, GuildId guild, List<ChannelId> channels, List<Destination> destinations) {}

  private GuildPlacementCheck() {}

  static void require(Config config, List<Subject> tasks, PrintWriter err) {
    if (!Wiring.discordTokenSet(config) || tasks.isEmpty()) {
      return;
    }
    List<String> problems = new ArrayList<>();
    try (DiscordAdapter discord = Wiring.connect(config)) {
      for (Subject t : tasks) {
        AccessReport r = discord.checkAccess(t.guild(), t.channels(), t.destinations());
        r.placementProblems().forEach(p -> problems.add(t.label() + p));
        for (AccessReport.Entry e : concat(r.sources(), r.destinations())) {
          e.checks().stream().filter(c -> c.name().equals(AccessReport.KNOWN)
              && c.status() == AccessReport.Status.NOT_CHECKED)
              .forEach(c -> err.println("warning: " + t.label() + e.target() + " not checked: " + c.detail()));
        }
      }
    }
    err.flush();
    if (!problems.isEmpty()) {
      throw new UsageException(problems);
    }
  }

  private static List<AccessReport.Entry> concat(List<AccessReport.Entry> a, List<AccessReport.Entry> b) {
    List<AccessReport.Entry> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}

package org.summarybot.scheduling.delivery.discord;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.summarybot.scheduling.model.GuildId;

/**
 * What the bot may do in a task's channels, judged from the permissions and channels its Discord connection
 * knows, without sending anything: for each source channel whether it is known, in the task's guild, viewable
 * and readable (history, message content); for each destination whether it is known, in the task's guild, and
 * can take posts (send, embed links, threads and forum posts). Built by {@link DiscordAdapter#checkAccess}.
 *
 * @param guild the task's guild
 * @param connection the state of the Discord connection when checked (JDA's status, such as {@code CONNECTED})
 * @param sources one entry per source channel, in the task's order
 * @param destinations one entry per destination, in the task's order; only {@code discord:} ones are checked
 */
public record AccessReport(GuildId guild, String connection, List<Entry> sources, List<Entry> destinations) {
  /** The name of the check that a channel is known to the bot. */
  public static final String KNOWN = "Known to the bot";
  /** The name of the check that a channel belongs to the task's guild. */
  public static final String IN_GUILD = "In the task's server";

  public AccessReport {
    requireNonNull(guild, "guild");
    requireNonNull(connection, "connection");
    sources = List.copyOf(sources);
    destinations = List.copyOf(destinations);
  }

  /** How one check came out. */
  public enum Status {
    /** The bot has what it needs. */
    OK,
    /** Something is missing; the check's detail says what to grant or change. */
    MISSING,
    /** Not judged: not a Discord destination, or Discord cannot tell now (an outage). */
    NOT_CHECKED
  }

  /** One thing checked, such as {@code Send Messages}, with a detail a server admin can act on. */
  public record Check(String name, Status status, String detail) {
    public Check {
      requireNonNull(name, "name");
      requireNonNull(status, "status");
      requireNonNull(detail, "detail");
    }
  }

  /**
   * One channel or destination: {@code target} as the task names it (a channel id, or a destination's
   * description), {@code description} what the bot knows of it ({@code #digest (text channel)}), and its checks.
   */
  public record Entry(String target, String description, List<Check> checks) {
    public Entry {
      requireNonNull(target, "target");
      requireNonNull(description, "description");
      checks = List.copyOf(checks);
    }

    /** No check of this entry found something missing. */
    public boolean ok() {
      return checks.stream().noneMatch(c -> c.status() == Status.MISSING);
    }
  }

  /** No check found something missing. */
  public boolean ok() {
    return sources.stream().allMatch(Entry::ok) && destinations.stream().allMatch(Entry::ok);
  }

  /**
   * The channels and destinations that cannot belong to the task at all, one line each naming the channel, its
   * guild and the task's: unknown to the bot, or in another guild. Missing permissions are not among them (a
   * person can grant those later).
   */
  public List<String> placementProblems() {
    List<String> out = new ArrayList<>();
    for (Entry e : sources) {
      placement(e, "", out);
    }
    for (Entry e : destinations) {
      placement(e, "destination " + e.target() + ": ", out);
    }
    return out;
  }

  private static void placement(Entry e, String prefix, List<String> out) {
    for (Check c : e.checks()) {
      if ((c.name().equals(KNOWN) || c.name().equals(IN_GUILD)) && c.status() == Status.MISSING) {
        out.add(prefix + c.detail()); // the detail names the channel, its server and the task's
      }
    }
  }
}

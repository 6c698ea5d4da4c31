package org.summarybot.scheduling.port;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskKind;
import org.summarybot.scheduling.model.TaskStatus;

/**
 * Which tasks to list: every filter that is present must match.
 *
 * @param silenceAlerts only tasks with a silence alert: one set ({@code alertIfSilent}) or one told and not yet
 *     cleared ({@code silenceAlertedAt}); what the engine looks at each minute, without reading every task
 */
public record TaskQuery(Optional<GuildId> guild, Set<TaskStatus> statuses, Optional<TaskKind> kind,
    boolean silenceAlerts) {
  public TaskQuery {
    requireNonNull(guild, "guild");
    requireNonNull(kind, "kind");
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
  }

  /** Every task. */
  public static TaskQuery all() {
    return new TaskQuery(Optional.empty(), Set.of(), Optional.empty(), false);
  }

  /** Every task of one guild. */
  public static TaskQuery guild(GuildId guild) {
    return all().inGuild(guild);
  }

  public TaskQuery inGuild(GuildId g) {
    return new TaskQuery(Optional.of(g), statuses, kind, silenceAlerts);
  }

  public TaskQuery withStatus(TaskStatus... s) {
    return new TaskQuery(guild, Set.of(s), kind, silenceAlerts);
  }

  public TaskQuery withKind(TaskKind k) {
    return new TaskQuery(guild, statuses, Optional.of(k), silenceAlerts);
  }

  /** Only tasks with a silence alert set or told (see {@link #silenceAlerts}). */
  public TaskQuery withSilenceAlerts() {
    return new TaskQuery(guild, statuses, kind, true);
  }

  /** The tasks among {@code tasks} that match, ordered by id: what {@link TaskStore#list} returns. */
  public java.util.List<ScheduledTask> select(Iterable<ScheduledTask> tasks) {
    java.util.List<ScheduledTask> out = new java.util.ArrayList<>();
    for (ScheduledTask t : tasks) {
      if (matches(t)) {
        out.add(t);
      }
    }
    out.sort(java.util.Comparator.comparing(ScheduledTask::id));
    return out;
  }

  public boolean matches(ScheduledTask t) {
    return guild.map(g -> g.equals(t.guildId())).orElse(true)
        && (statuses.isEmpty() || statuses.contains(t.status()))
        && kind.map(k -> k == t.kind()).orElse(true)
        && (!silenceAlerts || t.alertIfSilent().isPresent() || t.silenceAlertedAt().isPresent());
  }
}

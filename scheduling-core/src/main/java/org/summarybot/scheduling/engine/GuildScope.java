package org.summarybot.scheduling.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.TaskQuery;

/** The operations of a scheduler seen from one guild: other guilds' tasks do not exist here. */
final class GuildScope implements TaskOperations {
  private final TaskOperations scheduler;
  private final GuildId guild;

  GuildScope(TaskOperations scheduler, GuildId guild) {
    this.scheduler = scheduler;
    this.guild = guild;
  }

  private TaskId visible(TaskId id) {
    Optional<ScheduledTask> t = scheduler.get(id);
    if (t.isEmpty() || !t.get().guildId().equals(guild)) {
      throw new TaskNotFoundException(id);
    }
    return id;
  }

  private TaskSpec own(TaskSpec spec) {
    if (spec.guildId().isPresent() && !spec.guildId().get().equals(guild)) {
      throw new ValidationException("guild", "this view manages guild " + guild + " only");
    }
    return spec.toBuilder().guild(guild).build();
  }

  @Override
  public ScheduledTask schedule(TaskSpec spec) {
    return scheduler.schedule(own(spec));
  }

  @Override
  public ScheduledTask update(TaskId id, long expectedVersion, TaskSpec spec) {
    return scheduler.update(visible(id), expectedVersion, own(spec));
  }

  @Override
  public boolean cancel(TaskId id) {
    Optional<ScheduledTask> t = scheduler.get(id);
    return t.isPresent() && t.get().guildId().equals(guild) && scheduler.cancel(id);
  }

  @Override
  public ScheduledTask pause(TaskId id, Optional<String> note) {
    return scheduler.pause(visible(id), note);
  }

  @Override
  public List<BackfillFire> planBackfill(TaskId id, Instant from, Instant to, int max) {
    return scheduler.planBackfill(visible(id), from, to, max);
  }

  @Override
  public ScheduledTask backfill(TaskId id, Instant fire) {
    return scheduler.backfill(visible(id), fire);
  }

  @Override
  public ScheduledTask resume(TaskId id, ResumeMode mode) {
    return scheduler.resume(visible(id), mode);
  }

  @Override
  public ScheduledTask runNow(TaskId id) {
    return scheduler.runNow(visible(id));
  }

  @Override
  public Optional<ScheduledTask> get(TaskId id) {
    return scheduler.get(id).filter(t -> t.guildId().equals(guild));
  }

  @Override
  public List<ScheduledTask> list(TaskQuery query) {
    return scheduler.list(query.inGuild(guild));
  }

  @Override
  public TaskReport status(TaskId id) {
    return scheduler.status(visible(id));
  }

  @Override
  public List<ExecutionRecord> history(TaskId id, int limit) {
    return scheduler.history(visible(id), limit);
  }
}

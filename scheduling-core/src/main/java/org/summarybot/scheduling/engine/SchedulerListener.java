package org.summarybot.scheduling.engine;

/**
 * Hears what the scheduler does. Called on scheduler threads after the change is stored; keep it quick. With a
 * store that writes completions in batches (the SQL store on PostgreSQL), the outcome of an execution is told
 * by a worker once its batch committed, never by the thread writing the batches: a listener that blocks holds
 * up that worker's next execution, not the writing. One node tells one task's events in order: an execution's
 * outcome comes before the task's next {@link SchedulerEvent.Started}, even when the task runs again before the
 * store called back. A listener that throws is logged and never breaks the engine.
 */
@FunctionalInterface
public interface SchedulerListener {
  void onEvent(SchedulerEvent event);
}

package org.summarybot.scheduling.engine;

/**
 * Hears what the scheduler does. Called on scheduler threads after the change is stored; keep it quick. With a
 * store that writes completions in batches (the SQL store on PostgreSQL), the outcome of an execution is told
 * by the thread that wrote its batch, which writes the next batch only after every listener returned: a listener
 * that blocks holds back every completion of the node. A listener that throws is logged and never breaks the
 * engine.
 */
@FunctionalInterface
public interface SchedulerListener {
  void onEvent(SchedulerEvent event);
}

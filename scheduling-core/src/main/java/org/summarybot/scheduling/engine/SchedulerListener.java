package org.summarybot.scheduling.engine;

/**
 * Hears what the scheduler does. Called on scheduler threads after the change is stored; keep it quick. A
 * listener that throws is logged and never breaks the engine.
 */
@FunctionalInterface
public interface SchedulerListener {
  void onEvent(SchedulerEvent event);
}

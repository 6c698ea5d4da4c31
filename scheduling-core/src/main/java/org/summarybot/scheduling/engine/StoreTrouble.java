package org.summarybot.scheduling.engine;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a scheduler tells an operator that its task store fails (a database that is down, a full disk): one ERROR
 * line, with the cause, when calls start failing; each further failure at DEBUG only, since the timer and the
 * workers call the store every poll and an outage would otherwise print a stack trace each time; one INFO line
 * when a call succeeds again.
 */
final class StoreTrouble {
  private static final System.Logger LOG = System.getLogger(TaskScheduler.class.getName());

  private final String nodeId;
  private final AtomicBoolean failing = new AtomicBoolean();

  StoreTrouble(String nodeId) {
    this.nodeId = nodeId;
  }

  /** A store call ({@code what}: "claiming due tasks") failed with {@code e}. */
  void failed(String what, RuntimeException e) {
    if (failing.compareAndSet(false, true)) {
      LOG.log(Level.ERROR, "scheduler " + nodeId + ": the task store fails (" + what + "): " + e.getMessage()
          + "; trying again every poll, and saying so once it works again", e);
    } else {
      LOG.log(Level.DEBUG, "scheduler {0}: the task store still fails ({1}): {2}", nodeId, what, e.getMessage());
    }
  }

  /** A store call succeeded. Cheap while the store works (one volatile read). */
  void succeeded() {
    if (failing.get() && failing.compareAndSet(true, false)) {
      LOG.log(Level.INFO, "scheduler {0}: the task store works again", nodeId);
    }
  }

  /** Whether the last store call this scheduler reported failed. */
  boolean failing() {
    return failing.get();
  }
}

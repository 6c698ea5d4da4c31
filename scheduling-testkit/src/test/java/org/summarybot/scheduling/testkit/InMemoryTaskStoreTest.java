package org.summarybot.scheduling.testkit;

import org.summarybot.scheduling.port.TaskStore;
import org.summarybot.scheduling.store.InMemoryTaskStore;

/** Core's in-memory store passes the whole contract, nothing skipped. */
class InMemoryTaskStoreTest extends TaskStoreContract {
  @Override
  protected TaskStore newStore() {
    return new InMemoryTaskStore();
  }
}

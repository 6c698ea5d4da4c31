package org.summarybot.scheduling.persistence.jdbi;

import org.junit.jupiter.api.AfterAll;
import org.summarybot.scheduling.port.TaskStore;
import org.summarybot.scheduling.testkit.TaskStoreContract;

/** The store contract on a real PostgreSQL, time judged by the caller's (fake) clock. */
class PostgresContractTest extends TaskStoreContract {
  private static String url;
  private static JdbiTaskStore shared;

  @Override
  protected TaskStore newStore() {
    if (shared == null) {
      url = EmbeddedPg.newDatabase("contract");
      shared = JdbiTaskStore.builder().url(url).user("postgres").poolSize(6).build();
    } else {
      Sql.clear(url, "postgres");
    }
    return shared;
  }

  @Override
  protected void disposeStore(TaskStore used) {
    // One store for the class; every test starts from empty tables (newStore clears them).
  }

  @AfterAll
  static void closeShared() {
    if (shared != null) {
      shared.close();
      shared = null;
    }
  }
}

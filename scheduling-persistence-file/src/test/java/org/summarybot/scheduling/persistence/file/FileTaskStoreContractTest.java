package org.summarybot.scheduling.persistence.file;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.port.TaskStore;
import org.summarybot.scheduling.testkit.TaskStoreContract;

/** The file store passes the whole contract, nothing skipped; fsync stays on, as in production. */
class FileTaskStoreContractTest extends TaskStoreContract {
  @TempDir
  Path tmp;

  private final AtomicInteger n = new AtomicInteger();

  @Override
  protected TaskStore newStore() {
    return FileTaskStore.open(tmp.resolve("store-" + n.incrementAndGet()));
  }
}

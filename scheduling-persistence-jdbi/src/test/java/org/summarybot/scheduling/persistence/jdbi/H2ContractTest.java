package org.summarybot.scheduling.persistence.jdbi;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.port.TaskStore;
import org.summarybot.scheduling.testkit.TaskStoreContract;

/** The store contract on H2 in file mode (mixed mode added by the store), in a temporary directory. */
class H2ContractTest extends TaskStoreContract {
  @TempDir
  static Path dir;
  private static String url;
  private static JdbiTaskStore shared;

  @Override
  protected TaskStore newStore() {
    if (shared == null) {
      url = "jdbc:h2:file:" + dir.resolve("tasks").toAbsolutePath();
      shared = JdbiTaskStore.builder().url(url).user("sa").poolSize(6).build();
      if (!Files.exists(dir.resolve("tasks.mv.db"))) {
        throw new AssertionError("H2 did not create its file in " + dir);
      }
    } else {
      Sql.clear(Dialect.effectiveUrl(url), "sa");
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

  @Test
  void two_stores_on_one_file_never_hand_out_the_same_fire_twice() throws InterruptedException {
    // Each store serialises its own claims; this checks that a second store (or process) on the same file
    // is kept apart by the database: claimer threads alternate between two stores.
    try (JdbiTaskStore second = JdbiTaskStore.builder().url(url).user("sa").poolSize(4).build()) {
      TaskStore both = (TaskStore) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {TaskStore.class}, (proxy, method, args) -> {
            TaskStore target = method.getName().equals("claimDue")
                && Thread.currentThread().getName().hashCode() % 2 == 0 ? second : shared;
            try {
              return method.invoke(target, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
      assertConcurrentClaimersNeverShareAFire(both, clock.now(), 4, 40, 3);
    }
  }
}

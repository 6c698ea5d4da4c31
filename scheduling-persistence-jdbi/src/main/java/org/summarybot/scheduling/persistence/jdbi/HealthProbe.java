package org.summarybot.scheduling.persistence.jdbi;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.summarybot.scheduling.port.StoreHealth;

/**
 * A health check that answers within a bound, whatever the database does. The check (a connection from the pool
 * and a ping) runs on a thread of its own; a caller waits for it at most {@code wait}. When the database does not
 * answer in time (it is down, and the pool waits its whole connect timeout for a connection), the caller gets a
 * problem saying so, with how long ago the database last answered, and the check goes on: the next caller waits
 * for the same check rather than starting another, so a scraper polling {@code /health} never piles up threads.
 */
final class HealthProbe implements AutoCloseable {
  private final Supplier<StoreHealth> check;
  private final Duration wait;
  private final String what;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "task-store-health");
    t.setDaemon(true);
    return t;
  });
  private CompletableFuture<StoreHealth> running;
  /** System.nanoTime() when a check last found the database healthy; 0 before the first. */
  private volatile long lastHealthy;

  /**
   * @param check the real check; may block (up to the pool's connect timeout)
   * @param wait the most a caller of {@link #health()} waits
   * @param what the store as it is named in problems ("task database at jdbc:...")
   */
  HealthProbe(Supplier<StoreHealth> check, Duration wait, String what) {
    this.check = check;
    this.wait = wait;
    this.what = what;
  }

  /** The store's health, known within {@code wait}: the check's answer, or a problem saying it is not answering. */
  StoreHealth health() {
    CompletableFuture<StoreHealth> f;
    synchronized (this) {
      if (running == null || running.isDone()) {
        running = CompletableFuture.supplyAsync(this::checkNow, thread);
      }
      f = running;
    }
    try {
      return f.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      long last = lastHealthy;
      String since = last == 0 ? "" : "; it last answered "
          + Duration.ofNanos(System.nanoTime() - last).toSeconds() + " s ago";
      return new StoreHealth(List.of(what + " does not answer within " + wait.toMillis() + " ms" + since));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new StoreHealth(List.of(what + ": the health check was interrupted"));
    } catch (ExecutionException e) {
      return new StoreHealth(List.of(what + ": the health check failed: " + e.getCause()));
    }
  }

  private StoreHealth checkNow() {
    StoreHealth h = check.get();
    if (h.isHealthy()) {
      lastHealthy = System.nanoTime();
    }
    return h;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}

package org.summarybot.scheduling.testing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.summarybot.scheduling.port.Clock;

/**
 * A {@link Clock} that stands still until told to move: set it, advance it, and run what is due. Thread-safe.
 * Shipped in main code (as db-scheduler ships its settable clock) so adapters' tests can use it too.
 *
 * <p>Listeners run after every change of time, on the thread that changed it; a scheduler's timer uses this to
 * wake up when a test moves time instead of waiting for real time to pass.
 */
public final class FakeClock implements Clock {
  private final AtomicReference<Instant> now;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public FakeClock(Instant start) {
    now = new AtomicReference<>(requireNonNull(start, "start"));
  }

  /** A clock at {@code text}, an ISO-8601 instant such as {@code 2025-03-30T00:00:00Z}. */
  public static FakeClock at(String text) {
    return new FakeClock(Instant.parse(text));
  }

  @Override
  public Instant now() {
    return now.get();
  }

  /** Moves time to {@code instant} (backwards too: tests of clock jumps need it). */
  public FakeClock set(Instant instant) {
    now.set(requireNonNull(instant, "instant"));
    fire();
    return this;
  }

  /** Moves time forward by {@code d}. */
  public FakeClock advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("advance takes a non-negative duration; use set() to go back");
    }
    now.updateAndGet(t -> t.plus(d));
    fire();
    return this;
  }

  /** Runs {@code listener} after every change of time. */
  @Override
  public void addListener(Runnable listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  private void fire() {
    for (Runnable r : listeners) {
      r.run();
    }
  }

  @Override
  public String toString() {
    return "FakeClock[" + now.get() + "]";
  }
}

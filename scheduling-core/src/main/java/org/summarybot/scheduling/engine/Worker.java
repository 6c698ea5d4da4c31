package org.summarybot.scheduling.engine;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.summarybot.scheduling.model.TaskStatus;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.port.TaskStore;

/**
 * A worker, and the run of one claim start to finish: the {@link Executor} runs the claim's due work into a
 * completion, the claim leaves the {@link Heartbeat}'s sight, and the {@link CompletionHandOver} gives the
 * completion to the store. Between claims a worker tells the outcomes of completions other threads wrote. One
 * instance serves every worker thread of a scheduler (and {@code runDueNow}'s caller); it holds no state of its
 * own.
 */
final class Worker implements Runnable {
  private static final System.Logger LOG = System.getLogger(TaskScheduler.class.getName());

  private final ClaimQueue claims;
  private final Executor executor;
  private final Heartbeat heartbeat;
  private final CompletionHandOver handOver;
  private final Reporter reporter;
  private final NodeCounters counters;
  private final TaskStore store;
  private final Clock clock;
  /** Whether written outcomes wait for a worker: made once, not per claim. */
  private final BooleanSupplier outcomesWaiting;

  Worker(ClaimQueue claims, Executor executor, Heartbeat heartbeat, CompletionHandOver handOver, Reporter reporter,
      NodeCounters counters, TaskStore store, Clock clock) {
    this.claims = claims;
    this.executor = executor;
    this.heartbeat = heartbeat;
    this.handOver = handOver;
    this.reporter = reporter;
    this.counters = counters;
    this.store = store;
    this.clock = clock;
    this.outcomesWaiting = handOver::anyWaiting;
  }

  /** A worker thread: runs queued claims and tells written outcomes until the queue closes. */
  @Override
  public void run() {
    while (true) {
      Claim c = claims.next(outcomesWaiting);
      if (c == null) {
        if (!handOver.anyWaiting() && !claims.isOpen()) {
          return;
        }
        handOver.tellWaiting();
        continue;
      }
      try {
        runClaim(c);
      } catch (Throwable t) {
        // Expected failures are handled inside; this is an Error (or a bug). Keep the worker: this node has no
        // other thread to take its place. The lease is left to expire (no longer extended: the claim left the
        // heartbeat's sight on the way out), so the same work is tried again after the lease time rather than at
        // once in a loop.
        LOG.log(Level.ERROR, "task " + c.task().id() + ": execution failed unexpectedly; it is tried again when "
            + "its lease expires", t);
      }
      // Its own outcome, when the store wrote it at once, was told; these are others written meanwhile.
      handOver.tellWaiting();
    }
  }

  /** Runs one claim to its completion and hands that to the store. */
  void runClaim(Claim claim) {
    counters.runBegan();
    try {
      execute(claim);
    } finally {
      counters.runEnded();
    }
  }

  private void execute(Claim claim) {
    Executor.Result result;
    try {
      result = executor.run(claim, reporter);
    } catch (Error e) {
      heartbeat.forget(claim.task().id());
      throw e;
    } catch (RuntimeException e) {
      heartbeat.forget(claim.task().id());
      disable(claim, e);
      return;
    }
    // Waits, still in the heartbeat's sight (its lease extended), while the store is behind with its writes.
    handOver.awaitCompletionRoom();
    // Out of the heartbeat's sight before the store call that ends the lease.
    heartbeat.forget(claim.task().id());
    handOver.handOver(claim, result);
  }

  /**
   * Planning fails only when the stored task cannot be run at all (a schedule this version cannot parse): the
   * task is disabled with the reason instead of handed back to fail again at once.
   */
  private void disable(Claim claim, RuntimeException e) {
    String reason = "cannot run: " + e.getMessage();
    LOG.log(Level.ERROR, "task " + claim.task().id() + ": " + reason + "; disabling it", e);
    try {
      store.complete(new Completion(claim, List.of(), claim.task().nextRun(), Optional.empty(), Optional.empty(),
          Optional.of(TaskStatus.DISABLED), Optional.of(reason), Map.of(), clock.now()));
      reporter.disabled(claim, reason);
    } catch (RuntimeException again) {
      LOG.log(Level.ERROR, "task " + claim.task().id() + ": could not disable it either; lease handed back", again);
      store.releaseLease(claim);
    }
  }
}

package org.summarybot.scheduling.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.port.Claim;
import org.summarybot.scheduling.port.Completion;
import org.summarybot.scheduling.port.TaskStore;

/**
 * Hands a completion to the store ({@link TaskStore#completeThen}) and, once written, its outcome to a worker to
 * tell ({@link Reporter#completed}). The store calls back on whatever thread wrote the completion, and that
 * thread only records the result: listeners and notifiers must not hold up the writing. When the worker that
 * handed the completion over was that thread (a store that writes at once, or the worker leading a batch), it
 * tells the outcome itself once the store returned; otherwise the outcome waits in a queue for the next free
 * worker ({@link #tellWaiting}), and an idle worker is woken for it. {@link CompletionOrder} keeps each task's
 * outcomes in order; {@link CompletionWrites} bounds the completions in writing.
 */
final class CompletionHandOver {
  private final TaskStore store;
  private final CompletionWrites writes;
  private final CompletionOrder order;
  private final Reporter reporter;
  private final ClaimQueue claims;
  /** Written completions whose outcome waits for a worker. */
  private final ConcurrentLinkedQueue<Written> waiting = new ConcurrentLinkedQueue<>();

  CompletionHandOver(TaskStore store, CompletionWrites writes, CompletionOrder order, Reporter reporter,
      ClaimQueue claims) {
    this.store = store;
    this.writes = writes;
    this.order = order;
    this.reporter = reporter;
    this.claims = claims;
  }

  /** Waits, while the store is behind with its writes, until another completion may be handed over. */
  void awaitCompletionRoom() {
    writes.awaitRoom();
  }

  /**
   * Hands the completion of {@code result} to the store. Returns once the store took it; when the store wrote it
   * at once, after its outcome was told.
   */
  void handOver(Claim claim, Executor.Result result) {
    Completion completion = result.completion();
    Written w = new Written(claim, result, completion.nextRun().isPresent() || completion.pending().isPresent());
    writes.began();
    w.inSubmit = true;
    try {
      store.completeThen(completion, w);
    } catch (RuntimeException | Error e) {
      if (!w.called) {
        // The store threw instead of calling back (an Error, or a defect of the store): nothing will call back.
        writes.ended();
        w.outcome.abandon();
      }
      throw e;
    } finally {
      w.inSubmit = false;
    }
    if (w.mine) {
      w.outcome.tell();
    }
  }

  /** Whether written completions wait for a worker to tell their outcome. */
  boolean anyWaiting() {
    return !waiting.isEmpty();
  }

  /** Tells, on this thread, the outcome of every written completion no worker has told yet. */
  void tellWaiting() {
    for (Written w = waiting.poll(); w != null; w = waiting.poll()) {
      w.outcome.tell();
    }
  }

  /** Waits until no completion is in writing, or until {@code deadline} (nanoTime); whether none is. */
  boolean awaitWritten(long deadline) {
    return writes.awaitNone(deadline);
  }

  int inWriting() {
    return writes.inWriting();
  }

  /** The store's call back for one completion. */
  private final class Written implements BiConsumer<ScheduledTask, RuntimeException> {
    private final Claim claim;
    private final Executor.Result result;
    private final CompletionOrder.Outcome outcome;
    /** The worker that hands the completion over. */
    private final Thread submitter = Thread.currentThread();
    /** The submitter is inside {@code completeThen} (read and written by the submitter only). */
    private boolean inSubmit;
    /** Called back on the submitter inside {@code completeThen}: told by it once the store returns. */
    private boolean mine;
    private ScheduledTask stored;
    private RuntimeException failure;
    private volatile boolean called;

    Written(Claim claim, Executor.Result result, boolean runsAgain) {
      this.claim = claim;
      this.result = result;
      this.outcome = order.handOver(claim.task().id(), runsAgain, this::report);
    }

    @Override
    public void accept(ScheduledTask stored, RuntimeException failure) {
      this.stored = stored;
      this.failure = failure;
      called = true;
      outcome.written();
      if (Thread.currentThread() == submitter && inSubmit) {
        // Written at once by the store, or by this worker leading a batch: told when completeThen returns (after
        // the batches it writes), not here, where listeners would hold up the writing.
        mine = true;
        writes.ended();
        return;
      }
      waiting.add(this);
      claims.wakeIdleWorker();
      writes.ended();
    }

    private void report() {
      reporter.completed(claim, result, stored, failure);
    }
  }
}

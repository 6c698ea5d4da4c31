package org.summarybot.scheduling.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.summarybot.scheduling.engine.SchedulerEvent;
import org.summarybot.scheduling.engine.SchedulerListener;
import org.summarybot.scheduling.engine.TaskScheduler;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.TaskStatus;

/**
 * The daemon's Prometheus metrics: executions by outcome, retries, lateness (start minus scheduled time),
 * executions running and queued on this node, and tasks by status. Fed by scheduler events; the gauges read
 * {@link TaskScheduler#stats()} at scrape time.
 */
final class Metrics implements SchedulerListener {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer lateness = Timer.builder("summary_execution_lateness")
      .description("How late an attempt started after its scheduled or retry time")
      .publishPercentiles(0.5, 0.99)
      .register(registry);
  private final Counter retries = Counter.builder("summary_execution_retries")
      .description("Attempts that failed transiently and were scheduled again").register(registry);

  Metrics() {
    for (ExecutionOutcome o : ExecutionOutcome.values()) {
      counter(o);
    }
  }

  private Counter counter(ExecutionOutcome o) {
    return Counter.builder("summary_executions").description("Finished executions (MISSED counts fires)")
        .tag("outcome", o.name()).register(registry);
  }

  /** Adds the gauges that read the scheduler. */
  void bind(TaskScheduler scheduler) {
    Gauge.builder("summary_executions_running", scheduler, s -> s.stats().running())
        .description("Executions running on this node").register(registry);
    Gauge.builder("summary_executions_queued", scheduler, s -> s.stats().queued())
        .description("Executions claimed by this node and waiting for a thread").register(registry);
    for (TaskStatus st : TaskStatus.values()) {
      Gauge.builder("summary_tasks", scheduler, s -> s.stats().tasksByStatus().getOrDefault(st, 0L))
          .description("Tasks in the store by status").tag("status", st.name()).register(registry);
    }
  }

  @Override
  public void onEvent(SchedulerEvent event) {
    if (event instanceof SchedulerEvent.Started s) {
      // Lateness is measured from when the attempt was due: a fire delayed by its task's jitter is not late.
      Duration late = Duration.between(s.dueAt(), Instant.now());
      lateness.record(late.isNegative() ? Duration.ZERO : late);
    } else if (event instanceof SchedulerEvent.Succeeded s) {
      counter(s.record().outcome()).increment();
    } else if (event instanceof SchedulerEvent.Failed f) {
      counter(f.record().outcome()).increment();
    } else if (event instanceof SchedulerEvent.SkippedDate d) {
      counter(ExecutionOutcome.SKIPPED_DATE).increment();
    } else if (event instanceof SchedulerEvent.Missed m) {
      counter(ExecutionOutcome.MISSED).increment(Math.max(1, m.record().missedCount()));
    } else if (event instanceof SchedulerEvent.Retrying) {
      retries.increment();
    }
  }

  /** Adds the counters of what the summarizer's model charged (tokens, requests, estimated cost). */
  void bind(Summarizers s) {
    io.micrometer.core.instrument.FunctionCounter.builder("summary_summarizer_tokens", s.inputTokens, java.util.concurrent.atomic.AtomicLong::get)
        .description("Tokens the summarizer's model read (input) and wrote (output)").tag("direction", "input")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("summary_summarizer_tokens", s.outputTokens, java.util.concurrent.atomic.AtomicLong::get)
        .description("Tokens the summarizer's model read (input) and wrote (output)").tag("direction", "output")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("summary_summarizer_requests", s.requests, java.util.concurrent.atomic.AtomicLong::get)
        .description("Requests answered by the summarizer's model").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("summary_summarizer_cost", s.costMicros, c -> c.get() / 1_000_000.0)
        .description("Estimated cost of the model's answers, in the currency of the configured prices")
        .register(registry);
  }

  /** The Prometheus text exposition of every metric. */
  String scrape() {
    return registry.scrape();
  }
}

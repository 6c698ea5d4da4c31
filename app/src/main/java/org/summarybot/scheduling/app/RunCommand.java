package org.summarybot.scheduling.app;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.summarybot.scheduling.model.DurationText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code run}: the daemon. Loads the config, wires the adapters, starts the engine, serves {@code /health} and
 * {@code /metrics} when {@code --http} is given, and on SIGTERM or SIGINT stops claiming, drains running
 * executions up to {@code drain-timeout} and hands back the leases of those still running. Exits 0 after a clean
 * drain, 1 when executions had to be handed back.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the scheduler until SIGTERM/SIGINT; one log line per execution (on stderr).")
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(names = "--node-id", paramLabel = "ID", description = "This node's id (default: config node-id, else host-pid).")
  String nodeId;

  @Option(names = "--http", paramLabel = "HOST:PORT", description = "Serve /health and /metrics here.")
  String http;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (nodeId != null && (nodeId.isBlank() || nodeId.length() > Limits.NODE_ID_LENGTH)) {
      throw new UsageException("--node-id: must be 1-" + Limits.NODE_ID_LENGTH + " characters");
    }
    if (nodeId != null && FreeText.problem(nodeId, Limits.NODE_ID_LENGTH) != null) {
      throw new UsageException("--node-id: " + FreeText.problem(nodeId, Limits.NODE_ID_LENGTH));
    }
    Optional<InetSocketAddress> at = Optional.ofNullable(http).map(HttpEndpoints::address);
    Config config = Cli.loadConfig(spec);
    Metrics metrics = new Metrics();
    Wiring w = Wiring.open(config, spec.commandLine().getOut(), new Wiring.Overrides(Optional.ofNullable(nodeId),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(metrics),
        java.util.function.UnaryOperator.identity(), true));
    metrics.bind(w.scheduler);
    metrics.bind(w.summarizers);
    try {
      checkModel(config, w.summarizers);
    } catch (RuntimeException e) {
      w.close();
      throw e;
    }
    HttpEndpoints endpoints;
    try {
      w.startCommands();
      endpoints = at.map(a -> HttpEndpoints.start(a, w.scheduler, w.store, metrics::scrape, w::discordState,
          () -> w.summarizers.model().map(m -> java.util.Map.entry(m.describe(),
              w.summarizers.check().map(Throwable::getMessage))))).orElse(null);
    } catch (RuntimeException e) {
      w.close();
      throw e;
    }
    StopSignal signal = StopSignal.install(why -> {
      LOG.info("stopping: draining running executions for up to {} ({})", DurationText.format(config.drainTimeout()),
          why);
      boolean clean = w.scheduler.stop(config.drainTimeout());
      if (endpoints != null) {
        endpoints.close();
      }
      w.close();
      LOG.info(clean ? "stopped" : "stopped; unfinished executions were handed back to the store");
      return clean ? Main.OK : Main.FAILED;
    });
    w.scheduler.start();
    LOG.info("running: node {}, store {}, messages from {}{}", w.scheduler.nodeId(), config.shownStore(),
        config.messagesSource().equals("discord") ? "Discord" : "exports in " + config.exportDir(),
        endpoints == null ? "" : ", http on port " + endpoints.port());
    return signal.awaitAndStop();
  }

  /**
   * Asks the configured model, at start, whether it answers and knows the model (a models list; nothing is
   * summarised). A refused key or an unknown model stops {@code run} (exit 2, naming the key to fix); a server
   * that does not answer yet is logged, and executions retry meanwhile.
   */
  private static void checkModel(Config config, Summarizers summarizers) {
    if (summarizers.model().isEmpty()) {
      return;
    }
    String model = summarizers.model().get().describe();
    Optional<org.summarybot.scheduling.port.ExternalServiceException> problem = summarizers.check();
    if (problem.isEmpty()) {
      LOG.info("summarizer: {} answers", model);
      return;
    }
    String message = problem.get().getMessage();
    if (problem.get().permanent()) {
      String key = message.contains("api-key-env") ? "summarizer.api-key-env"
          : message.contains("model") && !message.contains("HTTP 404 Invalid URL") ? "summarizer.model"
          : "summarizer.base-url";
      throw new UsageException(config.at(key) + ": " + message);
    }
    LOG.warn("summarizer: {} does not answer yet: {}; executions that need it retry", model, message);
  }
}

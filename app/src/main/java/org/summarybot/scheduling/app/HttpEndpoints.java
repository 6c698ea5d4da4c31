package org.summarybot.scheduling.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.summarybot.scheduling.engine.TaskScheduler;
import org.summarybot.scheduling.port.StoreHealth;
import org.summarybot.scheduling.port.TaskStore;

/**
 * {@code /health} (200 when the scheduler runs and the store has no problem, else 503; a JSON body with the
 * store's problems and warnings, such as quarantined files, which leave it healthy, and the Discord connection's
 * state when the process is connected) and
 * {@code /metrics} (Prometheus text) on the JDK's HTTP server.
 */
final class HttpEndpoints implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads;

  private HttpEndpoints(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /** Parses {@code HOST:PORT} ({@code [::1]:8080} for IPv6). */
  static InetSocketAddress address(String text) {
    String t = text.strip();
    int colon = t.lastIndexOf(':');
    if (colon <= 0 || colon == t.length() - 1) {
      throw new UsageException("--http: '" + t + "' is not HOST:PORT (such as 127.0.0.1:9090)");
    }
    String host = t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new UsageException("--http: port '" + t.substring(colon + 1) + "' is not 0-65535");
    }
    return new InetSocketAddress(host, port);
  }

  static HttpEndpoints start(InetSocketAddress at, TaskScheduler scheduler, TaskStore store, Supplier<String> metrics,
      Supplier<Optional<String>> discord) {
    return start(at, scheduler, store, metrics, discord, Optional::empty);
  }

  /**
   * As above, with the summarizer's model: {@code summarizer} gives its description and, when its check fails,
   * the problem; shown, like Discord's state, without making the status {@code DOWN} (executions retry).
   */
  static HttpEndpoints start(InetSocketAddress at, TaskScheduler scheduler, TaskStore store, Supplier<String> metrics,
      Supplier<Optional<String>> discord, Supplier<Optional<Map.Entry<String, Optional<String>>>> summarizer) {
    HttpServer server;
    try {
      server = HttpServer.create(at, 16);
    } catch (IOException e) {
      throw new Failure("--http: cannot listen on " + at + ": " + e.getMessage(), e);
    }
    ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "http-endpoints");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/health", ex -> {
      StoreHealth h = store.health();
      boolean up = scheduler.isRunning() && h.isHealthy();
      ObjectNode o = Json.MAPPER.createObjectNode();
      o.put("status", up ? "UP" : "DOWN");
      o.put("node", scheduler.nodeId());
      o.put("scheduler", scheduler.isRunning() ? "running" : "stopped");
      // JDA reconnects by itself, and deliveries meanwhile retry: a lost connection is shown, not a DOWN.
      discord.get().ifPresent(state -> o.put("discord", state));
      summarizer.get().ifPresent(m -> {
        ObjectNode sn = o.putObject("summarizer");
        sn.put("model", m.getKey());
        sn.put("status", m.getValue().isEmpty() ? "UP" : "DOWN");
        m.getValue().ifPresent(p -> sn.put("problem", p));
      });
      h.problems().forEach(o.putArray("storeProblems")::add);
      h.warnings().forEach(o.putArray("storeWarnings")::add);
      send(ex, up ? 200 : 503, "application/json", Json.write(o) + "\n");
    });
    server.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    server.start();
    return new HttpEndpoints(server, threads);
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, ex.getRequestMethod().equals("HEAD") ? -1 : bytes.length);
      if (!ex.getRequestMethod().equals("HEAD")) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}

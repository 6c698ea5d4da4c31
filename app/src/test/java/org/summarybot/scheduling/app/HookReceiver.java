package org.summarybot.scheduling.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on loopback for the process tests: it records every request to {@code /hook} and answers
 * 200, or, when told, holds the first request until released (an execution in flight) or answers it 503 (a
 * transient failure, so a retry).
 */
final class HookReceiver implements AutoCloseable {
  record Received(String id, String timestamp, String signature, String body) {}

  private final HttpServer server;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch releaseFirst = new CountDownLatch(1);
  private volatile boolean holdFirst;
  private volatile boolean failFirst;

  HookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    server.createContext("/hook", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      received.add(new Received(ex.getRequestHeaders().getFirst("webhook-id"),
          ex.getRequestHeaders().getFirst("webhook-timestamp"), ex.getRequestHeaders().getFirst("webhook-signature"),
          new String(body, UTF_8)));
      int n = requests.incrementAndGet();
      if (n == 1 && holdFirst) {
        try {
          releaseFirst.await(50, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      try {
        if (n == 1 && failFirst) {
          // As a receiver under maintenance would: the retry comes no sooner, whatever the policy's jitter draws.
          ex.getResponseHeaders().add("Retry-After", "120");
        }
        ex.sendResponseHeaders(n == 1 && failFirst ? 503 : 200, -1);
      } catch (IOException gone) {
        // the sender went away while we held the request
      }
      ex.close();
    });
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  /** Holds the first request until {@link #releaseFirst()}. */
  HookReceiver holdingFirst() {
    holdFirst = true;
    return this;
  }

  /**
   * Answers the first request 503 with {@code Retry-After: 120}, so its retry is not due for two minutes (the
   * policy's full jitter alone may draw a wait near 0).
   */
  HookReceiver failingFirst() {
    failFirst = true;
    return this;
  }

  void releaseFirst() {
    releaseFirst.countDown();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** The next request received, or null after {@code wait}. */
  Received next(Duration wait) throws InterruptedException {
    return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether a request was received and not taken by {@link #next}. */
  boolean hasMore() {
    return !received.isEmpty();
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    releaseFirst.countDown();
    server.stop(0);
  }
}

package org.summarybot.scheduling.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.summarybot.scheduling.delivery.webhook.WebhookDelivery;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryRequest;

/**
 * Webhook delivery load harness (plain main, not JMH), against the JDK's HTTP server on loopback, through the
 * SSRF guard with 127.0.0.1 allow-listed:
 *
 * <ol>
 *   <li>deliveries per second with 50 tasks firing at once (50 threads, each delivering its task's summary,
 *       in rounds, signed);
 *   <li>the latency added by signing: median of sequential deliveries with and without a {@code secretRef}.
 * </ol>
 *
 * <p>Run: {@code java -cp <benchmarks classpath> org.summarybot.scheduling.benchmarks.WebhookDeliveryHarness [rounds]}.
 * Needs {@code org.summarybot:scheduling-delivery-webhook} on the benchmarks classpath. Prints one line per
 * figure as {@code name<TAB>unit<TAB>value}.
 */
public final class WebhookDeliveryHarness {
  private static final int TASKS = 50;
  private static final String SECRET_REF = "BENCH_WEBHOOK_SECRET";
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private WebhookDeliveryHarness() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    for (Figure f : run(rounds)) {
      System.out.println(f.json());
    }
  }

  /** Runs both measurements with {@code rounds} bursts of 50; returns the figures. */
  static List<Figure> run(int rounds) throws Exception {
    List<Figure> figures = new ArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    ExecutorService serverThreads = Executors.newFixedThreadPool(TASKS);
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.setExecutor(serverThreads);
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    DeliveryChannel channel = WebhookDelivery.builder()
        .allowHttp(true)
        .allowList(List.of("127.0.0.1"))
        .secrets(name -> name.equals(SECRET_REF) ? Optional.of(SECRET) : Optional.empty())
        .build();
    ExecutorService pool = Executors.newFixedThreadPool(TASKS);
    try {
      List<DeliveryRequest> fifty = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        fifty.add(request("task-" + i, Destination.webhook(base + "/t" + i, Optional.of(SECRET_REF))));
      }
      burst(pool, channel, fifty, Math.max(5, rounds / 10)); // warm-up
      long start = System.nanoTime();
      burst(pool, channel, fifty, rounds);
      double seconds = (System.nanoTime() - start) / 1e9;
      figures.add(Figure.alone("webhook: signed deliveries to loopback, 50 tasks at once", "deliveries/s",
          rounds * (double) TASKS / seconds, true));

      DeliveryRequest signed = request("signed", Destination.webhook(base + "/s", Optional.of(SECRET_REF)));
      DeliveryRequest unsigned = request("unsigned", Destination.webhook(base + "/u", Optional.empty()));
      int n = rounds * 10;
      sequential(channel, signed, n); // warm-up
      sequential(channel, unsigned, n);
      double signedUs = sequential(channel, signed, n);
      double unsignedUs = sequential(channel, unsigned, n);
      figures.add(new Figure("webhook: p50 latency of one delivery, signed", "us", signedUs, "the same, unsigned",
          unsignedUs, false));
      figures.add(Figure.alone("webhook: latency added by signing (p50 difference)", "us", signedUs - unsignedUs,
          false));
    } finally {
      pool.shutdownNow();
      server.stop(0);
      serverThreads.shutdownNow();
    }
    return figures;
  }

  private static void burst(ExecutorService pool, DeliveryChannel channel, List<DeliveryRequest> requests, int rounds)
      throws Exception {
    for (int r = 0; r < rounds; r++) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<DeliveryOutcome>> all = new ArrayList<>(requests.size());
      for (DeliveryRequest req : requests) {
        all.add(pool.submit(() -> {
          go.await();
          return channel.deliver(req);
        }));
      }
      go.countDown(); // all fifty fire at once
      for (Future<DeliveryOutcome> f : all) {
        DeliveryOutcome o = f.get();
        if (!(o instanceof DeliveryOutcome.Delivered)) {
          throw new IllegalStateException("delivery failed: " + o);
        }
      }
    }
  }

  /** The median latency of {@code n} sequential deliveries, in microseconds. */
  private static double sequential(DeliveryChannel channel, DeliveryRequest request, int n) {
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      DeliveryOutcome o = channel.deliver(request);
      nanos[i] = System.nanoTime() - t0;
      if (!(o instanceof DeliveryOutcome.Delivered)) {
        throw new IllegalStateException("delivery failed: " + o);
      }
    }
    Arrays.sort(nanos);
    return nanos[n / 2] / 1e3;
  }

  private static DeliveryRequest request(String id, Destination d) {
    Instant fire = Instant.parse("2025-03-31T07:00:00Z");
    ScheduledTask task = ScheduledTask.builder().id(TaskId.of(id)).name("Bench " + id).guildId(GuildId.of(1))
        .channel(ChannelId.of(2)).schedule("daily 09:00").destination(d).createdAt(fire.minusSeconds(86_400)).build();
    Summary summary = new Summary("Daily digest", "* item\n".repeat(60), List.of("alice", "bob"), 120,
        TimeWindow.of(fire.minusSeconds(86_400), fire));
    return new DeliveryRequest(ExecutionId.of(task.id(), fire), task, d, summary, fire, 1, DeliveryJournal.none());
  }

}

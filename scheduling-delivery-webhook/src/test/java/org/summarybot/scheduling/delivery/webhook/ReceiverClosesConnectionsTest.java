package org.summarybot.scheduling.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.FIRE;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.firstAttempt;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.delivery.webhook.RawServer.Request;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryOutcome.Delivered;
import org.summarybot.scheduling.port.DeliveryOutcome.TransientFailure;
import org.summarybot.scheduling.testing.FakeClock;

/**
 * Receivers that close connections the client still holds in its pool, on real sockets: a request that finds its
 * pooled connection closed is sent again at once on a new one, and nothing else is.
 */
class ReceiverClosesConnectionsTest {
  private static final Duration EVERY = Duration.ofSeconds(2);
  private static final String HTTP10_OK = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";
  private static final String HTTP11_NO_CONTENT = "HTTP/1.1 204 No Content\r\n\r\n";

  private final FakeClock clock = new FakeClock(FIRE);
  private final CountDownLatch release = new CountDownLatch(1);
  private RawServer server;

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.close();
    }
  }

  private DeliveryChannel channel() {
    return WebhookDelivery.builder().clock(clock).allowHttp(true).allowList(List.of("127.0.0.1")).build();
  }

  /** The execution of the {@code n}-th fire (0, 1, ...) of a task firing every 2 s, at its first attempt. */
  private DeliveryOutcome deliverFire(DeliveryChannel channel, Destination d, int n) {
    Instant fire = FIRE.plus(EVERY.multipliedBy(n));
    clock.set(fire);
    return channel.deliver(firstAttempt(d, fire));
  }

  @Test
  void http10_receiver_that_closes_after_each_answer_costs_no_retry() throws Exception {
    server = RawServer.onLoopback(peer -> {
      if (peer.read(Duration.ofSeconds(5)).isPresent()) {
        peer.write(HTTP10_OK); // an HTTP/1.0 answer, no "Connection: close": the client pools the connection
      }
    });
    DeliveryChannel channel = channel();
    Destination d = webhook(server.url("/hook"));

    for (int n = 0; n < 4; n++) {
      if (n > 0) {
        server.awaitClosedByServer(n, Duration.ofSeconds(5)); // the pooled connection is closed for sure
      }
      assertThat(deliverFire(channel, d, n)).as("fire " + n).isEqualTo(new Delivered("HTTP 200"));
    }

    List<Request> received = server.requests();
    assertThat(received).hasSize(4).extracting(Request::connection).containsExactly(1, 2, 3, 4);
    assertThat(received).extracting(r -> r.header("webhook-id")).doesNotHaveDuplicates();
    assertThat(received).extracting(r -> r.header("webhook-timestamp")).containsExactly(
        stamp(0), stamp(1), stamp(2), stamp(3));
  }

  @Test
  void keep_alive_receiver_that_closes_a_connection_idle_for_one_second_costs_no_retry() throws Exception {
    server = RawServer.onLoopback(peer -> {
      // Idle for 1 s, the connection is closed without a word (as Node.js does after 5 s).
      while (peer.read(Duration.ofSeconds(1)).isPresent()) {
        peer.write(HTTP11_NO_CONTENT);
      }
    });
    DeliveryChannel channel = channel();
    Destination d = webhook(server.url("/hook"));

    for (int n = 0; n < 3; n++) {
      if (n > 0) {
        // Real time: the receiver closes the connection after 1 s idle, before the next fire 2 s on.
        server.awaitClosedByServer(n, Duration.ofSeconds(5));
      }
      assertThat(deliverFire(channel, d, n)).as("fire " + n).isEqualTo(new Delivered("HTTP 204"));
    }

    List<Request> received = server.requests();
    assertThat(received).hasSize(3).extracting(Request::connection).containsExactly(1, 2, 3);
    assertThat(received).extracting(r -> r.header("webhook-id")).doesNotHaveDuplicates();
    assertThat(server.acceptedSoFar()).isEqualTo(3);
  }

  @Test
  void a_timeout_waiting_for_the_answer_on_a_reused_connection_is_left_to_the_retry_with_backoff() throws Exception {
    server = RawServer.onLoopback(peer -> {
      peer.read(Duration.ofSeconds(5));
      peer.write(HTTP11_NO_CONTENT); // the first request is answered, the connection kept
      if (peer.read(Duration.ofSeconds(5)).isPresent()) {
        awaitRelease(); // the second is read and never answered
      }
    });
    DeliveryChannel channel = WebhookDelivery.builder().clock(clock).allowHttp(true).allowList(List.of("127.0.0.1"))
        .requestTimeout(Duration.ofMillis(500)).build();
    Destination d = webhook(server.url("/hook"));

    DeliveryOutcome first = deliverFire(channel, d, 0);
    DeliveryOutcome second = deliverFire(channel, d, 1);

    assertThat(first).isInstanceOf(Delivered.class);
    assertThat(second).isInstanceOf(TransientFailure.class);
    assertThat(((TransientFailure) second).reason()).contains("timed out");
    assertThat(server.acceptedSoFar()).as("no second connection for a repeat").isEqualTo(1);
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void a_connection_opened_for_the_request_and_dropped_unanswered_is_left_to_the_retry_with_backoff()
      throws Exception {
    server = RawServer.onLoopback(peer -> peer.read(Duration.ofSeconds(5))); // reads, then hangs up unanswered
    Destination d = webhook(server.url("/hook"));

    DeliveryOutcome o = deliverFire(channel(), d, 0);

    assertThat(o).isInstanceOf(TransientFailure.class);
    assertThat(((TransientFailure) o).reason()).contains("unexpected end of stream");
    assertThat(server.acceptedSoFar()).isEqualTo(1);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void a_receiver_that_read_the_request_before_dropping_its_pooled_connection_gets_it_again_with_the_same_webhook_id()
      throws Exception {
    server = RawServer.onLoopback(peer -> {
      for (int onThisConnection = 1; peer.read(Duration.ofSeconds(5)).isPresent(); onThisConnection++) {
        if (peer.number() == 1 && onThisConnection == 2) {
          return; // the first connection reads the second request, then hangs up without answering
        }
        peer.write(HTTP11_NO_CONTENT);
      }
    });
    DeliveryChannel channel = channel();
    Destination d = webhook(server.url("/hook"));

    assertThat(deliverFire(channel, d, 0)).isInstanceOf(Delivered.class);
    assertThat(deliverFire(channel, d, 1)).isInstanceOf(Delivered.class);

    List<Request> received = server.requests();
    assertThat(received).hasSize(3).extracting(Request::connection).containsExactly(1, 1, 2);
    assertThat(received.get(2).header("webhook-id")).isEqualTo(received.get(1).header("webhook-id"))
        .isNotEqualTo(received.get(0).header("webhook-id"));
    assertThat(received.get(2).body()).isEqualTo(received.get(1).body());
  }

  private String stamp(int n) {
    return Long.toString(FIRE.plus(EVERY.multipliedBy(n)).getEpochSecond());
  }

  private void awaitRelease() {
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

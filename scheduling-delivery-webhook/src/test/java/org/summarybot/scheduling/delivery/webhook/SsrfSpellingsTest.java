package org.summarybot.scheduling.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.FIRE;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.firstAttempt;
import static org.summarybot.scheduling.delivery.webhook.Fixtures.webhook;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Call;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryOutcome.Delivered;
import org.summarybot.scheduling.port.DeliveryOutcome.PermanentFailure;
import org.summarybot.scheduling.testing.FakeClock;

/**
 * Every spelling of an internal address, against real listeners on 127.0.0.1 and [::1] (one port) that count
 * the connections they accept: each is refused before a connection is opened, with one message whether the port
 * is open or closed.
 */
class SsrfSpellingsTest {
  private final FakeClock clock = new FakeClock(FIRE);
  private RawServer v4;
  private RawServer v6;

  @BeforeEach
  void listen() throws IOException {
    for (int tries = 0; ; tries++) {
      v4 = RawServer.onLoopback(RawServer.HANG_UP);
      try {
        v6 = RawServer.on(InetAddress.getByName("::1"), v4.port(), RawServer.HANG_UP);
        return;
      } catch (BindException e) {
        v4.close(); // the port is taken on ::1: take another pair
        if (tries == 5) {
          throw e;
        }
      }
    }
  }

  @AfterEach
  void stop() {
    v4.close();
    v6.close();
  }

  private String url(String form) {
    return form.replace("PORT", Integer.toString(v4.port()));
  }

  /** Each form's outcome reason; each must be a permanent failure that does not disable the destination. */
  private Map<String, String> refusals(DeliveryChannel channel, List<String> forms) {
    Map<String, String> reasons = new LinkedHashMap<>();
    for (String form : forms) {
      DeliveryOutcome o = channel.deliver(firstAttempt(webhook(url(form)), FIRE));
      assertThat(o).as(form).isInstanceOf(PermanentFailure.class);
      assertThat(((PermanentFailure) o).destinationGone()).as(form).isFalse();
      reasons.put(form, ((PermanentFailure) o).reason());
    }
    return reasons;
  }

  @Test
  void every_spelling_of_loopback_is_refused_before_connecting_with_one_message_whether_the_port_is_open_or_not()
      throws Exception {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("https://2130706433:PORT/x", "host 2130706433 is the address 127.0.0.1, a loopback address");
    expected.put("http://2130706433:PORT/x", "host 2130706433 is the address 127.0.0.1, a loopback address");
    expected.put("http://0x7f000001:PORT/x", "host 0x7f000001 is the address 127.0.0.1, a loopback address");
    expected.put("http://0:PORT/", "(rule unspecified): host 0 is the address 0.0.0.0, an unspecified address");
    expected.put("http://0x0:PORT/", "(rule unspecified): host 0x0 is the address 0.0.0.0");
    expected.put("http://127.0.0.1:PORT/", "host 127.0.0.1 is a loopback address");
    expected.put("http://127.255.255.254:PORT/", "host 127.255.255.254 is a loopback address");
    expected.put("http://[::1]:PORT/", "host ::1 is a loopback address");
    expected.put("http://[0:0:0:0:0:0:0:1]:PORT/", "host ::1 is a loopback address");
    expected.put("http://[::]:PORT/", "(rule unspecified)");
    expected.put("http://[::ffff:127.0.0.1]:PORT/", "host 127.0.0.1 is a loopback address"); // IPv4-mapped
    expected.put("http://[::ffff:7f00:1]:PORT/", "host 127.0.0.1 is a loopback address");
    expected.put("http://[::127.0.0.1]:PORT/", "(rule loopback)"); // IPv4-compatible
    expected.put("http://[64:ff9b::7f00:1]:PORT/", "(rule loopback)"); // NAT64
    expected.put("http://[2002:7f00:1::]:PORT/", "(rule loopback)"); // 6to4
    List<String> forms = List.copyOf(expected.keySet());
    DeliveryChannel channel = WebhookDelivery.builder().clock(clock).allowHttp(true).build();

    Map<String, String> whileOpen = refusals(channel, forms);

    expected.forEach((form, text) -> assertThat(whileOpen.get(form)).as(form)
        .startsWith("refused by the SSRF guard (rule ").contains(text));
    assertThat(v4.acceptedSoFar()).as("connections to 127.0.0.1").isZero();
    assertThat(v6.acceptedSoFar()).as("connections to [::1]").isZero();

    v4.close();
    v6.close();
    assertThat(refusals(channel, forms)).as("the same refusals with the port closed").isEqualTo(whileOpen);
  }

  @Test
  void leading_zero_spellings_are_refused_when_the_destination_is_made_so_nothing_is_ever_sent_to_them() throws Exception {
    // Java reads the first four as 127.0.0.1 (its decimal reading), 0177.0.0.1 and 1.2.3.08 as public addresses;
    // browsers and curl read a part with a leading zero as octal. Such a destination cannot be made at all, so
    // tasks add, update and import refuse it and no delivery (guard on or off) ever plans a connection to it.
    for (String form : List.of("http://127.000.000.001:PORT/x", "http://0127.0.0.1:PORT/x",
        "http://127.0.0.01:PORT/x", "http://127.0.00.1:PORT/x", "http://0177.0.0.1/x", "http://017700000001/x",
        "http://1.2.3.08/x", "http://00/x")) {
      assertThatThrownBy(() -> webhook(url(form))).as(form).isInstanceOf(ValidationException.class)
          .hasMessageContaining("leading zero").hasMessageContaining("octal");
    }
    assertThat(v4.acceptedSoFar()).isZero();
  }

  @Test
  void a_numeric_spelling_of_an_allowed_address_is_delivered_to_the_address_it_reads_as() throws Exception {
    try (LoopbackServer http = new LoopbackServer()) {
      DeliveryChannel channel = WebhookDelivery.builder().clock(clock).allowHttp(true)
          .allowList(List.of("127.0.0.1")).build();

      for (String host : List.of("2130706433", "0x7f000001", "0X7F000001")) {
        assertThat(channel.deliver(firstAttempt(webhook("http://" + host + ":" + http.port() + "/h"), FIRE)))
            .as(host).isInstanceOf(Delivered.class);
        // Sent to the address read, in its plain form: the receiver sees what the guard judged.
        assertThat(http.take().header("host")).as(host).isEqualTo("127.0.0.1:" + http.port());
      }
    }
  }

  @Test
  void ip_literals_okhttp_connects_to_without_asking_dns_are_judged_by_the_socket_before_it_connects()
      throws Exception {
    // Straight through the sender's client, past the checks of prepare(): the sockets are the last line.
    WebhookSender guarded = new WebhookSender(WebhookDelivery.builder().clock(clock).allowHttp(true).settings());
    for (String form : List.of("http://127.1:PORT/", "http://127.0.1:PORT/", "http://2130706433:PORT/",
        "http://0:PORT/", "http://127.0.0.1:PORT/", "http://[::1]:PORT/", "https://127.1:PORT/")) {
      Call call = guarded.client().newCall(new Request.Builder().url(url(form)).build());
      assertThatThrownBy(call::execute).as(form).isInstanceOf(IOException.class)
          .satisfies(e -> assertThat(refusalIn(e)).as(form).contains("refused by the SSRF guard (rule "));
    }
    assertThat(v4.acceptedSoFar()).isZero();
    assertThat(v6.acceptedSoFar()).isZero();

    WebhookSender allowing = new WebhookSender(WebhookDelivery.builder().clock(clock).allowHttp(true)
        .allowList(List.of("127.0.0.1")).settings());
    Call allowed = allowing.client().newCall(new Request.Builder().url(url("http://127.1:PORT/")).build());
    assertThatThrownBy(allowed::execute).isInstanceOf(IOException.class); // the listener hangs up at once
    assertThat(v4.acceptedSoFar()).as("an allowed address is connected to").isEqualTo(1);
  }

  @Test
  void short_forms_are_already_refused_when_the_destination_is_made() {
    // The task's own URL check reads 127.1 and 0x7f.1 as no host at all, so they never reach delivery.
    for (String host : List.of("127.1", "0x7f.1", "127.0.1")) {
      assertThatThrownBy(() -> webhook("http://" + host + ":" + v4.port() + "/x")).as(host)
          .isInstanceOf(ValidationException.class).hasMessageContaining("is not an http or https URL");
    }
  }

  private static String refusalIn(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SsrfRefusedException) {
        return c.getMessage();
      }
      for (Throwable s : c.getSuppressed()) {
        if (s instanceof SsrfRefusedException) {
          return s.getMessage();
        }
      }
    }
    return "no refusal in " + e;
  }
}

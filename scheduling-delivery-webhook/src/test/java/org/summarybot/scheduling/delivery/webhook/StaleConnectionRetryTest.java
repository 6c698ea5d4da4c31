package org.summarybot.scheduling.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.delivery.webhook.StaleConnectionRetry.isConnectionEnded;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/**
 * Which failures count as a connection the receiver had closed; the end-to-end cases, on real sockets, are in
 * {@link ReceiverClosesConnectionsTest}.
 */
class StaleConnectionRetryTest {

  @Test
  void a_connection_that_ended_under_the_request_counts() {
    assertThat(isConnectionEnded(new IOException("unexpected end of stream on http://127.0.0.1:8080/...",
        new EOFException("\\n not found: limit=0 content=…")))).isTrue();
    assertThat(isConnectionEnded(new SocketException("Connection reset"))).isTrue();
    assertThat(isConnectionEnded(new SocketException("Broken pipe"))).isTrue();
    assertThat(isConnectionEnded(new SSLException("Connection reset", new SocketException("Connection reset"))))
        .isTrue();
  }

  @Test
  void a_timeout_never_counts_even_when_it_closed_the_socket_under_the_read() {
    // A read timeout closes the socket, so the blocked read fails with "Socket closed": the timeout wraps that.
    SocketTimeoutException readTimeout = new SocketTimeoutException("timeout");
    readTimeout.initCause(new SocketException("Socket closed"));
    InterruptedIOException callTimeout = new InterruptedIOException("timeout");
    callTimeout.initCause(new SocketException("Socket closed"));

    assertThat(isConnectionEnded(readTimeout)).isFalse();
    assertThat(isConnectionEnded(callTimeout)).isFalse();
  }

  @Test
  void other_failures_do_not_count() {
    assertThat(isConnectionEnded(new ProtocolException("Unexpected status line: SSH-2.0"))).isFalse();
    assertThat(isConnectionEnded(new SsrfRefusedException("refused by the SSRF guard (rule loopback): …"))).isFalse();
    assertThat(isConnectionEnded(new IOException("Canceled"))).isFalse();
  }
}

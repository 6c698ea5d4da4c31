package org.summarybot.scheduling.delivery.webhook;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketException;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Sends a request again at once when it failed only because the pooled connection it went out on had already
 * been closed by the receiver: an HTTP/1.0 receiver closes after every answer, and most servers close a
 * keep-alive connection idle for longer than their timeout (Node.js: 5 s), while OkHttp keeps it for minutes.
 * Without this, every such delivery would cost a retry with backoff.
 *
 * <p>It is narrow on purpose. A request is sent again only when its connection came from the pool (this call
 * opened none), the failure is the connection ending ({@code unexpected end of stream}, reset, broken pipe)
 * and no response header had arrived. A timeout waiting for the answer, any failure on a connection opened for
 * the request, and anything after the answer began are left to the engine's retry with backoff. A receiver that
 * did read the request before the connection ended may see it twice; both copies carry the same
 * {@code webhook-id}, so it can drop the repeat.
 *
 * <p>OkHttp's own {@code retryOnConnectionFailure} is not used: it would also repeat a request at once after a
 * {@code 408}, and after a failure on a fresh connection to another address of the host.
 */
final class StaleConnectionRetry implements Interceptor {
  /**
   * How many pooled connections in a row one request may find closed before the failure stands: the pool may hold
   * several idle connections to one receiver (OkHttp keeps up to 5 idle), all closed by it; each one found closed
   * is dropped from the pool.
   */
  static final int MAX_CLOSED_POOLED_CONNECTIONS = 5;

  @Override
  public Response intercept(Chain chain) throws IOException {
    Attempt attempt = new Attempt();
    chain.call().addEventListener(attempt);
    for (int closed = 0; ; closed++) {
      attempt.reset();
      try {
        return chain.proceed(chain.request());
      } catch (IOException e) {
        if (closed >= MAX_CLOSED_POOLED_CONNECTIONS || !attempt.endedOnPooledConnectionBeforeAnswer()
            || !isConnectionEnded(e)) {
          throw e;
        }
        WebhookSender.LOG.log(Level.DEBUG, () -> "the pooled connection to " + chain.request().url().host() + ":"
            + chain.request().url().port() + " had been closed by the receiver (" + e.getClass().getSimpleName()
            + "); sending again on a new connection");
      }
    }
  }

  /** The connection ended under the request, as a closed idle connection does; a timeout never counts. */
  static boolean isConnectionEnded(IOException e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof InterruptedIOException) {
        return false;
      }
      if (c instanceof EOFException || c instanceof SocketException) {
        return true;
      }
    }
    return false;
  }

  /** What one attempt of a call did with its connection, told by OkHttp's events for that call. */
  private static final class Attempt extends EventListener {
    private volatile boolean acquired;
    private volatile boolean connected;
    private volatile boolean answered;

    void reset() {
      acquired = false;
      connected = false;
      answered = false;
    }

    /** The attempt used a connection from the pool, opened none, and no response header arrived. */
    boolean endedOnPooledConnectionBeforeAnswer() {
      return acquired && !connected && !answered;
    }

    @Override
    public void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
      connected = true;
    }

    @Override
    public void connectionAcquired(Call call, Connection connection) {
      acquired = true;
    }

    @Override
    public void responseHeadersEnd(Call call, Response response) {
      answered = true;
    }
  }
}

package org.summarybot.scheduling.delivery.webhook;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP listener on a loopback address (a real {@link ServerSocket}), written on raw sockets so that a test says
 * exactly when a connection is answered and when it is closed. It counts every connection it accepts; each one
 * runs the test's {@link Conversation} on its own thread and is closed when the conversation returns.
 */
final class RawServer implements AutoCloseable {

  /** One HTTP request as it arrived: on which connection (1, 2, ...), its request line, headers and body. */
  record Request(int connection, String requestLine, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** What the server does with one accepted connection. */
  @FunctionalInterface
  interface Conversation {
    void talk(Peer peer) throws IOException;
  }

  /** A conversation that says nothing: the connection is accepted, counted and closed. */
  static final Conversation HANG_UP = peer -> { };

  private final ServerSocket server;
  private final Conversation conversation;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<Integer> acceptedPorts = new ArrayList<>(); // remote ports, in the order accepted
  private final Set<Integer> probePorts = ConcurrentHashMap.newKeySet();
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private int closedByServer;

  private RawServer(InetAddress address, int port, Conversation conversation) throws IOException {
    this.conversation = conversation;
    server = new ServerSocket();
    server.bind(new InetSocketAddress(address, port), 50);
    threads.execute(this::acceptAll);
  }

  /** A server on 127.0.0.1, on a free port. */
  static RawServer onLoopback(Conversation conversation) throws IOException {
    return new RawServer(InetAddress.getLoopbackAddress(), 0, conversation);
  }

  /** A server on {@code address} and {@code port}. */
  static RawServer on(InetAddress address, int port, Conversation conversation) throws IOException {
    return new RawServer(address, port, conversation);
  }

  int port() {
    return server.getLocalPort();
  }

  /** {@code http://127.0.0.1:port} followed by {@code path}. */
  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** The requests received so far. */
  List<Request> requests() {
    return List.copyOf(requests);
  }

  /**
   * How many connections were accepted before now. It opens a probe connection of its own and waits (at most 5 s)
   * until the server has accepted it: connections are accepted in the order they were made, so every connection
   * made before this call is counted, however late the server got to it. Probes are not counted.
   */
  int acceptedSoFar() throws IOException, InterruptedException {
    try (Socket probe = new Socket()) {
      probe.connect(server.getLocalSocketAddress(), 5_000);
      int probePort = probe.getLocalPort();
      probePorts.add(probePort);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      synchronized (this) {
        while (!acceptedPorts.contains(probePort)) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0) {
            throw new AssertionError("the server did not accept the probe connection within 5 s");
          }
          wait(left);
        }
        return (int) acceptedPorts.subList(0, acceptedPorts.indexOf(probePort)).stream()
            .filter(p -> !probePorts.contains(p)).count();
      }
    }
  }

  /** Waits (at most {@code max}) until the server has closed {@code n} connections itself; fails otherwise. */
  synchronized void awaitClosedByServer(int n, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (closedByServer < n) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new AssertionError("the server closed " + closedByServer + " connection(s), not " + n + ", in " + max);
      }
      wait(left);
    }
  }

  private void acceptAll() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      int number;
      synchronized (this) {
        acceptedPorts.add(s.getPort());
        number = acceptedPorts.size();
        notifyAll();
      }
      open.add(s);
      threads.execute(() -> converse(number, s));
    }
  }

  private void converse(int number, Socket s) {
    try (s) {
      conversation.talk(new Peer(number, s));
    } catch (IOException e) {
      // the client went away, or the server was closed: either way this conversation is over
    } finally {
      open.remove(s);
      synchronized (this) {
        closedByServer++;
        notifyAll();
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One accepted connection, as a conversation sees it. */
  final class Peer {
    private final int number;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Peer(int number, Socket socket) throws IOException {
      this.number = number;
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    /** Which connection this is: 1 for the first accepted, 2 for the next, ... */
    int number() {
      return number;
    }

    /**
     * The next request on this connection, recorded as received; empty when the client closed the connection,
     * or sent nothing for {@code idle}.
     */
    Optional<Request> read(Duration idle) throws IOException {
      socket.setSoTimeout((int) idle.toMillis());
      int first;
      try {
        first = in.read();
      } catch (SocketTimeoutException e) {
        return Optional.empty();
      }
      if (first < 0) {
        return Optional.empty();
      }
      socket.setSoTimeout(5_000); // the rest of a request that has begun comes at once
      String requestLine = (char) first + line();
      Map<String, String> headers = new HashMap<>();
      for (String h = line(); !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
      }
      byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
      Request r = new Request(number, requestLine, Map.copyOf(headers), body);
      requests.add(r);
      return Optional.of(r);
    }

    /** Writes {@code text} (the status line, headers and body of an answer) as it is. */
    void write(String text) throws IOException {
      out.write(text.getBytes(US_ASCII));
      out.flush();
    }

    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("the client closed the connection in the middle of a request");
        }
        if (c != '\r') {
          b.write(c);
        }
      }
      return b.toString(US_ASCII);
    }
  }
}

package org.summarybot.scheduling.app;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT (Ctrl-C) as a request to stop, which the long-running commands ({@code run}, {@code demo})
 * wait for on their main thread: they then drain and return their exit code (0 after a clean drain) like any
 * command. Left to the JVM, these signals start its shutdown, which exits with 143 or 130 whatever the command
 * would have returned. On a platform without one of these signals, it is not handled here and the JVM's default
 * stands.
 */
final class StopSignal {
  private final CountDownLatch requested = new CountDownLatch(1);
  private volatile String received;

  private StopSignal() {}

  /** A stop request that SIGTERM and SIGINT make from now on. */
  static StopSignal install() {
    StopSignal s = new StopSignal();
    for (String name : List.of("TERM", "INT")) {
      try {
        Signal.handle(new Signal(name), sig -> s.request("SIG" + sig.getName()));
      } catch (IllegalArgumentException notHere) {
        // This platform has no such signal (or the JVM keeps it): its default handling stands.
      }
    }
    return s;
  }

  /** Asks to stop; {@code why} names the cause (a signal, or the demo's --exit-after). */
  void request(String why) {
    if (received == null) {
      received = why;
    }
    requested.countDown();
  }

  /** Waits until a stop is requested; returns what asked for it. */
  String await() throws InterruptedException {
    requested.await();
    return received;
  }
}

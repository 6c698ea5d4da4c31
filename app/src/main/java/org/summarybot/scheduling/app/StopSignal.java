package org.summarybot.scheduling.app;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the long-running commands ({@code run}, {@code demo}) stop. SIGTERM or SIGINT (Ctrl-C) asks them to: the
 * command's own thread then stops it (drains running executions, closes the store) and returns the exit code,
 * so the process exits with it, 0 after a clean stop, rather than with the JVM's 143 or 130. Nothing else shuts
 * down meanwhile (a JVM shutdown would run other shutdown hooks, an embedded database's among them, during the
 * drain). A second signal does what it always does: the JVM exits at once. Any other shutdown of the JVM (SIGHUP,
 * {@code System.exit}) still runs the stop, through a shutdown hook.
 */
final class StopSignal {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);
  private static final List<String> SIGNALS = List.of("TERM", "INT");

  private final CountDownLatch asked = new CountDownLatch(1);
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final ToIntFunction<String> stop;
  private volatile String reason = "the JVM shuts down";
  private volatile int code = Main.OK;

  private StopSignal(ToIntFunction<String> stop) {
    this.stop = stop;
  }

  /**
   * Takes over SIGTERM and SIGINT, and adds a shutdown hook, for a command whose {@code stop} drains it and
   * returns its exit code; {@code stop} runs once, and is told why ({@code SIGTERM}, ...).
   */
  static StopSignal install(ToIntFunction<String> stop) {
    StopSignal s = new StopSignal(stop);
    for (String name : SIGNALS) {
      if (!Signals.handle(name, () -> s.signalled("SIG" + name))) {
        // The JVM keeps this signal (java -Xrs, or it was ignored when the process started): the hook stops.
        LOG.debug("cannot handle SIG{}; the shutdown hook stops the command", name);
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(s::stopOnce, "shutdown"));
    return s;
  }

  private void signalled(String name) {
    SIGNALS.forEach(Signals::restoreDefault);
    request(name);
  }

  /** Asks the command to stop, saying why ({@code SIGTERM}, {@code 3 summaries written}). */
  void request(String why) {
    if (asked.getCount() > 0) {
      reason = why;
    }
    asked.countDown();
  }

  /** Waits until a stop is asked for, stops (unless the shutdown hook already does) and returns the exit code. */
  int awaitAndStop() throws InterruptedException {
    asked.await();
    stopOnce();
    return code;
  }

  private void stopOnce() {
    if (stopped.compareAndSet(false, true)) {
      code = stop.applyAsInt(reason);
    }
  }

  /**
   * {@code sun.misc.Signal}, which the JDK keeps (module jdk.unsupported) for programs that handle signals, reached
   * by reflection: named in the source, it makes javac warn on every build, and no annotation silences that
   * warning. Where it is missing, nothing is handled and the shutdown hook stops the command.
   */
  private static final class Signals {
    private Signals() {}

    /** Runs {@code handler} (on the JVM's signal thread) on {@code SIG<name>}; false when that cannot be done. */
    static boolean handle(String name, Runnable handler) {
      try {
        Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
        Object proxy = Proxy.newProxyInstance(StopSignal.class.getClassLoader(), new Class<?>[] {handlerType},
            (self, method, args) -> switch (method.getName()) {
              case "handle" -> {
                handler.run();
                yield null;
              }
              case "equals" -> self == args[0];
              case "hashCode" -> System.identityHashCode(self);
              default -> "StopSignal handler of SIG" + name;
            });
        set(name, handlerType, proxy);
        return true;
      } catch (ReflectiveOperationException | IllegalArgumentException | LinkageError e) {
        return false;
      }
    }

    /** Gives {@code SIG<name>} back to the JVM's default handling. */
    static void restoreDefault(String name) {
      try {
        Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
        set(name, handlerType, handlerType.getField("SIG_DFL").get(null));
      } catch (ReflectiveOperationException | IllegalArgumentException | LinkageError e) {
        // it was not ours
      }
    }

    private static void set(String name, Class<?> handlerType, Object handler) throws ReflectiveOperationException {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Object signal = signalType.getConstructor(String.class).newInstance(name);
      Method handle = signalType.getMethod("handle", signalType, handlerType);
      try {
        handle.invoke(null, signal, handler);
      } catch (java.lang.reflect.InvocationTargetException e) {
        if (e.getCause() instanceof IllegalArgumentException iae) {
          throw iae;
        }
        throw e;
      }
    }
  }
}

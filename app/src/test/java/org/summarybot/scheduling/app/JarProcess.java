package org.summarybot.scheduling.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The real jar run as a process, its output collected; every wait is bounded. */
final class JarProcess implements AutoCloseable {
  static final Path JAR = Path.of(System.getProperty("app.jar", "target/summary-scheduler.jar"));

  record Result(int exit, String out, String err) {}

  private final Process process;
  private final StringBuffer out = new StringBuffer();
  private final StringBuffer err = new StringBuffer();
  private final BlockingQueue<String> outLines = new LinkedBlockingQueue<>();
  private final List<Thread> pumps = new ArrayList<>();

  private JarProcess(Process process) {
    this.process = process;
    pumps.add(pump(process.getInputStream(), out, outLines));
    pumps.add(pump(process.getErrorStream(), err, new LinkedBlockingQueue<>()));
  }

  /**
   * Copies the demo's sample export to {@code target}, marked as exported in 2100: the sample was exported in
   * 2025, and the export reader refuses a window that ends after the export (a stale export), while these
   * tests' windows end now. A fresh export of a live channel looks like this copy.
   */
  static void copySampleExport(Path target) throws IOException {
    try (var in = JarProcess.class.getResourceAsStream("sample-conversation.json")) {
      String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      String fresh = json.replace("\"exportedAt\": \"2025-03-14T12:00:00+00:00\"", "\"exportedAt\": \"2100-01-01T00:00:00+00:00\"");
      if (fresh.equals(json)) {
        throw new IllegalStateException("the sample export's exportedAt changed; update copySampleExport");
      }
      java.nio.file.Files.writeString(target, fresh);
    }
  }

  static JarProcess start(Path dir, String... args) throws IOException {
    return start(dir, java.util.Map.of(), args);
  }

  static JarProcess start(Path dir, java.util.Map<String, String> env, String... args) throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run the package phase first");
    }
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return new JarProcess(pb.start());
  }

  /** Runs to completion (at most {@code timeout}) and returns exit code and output. */
  static Result run(Path dir, Duration timeout, String... args) throws IOException, InterruptedException {
    try (JarProcess p = start(dir, args)) {
      return p.await(timeout);
    }
  }

  Result await(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("process did not exit within " + timeout + "\nstdout:\n" + out + "\nstderr:\n" + err);
    }
    for (Thread t : pumps) {
      t.join(5000);
    }
    return new Result(process.exitValue(), out.toString(), err.toString());
  }

  /** Waits up to {@code timeout} for a stdout line containing {@code text}; returns it. */
  String awaitLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : outLines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no line with '" + text + "' within " + timeout + "\nstdout:\n" + out + "\nstderr:\n" + err);
      }
      if (line.contains(text)) {
        return line;
      }
    }
  }

  /**
   * Sends SIGTERM. Through the process handle: {@code Process.destroy()} also closes our ends of the pipes, which
   * would lose what the process prints while it shuts down.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  /** Sends SIGINT, as Ctrl-C in a terminal does. */
  void interrupt() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -INT " + process.pid() + " failed");
    }
  }

  String stderr() {
    return err.toString();
  }

  /** Waits up to {@code timeout} for a stderr line containing {@code text} (log lines go there); returns it. */
  String awaitStderr(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String l : err.toString().lines().toList()) {
        if (l.contains(text)) {
          return l;
        }
      }
      if (!process.isAlive()) {
        break;
      }
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
    throw new AssertionError("no stderr line with '" + text + "' within " + timeout + "\nstdout:\n" + out
        + "\nstderr:\n" + err);
  }

  /** The port of {@code run --http HOST:0}, from its start-up line. */
  int awaitHttpPort(Duration timeout) throws InterruptedException {
    String line = awaitStderr("http on port ", timeout);
    return Integer.parseInt(line.replaceAll(".*http on port (\\d+).*", "$1"));
  }

  Process process() {
    return process;
  }

  private static Thread pump(java.io.InputStream in, StringBuffer sink, BlockingQueue<String> lines) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          sink.append(line).append('\n');
          lines.add(line);
        }
      } catch (IOException e) {
        // the process went away
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}

package org.summarybot.scheduling.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.summarybot.scheduling.TaskNotFoundException;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.ValidationException;
import picocli.CommandLine;

/**
 * The command line of the runnable jar: {@code java -jar summary-scheduler.jar <command>}. Exit codes: 0 success,
 * 1 runtime failure, 2 bad input; errors go to standard error, one per line, each starting {@code error:}.
 */
public final class Main {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int BAD_INPUT = 2;

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, UTF_8), true);
    int code = run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line; returns its exit code. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = commandLine(out, err);
    return cl.execute(args);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Cli());
    cl.setExpandAtFiles(false);
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler((ex, args) -> {
      err.println("error: " + CommandSuggestion.of(ex).orElse(ex.getMessage()));
      err.flush();
      return BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> report(ex, err));
    return cl;
  }

  /** Prints an exception as {@code error:} lines and returns the exit code it stands for. */
  static int report(Exception ex, PrintWriter err) {
    int code;
    if (ex instanceof UsageException u) {
      u.lines().forEach(l -> err.println("error: " + l));
      code = BAD_INPUT;
    } else if (ex instanceof ValidationException v) {
      v.problems().forEach(p -> err.println("error: " + flag(p.field()) + ": " + p.message()));
      code = BAD_INPUT;
    } else if (ex instanceof TaskNotFoundException) {
      err.println("error: " + ex.getMessage());
      code = BAD_INPUT;
    } else if (ex instanceof Failure || ex instanceof SchedulingException) {
      err.println("error: " + ex.getMessage());
      LOG.debug("failure", ex);
      code = FAILED;
    } else {
      err.println("error: " + ex);
      LOG.error("unexpected failure", ex);
      code = FAILED;
    }
    err.flush();
    return code;
  }

  private static final Map<String, String> FLAGS = Map.ofEntries(
      Map.entry("schedule", "--schedule"), Map.entry("zone", "--zone"), Map.entry("name", "--name"),
      Map.entry("guild", "--guild"), Map.entry("channel", "--channel"), Map.entry("channelIds", "--channel"),
      Map.entry("destinations", "--to"), Map.entry("lookback", "--lookback"),
      Map.entry("minMessages", "--min-messages"), Map.entry("maxConsecutiveFailures", "--max-failures"),
      Map.entry("maxAttempts", "--retries"), Map.entry("initialDelay", "--retry-delay"),
      Map.entry("maxDelay", "--retry-delay"), Map.entry("misfireGrace", "--misfire-grace"),
      Map.entry("starts", "--starts"), Map.entry("ends", "--ends"), Map.entry("maxRuns", "--max-runs"),
      Map.entry("skipDates", "--skip-dates"), Map.entry("jitter", "--jitter"), Map.entry("dstGap", "--dst-gap"),
      Map.entry("dstOverlap", "--dst-overlap"));

  /** The CLI flag for a model field ({@code schedule} -> {@code --schedule}), or the field itself. */
  static String flag(String field) {
    String head = field.split("[.\\[]", 2)[0];
    String f = FLAGS.get(head);
    if (f == null) {
      return field;
    }
    return field.equals(head) ? f : f + " (" + field + ")";
  }
}

package org.summarybot.scheduling.app;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The error line for a mistyped command: {@code tasks lst} reads "'lst' is not a tasks command; did you mean
 * list?", naming the nearest command by edit distance, or every command when none is near.
 */
final class CommandSuggestion {
  /** The most edits (insertions, deletions, substitutions, swaps of neighbours) a suggestion may be away. */
  private static final int MAX_DISTANCE = 2;

  private CommandSuggestion() {}

  /** The line for {@code ex} when it is an unknown command where a command was expected; empty otherwise. */
  static Optional<String> of(ParameterException ex) {
    if (!(ex instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
      return Optional.empty();
    }
    CommandLine cmd = u.getCommandLine();
    String typed = u.getUnmatched().get(0);
    if (cmd.getSubcommands().isEmpty() || typed.startsWith("-")
        || !cmd.getCommandSpec().positionalParameters().isEmpty()) {
      return Optional.empty();
    }
    List<String> names = List.copyOf(cmd.getSubcommands().keySet());
    String where = cmd.getParent() == null ? "a command" : "a " + cmd.getCommandName() + " command";
    String shown = FreeText.cut(FreeText.printable(typed), 40);
    Optional<String> nearest = nearest(typed, names);
    return Optional.of(nearest.map(n -> "'" + shown + "' is not " + where + "; did you mean " + n + "?")
        .orElse("'" + shown + "' is not " + where + " (commands: " + String.join(", ", names) + ")"));
  }

  /** The name nearest to {@code typed}, if one is at most {@link #MAX_DISTANCE} edits away. */
  static Optional<String> nearest(String typed, List<String> names) {
    String t = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String n : names) {
      int d = distance(t, n.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = n;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.min(MAX_DISTANCE, Math.max(1, t.length() - 1)) ? Optional.ofNullable(best)
        : Optional.empty();
  }

  /** Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment). */
  static int distance(String a, String b) {
    if (a.length() > 64) {
      return Integer.MAX_VALUE;
    }
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}

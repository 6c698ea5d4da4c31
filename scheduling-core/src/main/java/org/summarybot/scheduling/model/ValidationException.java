package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An input was refused. Carries every problem found in it, not only the first, so a user can fix them all at
 * once. Nothing was changed by the call that threw it.
 */
public class ValidationException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public ValidationException(List<Problem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  public ValidationException(String field, String message) {
    this(List.of(new Problem(field, message)));
  }

  /** Every problem found, in the order they were found; never empty. */
  public List<Problem> problems() {
    return problems;
  }

  private static String render(List<Problem> problems) {
    requireNonNull(problems, "problems");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ValidationException needs at least one problem");
    }
    if (problems.size() == 1) {
      return problems.get(0).toString();
    }
    return problems.size() + " problems: "
        + problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
  }
}

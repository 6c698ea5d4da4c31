package org.summarybot.scheduling.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one input so validation can report all of them in one {@link ValidationException}.
 * Not thread-safe; one instance per validation.
 */
public final class Problems {
  private List<Problem> problems = List.of();
  private final String prefix;

  public Problems() {
    this("");
  }

  private Problems(String prefix) {
    this.prefix = prefix;
  }

  /** Records a problem at {@code field} when {@code ok} is false; returns {@code ok}. */
  public boolean check(boolean ok, String field, String message) {
    if (!ok) {
      add(field, message);
    }
    return ok;
  }

  /** Records a problem at {@code field}. */
  public void add(String field, String message) {
    mutable().add(new Problem(prefix + field, message));
  }

  private List<Problem> mutable() {
    if (problems.isEmpty() && !(problems instanceof ArrayList)) {
      problems = new ArrayList<>(4);
    }
    return problems;
  }

  /** Records every problem of a nested validation, each field prefixed with {@code field}. */
  public void addAll(String field, ValidationException nested) {
    for (Problem p : nested.problems()) {
      mutable().add(new Problem(prefix + field + (p.field().isEmpty() ? "" : "." + p.field()), p.message()));
    }
  }

  /** Runs a nested validation that throws {@link ValidationException}, keeping its problems. */
  public void nested(String field, Runnable validation) {
    try {
      validation.run();
    } catch (ValidationException e) {
      addAll(field, e);
    }
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  public List<Problem> list() {
    return List.copyOf(problems);
  }

  /** Throws one {@link ValidationException} holding every problem collected, if any. */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
  }
}

package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A builder's record of which settings were given, so that a setting given twice fails at {@code build()} with
 * a problem naming it ({@code "store: is set more than once"}) instead of the last value silently winning. Every
 * builder of the library uses it, the adapters' included (which is why it is public): call {@link #set} (or
 * {@link #given}) as each setting arrives and {@link #addTo} (or {@link #givenTwice}, for a builder that
 * reports it in an exception of its own) in {@code build()}. Not thread-safe, like the
 * builders.
 */
public final class SetOnce {
  private final Set<String> given = new HashSet<>();
  private final List<String> twice = new ArrayList<>();

  /** Notes the setting {@code name} and returns {@code value}, which must not be null. */
  public <T> T set(String name, T value) {
    requireNonNull(value, name);
    given(name);
    return value;
  }

  /** Notes that the setting {@code name} was given. */
  public void given(String name) {
    if (!given.add(name)) {
      twice.add(name);
    }
  }

  /** The settings given more than once, in the order their second value came. */
  public List<String> givenTwice() {
    return List.copyOf(twice);
  }

  /** Adds a problem to {@code problems} for each setting given more than once. */
  public void addTo(Problems problems) {
    for (String name : twice) {
      problems.add(name, "is set more than once");
    }
  }

  /** Throws a {@link ValidationException} naming each setting given more than once, if any was. */
  public void throwIfAny() {
    Problems p = new Problems();
    addTo(p);
    p.throwIfAny();
  }
}

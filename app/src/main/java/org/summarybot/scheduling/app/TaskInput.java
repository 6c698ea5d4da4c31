package org.summarybot.scheduling.app;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DurationText;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.schedule.Schedules;

/**
 * The checks of a task's settings, whichever way they come: the flags of {@code tasks add} and
 * {@code tasks update}, the fields of a {@code tasks import} document. One method per kind of setting; each
 * returns the value when it is fine, and otherwise records one line {@code <place>: <problem>} and returns null,
 * so every problem is reported at once. Text goes through {@link FreeText}; bounds come from {@link Limits}.
 */
final class TaskInput {
  private final SecretEnvs secrets;
  private final List<String> errors = new ArrayList<>();

  TaskInput(SecretEnvs secrets) {
    this.secrets = requireNonNull(secrets, "secrets");
  }

  /** The problems found so far, in the order found. */
  List<String> errors() {
    return List.copyOf(errors);
  }

  boolean ok() {
    return errors.isEmpty();
  }

  void problem(String place, String problem) {
    errors.add(place + ": " + problem);
  }

  /** Throws every problem found so far as one {@link UsageException}; returns when there is none. */
  void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new UsageException(errors);
    }
  }

  /** Free text within {@code maxLength}. */
  String text(String place, String value, int maxLength) {
    String problem = FreeText.problem(value, maxLength);
    if (problem != null) {
      problem(place, problem);
      return null;
    }
    return value;
  }

  /** A task's name: free text, not blank, within {@link Limits#NAME_LENGTH}. */
  String name(String place, String value) {
    String t = text(place, value, Limits.NAME_LENGTH);
    if (t != null && t.isBlank()) {
      problem(place, "is empty");
      return null;
    }
    return t == null ? null : t.strip();
  }

  GuildId guild(String place, String value) {
    if (text(place, value, Limits.ID_LENGTH) == null) {
      return null;
    }
    try {
      return GuildId.parse(value);
    } catch (ValidationException e) {
      problem(place, e.problems().get(0).message());
      return null;
    }
  }

  ChannelId channel(String place, String value) {
    if (text(place, value, Limits.ID_LENGTH) == null) {
      return null;
    }
    try {
      return ChannelId.parse(value);
    } catch (ValidationException e) {
      problem(place, e.problems().get(0).message());
      return null;
    }
  }

  /** At most {@code max} of something: {@code what} names it ("channels"). */
  boolean count(String place, int n, int max, String what) {
    if (n > max) {
      problem(place, n + " " + what + "; a task takes at most " + max);
      return false;
    }
    return true;
  }

  /** A schedule's text that parses; stripped. */
  String schedule(String place, String value) {
    if (text(place, value, Limits.SCHEDULE_LENGTH) == null) {
      return null;
    }
    try {
      Schedules.parse(value);
      return value.strip();
    } catch (ValidationException e) {
      e.problems().forEach(p -> problem(place, p.message()));
      return null;
    }
  }

  ZoneId zone(String place, String value) {
    if (text(place, value, Limits.ZONE_LENGTH) == null) {
      return null;
    }
    try {
      return Schedules.parseZone(value);
    } catch (ValidationException e) {
      problem(place, e.problems().get(0).message());
      return null;
    }
  }

  /** A destination in the {@code --to} syntax, its secret among the allowed ones. */
  Destination destination(String flag, String value) {
    if (text(flag, value, Limits.DESTINATION_LENGTH) == null) {
      return null;
    }
    Destination d;
    try {
      d = DestinationText.parse(flag, value);
    } catch (UsageException e) {
      errors.addAll(e.lines());
      return null;
    }
    return secret(flag + ": " + d.describe(), d) ? d : null;
  }

  /** Whether the destination's secret, if any, is one a task may name; records the problem when not. */
  boolean secret(String place, Destination d) {
    String problem = secrets.problem(d);
    if (problem != null) {
      problem(place, problem);
      return false;
    }
    return true;
  }

  /** A duration in the short or ISO form within {@code span}. */
  Duration duration(String place, String value, Limits.Span span) {
    if (text(place, value, Limits.ID_LENGTH) == null) {
      return null;
    }
    Duration d;
    try {
      d = DurationText.parse(value, place);
    } catch (ValidationException e) {
      problem(place, e.problems().get(0).message());
      return null;
    }
    String problem = span.problem(d);
    if (problem != null) {
      problem(place, problem);
      return null;
    }
    return d;
  }

  /** An integer in {@code min-max}. */
  Integer integer(String place, long value, int min, int max) {
    if (value < min || value > max) {
      problem(place, value + " is outside " + min + "-" + max);
      return null;
    }
    return (int) value;
  }
}

package org.summarybot.scheduling.port;

import java.time.Instant;
import java.time.ZoneId;

/** Turns a persisted schedule text into a {@link Trigger}. */
public interface TriggerFactory {
  /**
   * Parses {@code schedule} for {@code zone}. {@code anchor} is where elapsed-time grids start (a task's
   * creation instant); wall-clock schedules ignore it.
   *
   * @throws org.summarybot.scheduling.model.ValidationException naming the field and the bad value when the text is
   *     not a schedule
   */
  Trigger create(String schedule, ZoneId zone, Instant anchor);
}

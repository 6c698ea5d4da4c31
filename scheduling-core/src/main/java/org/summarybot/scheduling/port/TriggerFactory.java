package org.summarybot.scheduling.port;

import java.time.Instant;
import java.time.ZoneId;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.model.ValidationException;

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

  /**
   * {@link #create(String, ZoneId, Instant)} under a DST policy for fixed wall-clock times. A factory that has
   * no policies accepts only the default ({@code SHIFT}, {@code FIRST}).
   *
   * @throws ValidationException on field {@code dstGap} or {@code dstOverlap} when the schedule cannot take the policy
   */
  default Trigger create(String schedule, ZoneId zone, Instant anchor, DstGap gap, DstOverlap overlap) {
    if (gap != DstGap.SHIFT || overlap != DstOverlap.FIRST) {
      throw new ValidationException(gap != DstGap.SHIFT ? "dstGap" : "dstOverlap",
          "this trigger factory knows only the default DST policy (shift, first)");
    }
    return create(schedule, zone, anchor);
  }
}

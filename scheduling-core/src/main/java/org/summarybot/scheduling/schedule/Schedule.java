package org.summarybot.scheduling.schedule;

import java.time.Instant;
import java.time.ZoneId;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.port.Trigger;

/**
 * When a task fires, independent of any zone: one of the text forms of DESIGN.md, parsed by
 * {@link Schedules#parse(String)}. A schedule is persisted as its {@link #toText() text};
 * {@code Schedules.parse(s.toText()).equals(s)} always holds. Instances are immutable values.
 */
public sealed interface Schedule permits Daily, Weekly, Monthly, Once, Every, Cron {

  /** The canonical text form, such as {@code daily 09:00} or {@code 0 0 9 ? * MON-FRI}. */
  String toText();

  /**
   * This schedule in {@code zone}. {@code anchor} is where an {@code every} grid starts (fires at
   * anchor + k x period, k >= 1); calendar schedules ignore it.
   */
  Trigger trigger(ZoneId zone, Instant anchor);

  /**
   * This schedule in {@code zone} under a DST policy: what a fixed wall-clock time inside a spring-forward gap and
   * inside a fall-back overlap does. {@code SHIFT} and {@code FIRST} give {@link #trigger(ZoneId, Instant)}.
   *
   * @throws org.summarybot.scheduling.model.ValidationException on field {@code dstGap} or {@code dstOverlap} when
   *     another policy is asked of a schedule that follows elapsed or real time ({@code every}, a cron firing in
   *     every hour)
   */
  Trigger trigger(ZoneId zone, Instant anchor, DstGap gap, DstOverlap overlap);

  /** A short human sentence, such as "at 09:00 on Monday through Friday, Europe/Berlin". */
  String describe(ZoneId zone);

  /** Whether fires follow the zone's wall clock (everything but {@code every}, which is elapsed time). */
  boolean followsWallClock();
}

package org.summarybot.scheduling.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.port.Trigger;

/**
 * A cron expression: Unix crontab (5 fields, or a macro such as {@code @daily}) or Quartz (6 or 7 fields,
 * seconds first). Created by {@link Schedules#parse(String)}; compiled once into bit masks, so triggers made
 * from it compute next fires without parsing. Equal when dialect and normalized text are equal.
 */
public final class Cron implements Schedule {
  /** Which cron language the text is written in. */
  public enum Dialect {
    /** Five fields, minute first; day of week 0-7 with 0 and 7 Sunday; macros such as {@code @daily}. */
    UNIX,
    /** Six or seven fields, seconds first; day of week 1-7 = SUN-SAT; {@code ? L W # LW L-n}; optional year. */
    QUARTZ
  }

  private final Dialect dialect;
  private final String expression;
  private final CronSpec spec;

  Cron(Dialect dialect, String expression, CronSpec spec) {
    this.dialect = requireNonNull(dialect, "dialect");
    this.expression = requireNonNull(expression, "expression");
    this.spec = requireNonNull(spec, "spec");
  }

  /** The dialect this expression is written in. */
  public Dialect dialect() {
    return dialect;
  }

  /** The normalized expression (single spaces, upper case; macros lower case). */
  public String expression() {
    return expression;
  }

  CronSpec spec() {
    return spec;
  }

  @Override
  public String toText() {
    return expression;
  }

  @Override
  public Trigger trigger(ZoneId zone, Instant anchor) {
    return trigger(zone, anchor, DstGap.SHIFT, DstOverlap.FIRST);
  }

  @Override
  public Trigger trigger(ZoneId zone, Instant anchor, DstGap gap, DstOverlap overlap) {
    return new WallClockTrigger(spec, zone, describe(zone), gap, overlap);
  }

  @Override
  public String describe(ZoneId zone) {
    return CronDescriber.describe(spec) + ", " + zone.getId();
  }

  @Override
  public boolean followsWallClock() {
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cron && ((Cron) o).dialect == dialect && ((Cron) o).expression.equals(expression);
  }

  @Override
  public int hashCode() {
    return dialect.hashCode() * 31 + expression.hashCode();
  }

  @Override
  public String toString() {
    return expression;
  }
}

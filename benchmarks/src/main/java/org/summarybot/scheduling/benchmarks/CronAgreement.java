package org.summarybot.scheduling.benchmarks;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.port.Trigger;
import org.summarybot.scheduling.schedule.Schedules;

/**
 * Before timing, ours and each peer must give the same next fire on the same inputs. Returns one line per
 * disagreement; an empty list means all agree.
 */
final class CronAgreement {
  private CronAgreement() {}

  record Case(String expression, ZoneId zone) {}

  static final List<Case> CASES = List.of(
      new Case(CronPeersBenchmark.WEEKDAYS, CronPeersBenchmark.BERLIN),
      new Case(CronPeersBenchmark.FIVE_MINUTES, CronPeersBenchmark.UTC),
      new Case(CronPeersBenchmark.LAST_DAY, CronPeersBenchmark.NEW_YORK));

  static List<String> disagreements() throws Exception {
    List<String> out = new ArrayList<>();
    CronParser utils = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    for (Case c : CASES) {
      Trigger ours = Schedules.parse(c.expression()).trigger(c.zone(), Instant.EPOCH);
      var spring = org.springframework.scheduling.support.CronExpression.parse(c.expression());
      var quartz = CronPeersBenchmark.quartz(c.expression(), c.zone());
      ExecutionTime cronUtils = ExecutionTime.forCron(utils.parse(c.expression()));
      for (Instant in : CronPeersBenchmark.inputs()) {
        Optional<Instant> o = ours.nextFireAfter(in);
        Instant s = spring.next(in.atZone(c.zone())).toInstant();
        Date q = quartz.getNextValidTimeAfter(Date.from(in));
        Optional<Instant> u = cronUtils.nextExecution(in.atZone(c.zone())).map(z -> z.toInstant());
        check(out, c, in, "spring", o, Optional.of(s));
        check(out, c, in, "quartz", o, Optional.ofNullable(q).map(Date::toInstant));
        check(out, c, in, "cron-utils", o, u);
      }
    }
    return out;
  }

  private static void check(List<String> out, Case c, Instant in, String peer, Optional<Instant> ours,
      Optional<Instant> theirs) {
    if (!ours.equals(theirs)) {
      out.add(peer + " disagrees on '" + c.expression() + "' in " + c.zone() + " after " + in + ": ours "
          + ours.map(Instant::toString).orElse("none") + ", theirs " + theirs.map(Instant::toString).orElse("none"));
    }
  }
}

package org.summarybot.scheduling.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.port.Trigger;

/**
 * Random schedules of every form, zones and instants in 1970-2100 (half of them just before a clock change),
 * checked against {@link ReferenceSchedule}'s brute force: the next fire is strictly after the input, is a fire
 * of the schedule, and no fire in between was skipped. Fixed seed: a failure reproduces.
 */
class SchedulePropertyTest {
  private static final long SEED = 20_261_126L;
  private static final long SPAN = 26 * 3600L;
  static final List<ZoneId> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York",
      "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns",
      "Europe/London", "Asia/Tokyo").stream().map(ZoneId::of).toList();
  private static final Instant MIN = Instant.parse("1970-01-02T00:00:00Z");
  private static final Instant MAX = Instant.parse("2099-12-01T00:00:00Z");
  private static final String[] MONTH_NAMES = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  private static final String[] DAY_NAMES = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  @Test
  void calendar_schedules_agree_with_the_brute_force_reference() {
    SplittableRandom random = new SplittableRandom(SEED);
    int checkedWithinSpan = 0;
    for (int i = 0; i < 10_000; i++) {
      ReferenceSchedule ref = randomSchedule(random);
      ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
      Instant after = randomInstant(random, zone);
      String context = "case " + i + ": '" + ref.text + "' in " + zone + " after " + after;
      Trigger trigger = Schedules.parse(ref.text).trigger(zone, after);
      Optional<Instant> actual = trigger.nextFireAfter(after);
      Optional<Instant> expected = ref.firstFire(zone, after, SPAN);
      if (expected.isPresent()) {
        checkedWithinSpan++;
        assertThat(actual).as(context).isEqualTo(expected);
      } else if (actual.isPresent()) {
        assertThat(actual.get()).as(context).isAfter(after.plusSeconds(SPAN));
        Instant fire = actual.get();
        assertThat(ref.firstFire(zone, fire.minusSeconds(1), 1)).as(context + " -> " + fire + " is a fire")
            .contains(fire);
      }
    }
    assertThat(checkedWithinSpan).isGreaterThan(4_000);
  }

  @Test
  void every_fires_on_the_anchor_grid_strictly_after_the_input() {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    for (int i = 0; i < 2_000; i++) {
      long period = random.nextInt(10) < 3 ? 1 + random.nextInt(120) : 60L * (1 + random.nextInt(3000));
      Every every = (Every) Schedules.parse("every " + period + "s");
      assertThat(Schedules.parse(every.toText())).isEqualTo(every);
      Instant anchor = Instant.ofEpochSecond(MIN.getEpochSecond() + random.nextLong(3_000_000_000L),
          random.nextInt(3) == 0 ? random.nextInt(1_000_000_000) : 0);
      Instant after = anchor.plusSeconds(random.nextLong(-3 * period, 40 * period))
          .plusNanos(random.nextInt(3) == 0 ? random.nextInt(1_000_000_000) : 0);
      Trigger trigger = every.trigger(ZONES.get(random.nextInt(ZONES.size())), anchor);
      Instant expected = anchor.plusSeconds(period);
      while (!expected.isAfter(after)) {
        expected = expected.plusSeconds(period);
      }
      assertThat(trigger.nextFireAfter(after)).as("every %ss from %s after %s", period, anchor, after)
          .contains(expected);
    }
  }

  @Test
  void once_fires_exactly_once_at_its_local_time() {
    SplittableRandom random = new SplittableRandom(SEED + 2);
    for (int i = 0; i < 1_000; i++) {
      ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
      Instant around = randomInstant(random, zone);
      LocalDateTime at = LocalDateTime.ofInstant(around, zone).withNano(0)
          .withSecond(random.nextInt(2) == 0 ? 0 : random.nextInt(60));
      Once once = (Once) Schedules.parse("once " + at);
      Instant fire = ZonedDateTime.of(at, zone).toInstant();
      Trigger trigger = once.trigger(zone, Instant.EPOCH);
      assertThat(trigger.nextFireAfter(fire.minusNanos(1))).contains(fire);
      assertThat(trigger.nextFireAfter(fire)).isEmpty();
      assertThat(Schedules.parse(once.toText())).isEqualTo(once);
    }
  }

  @Test
  void text_round_trips_for_random_schedules() {
    SplittableRandom random = new SplittableRandom(SEED + 3);
    for (int i = 0; i < 3_000; i++) {
      Schedule schedule = Schedules.parse(randomSchedule(random).text);
      assertThat(Schedules.parse(schedule.toText())).as(schedule.toText()).isEqualTo(schedule);
      assertThat(schedule.describe(ZoneId.of("UTC"))).isNotBlank();
    }
  }

  // ---------------------------------------------------------------------------------------------------------

  static Instant randomInstant(SplittableRandom random, ZoneId zone) {
    Instant base = Instant.ofEpochSecond(random.nextLong(MIN.getEpochSecond(), MAX.getEpochSecond()),
        random.nextInt(4) == 0 ? random.nextInt(1_000_000_000) : 0);
    int where = random.nextInt(4);
    if (where >= 2) {
      ZoneOffsetTransition transition = zone.getRules().nextTransition(base);
      if (transition != null && transition.getInstant().isBefore(MAX)) {
        return where == 2
            ? transition.getInstant().minusSeconds(random.nextLong(-3 * 3600, 2 * 86_400))
            // just after the change, where a time from a gap may still be due
            : transition.getInstant().plusSeconds(random.nextLong(-600, 2 * 3600));
      }
    }
    return base;
  }

  static ReferenceSchedule randomSchedule(SplittableRandom random) {
    int kind = random.nextInt(20);
    if (kind < 2) {
      int h = randomHour(random);
      int m = random.nextInt(60);
      return new ReferenceSchedule(String.format(Locale.ROOT, "daily %02d:%02d", h, m), Set.of(0), Set.of(m),
          Set.of(h), range(1, 12), d -> true, y -> true);
    }
    if (kind < 4) {
      int h = randomHour(random);
      int m = random.nextInt(60);
      Set<DayOfWeek> days = new TreeSet<>();
      int n = 1 + random.nextInt(3);
      for (int i = 0; i < n; i++) {
        days.add(DayOfWeek.of(1 + random.nextInt(7)));
      }
      StringBuilder names = new StringBuilder();
      for (DayOfWeek d : days) {
        String name = d.name().substring(0, 3);
        names.append(names.length() == 0 ? "" : ",").append(random.nextBoolean() ? name : name.toLowerCase());
      }
      return new ReferenceSchedule(String.format(Locale.ROOT, "weekly %s %02d:%02d", names, h, m), Set.of(0),
          Set.of(m), Set.of(h), range(1, 12), d -> days.contains(d.getDayOfWeek()), y -> true);
    }
    if (kind < 6) {
      int h = randomHour(random);
      int m = random.nextInt(60);
      boolean last = random.nextInt(4) == 0;
      int n = 1 + random.nextInt(31);
      Predicate<LocalDate> day = last ? d -> d.getDayOfMonth() == d.lengthOfMonth()
          : d -> d.getDayOfMonth() == Math.min(n, d.lengthOfMonth());
      return new ReferenceSchedule(String.format(Locale.ROOT, "monthly %s %02d:%02d", last ? "last" : n, h, m),
          Set.of(0), Set.of(m), Set.of(h), range(1, 12), day, y -> true);
    }
    if (kind < 7) {
      String macro = List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")
          .get(random.nextInt(7));
      switch (macro) {
        case "@yearly":
        case "@annually":
          return new ReferenceSchedule(macro, Set.of(0), Set.of(0), Set.of(0), Set.of(1),
              d -> d.getDayOfMonth() == 1, y -> true);
        case "@monthly":
          return new ReferenceSchedule(macro, Set.of(0), Set.of(0), Set.of(0), range(1, 12),
              d -> d.getDayOfMonth() == 1, y -> true);
        case "@weekly":
          return new ReferenceSchedule(macro, Set.of(0), Set.of(0), Set.of(0), range(1, 12),
              d -> d.getDayOfWeek() == DayOfWeek.SUNDAY, y -> true);
        case "@hourly":
          return new ReferenceSchedule(macro, Set.of(0), Set.of(0), range(0, 23), range(1, 12), d -> true,
              y -> true);
        default:
          return new ReferenceSchedule(macro, Set.of(0), Set.of(0), Set.of(0), range(1, 12), d -> true,
              y -> true);
      }
    }
    return kind < 13 ? randomUnix(random) : randomQuartz(random);
  }

  private static int randomHour(SplittableRandom random) {
    // clock changes happen around 00:00-03:00 and 22:00-24:00: favour those hours
    return random.nextBoolean() ? new int[] {0, 1, 2, 3, 22, 23}[random.nextInt(6)] : random.nextInt(24);
  }

  /** A field's text and the values it means. */
  private static final class Field {
    final String text;
    final Set<Integer> values;

    Field(String text, Set<Integer> values) {
      this.text = text;
      this.values = values;
    }
  }

  private static Field field(SplittableRandom random, int min, int max, String[] names, int nameBase,
      int starWeight) {
    int choice = random.nextInt(10);
    if (choice < starWeight) {
      return new Field("*", range(min, max));
    }
    Set<Integer> values = new TreeSet<>();
    List<String> items = new ArrayList<>();
    int count = choice < 6 ? 1 : 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      int form = random.nextInt(5);
      int lo = min + random.nextInt(max - min + 1);
      int hi = min + random.nextInt(max - min + 1);
      if (form <= 1) {
        items.add(name(lo, names, nameBase, random));
        values.add(lo);
      } else if (form == 2) {
        items.add(name(lo, names, nameBase, random) + "-" + name(hi, names, nameBase, random));
        values.addAll(cycle(lo, hi, min, max, 1));
      } else if (form == 3) {
        int step = 1 + random.nextInt(Math.max(1, (max - min) / 2));
        items.add("*/" + step);
        values.addAll(cycle(min, max, min, max, step));
      } else {
        int step = 1 + random.nextInt(Math.max(1, (max - min) / 3));
        items.add(lo + "-" + hi + "/" + step);
        values.addAll(cycle(lo, hi, min, max, step));
      }
    }
    return new Field(String.join(",", items), values);
  }

  private static String name(int value, String[] names, int nameBase, SplittableRandom random) {
    if (names != null && random.nextInt(3) == 0 && value - nameBase >= 0 && value - nameBase < names.length) {
      String n = names[value - nameBase];
      return random.nextBoolean() ? n : n.toLowerCase(Locale.ROOT);
    }
    return Integer.toString(value);
  }

  private static Set<Integer> cycle(int lo, int hi, int min, int max, int step) {
    Set<Integer> out = new TreeSet<>();
    int size = max - min + 1;
    int count = hi >= lo ? hi - lo + 1 : (max - lo + 1) + (hi - min + 1);
    for (int i = 0; i < count; i += step) {
      int v = lo + i;
      out.add(v > max ? v - size : v);
    }
    return out;
  }

  private static Set<Integer> range(int lo, int hi) {
    Set<Integer> out = new TreeSet<>();
    for (int i = lo; i <= hi; i++) {
      out.add(i);
    }
    return out;
  }

  private static ReferenceSchedule randomUnix(SplittableRandom random) {
    Field minute = field(random, 0, 59, null, 0, 2);
    Field hour = field(random, 0, 23, null, 0, 4);
    Field dom = field(random, 1, 31, null, 0, 6);
    Field month = field(random, 1, 12, MONTH_NAMES, 1, 7);
    Field dow = field(random, 0, 7, DAY_NAMES, 0, 6);
    Set<Integer> isoDays = new TreeSet<>();
    for (int d : dow.values) {
      isoDays.add(d == 0 || d == 7 ? 7 : d);
    }
    boolean domStar = dom.text.startsWith("*");
    boolean dowStar = dow.text.startsWith("*");
    Predicate<LocalDate> domMatch = d -> dom.values.contains(d.getDayOfMonth());
    Predicate<LocalDate> dowMatch = d -> isoDays.contains(d.getDayOfWeek().getValue());
    Predicate<LocalDate> day = !domStar && !dowStar ? domMatch.or(dowMatch) : domMatch.and(dowMatch);
    String text = String.join(" ", minute.text, hour.text, dom.text, month.text, dow.text);
    return new ReferenceSchedule(text, Set.of(0), minute.values, hour.values, month.values, day, y -> true);
  }

  private static ReferenceSchedule randomQuartz(SplittableRandom random) {
    Field second = random.nextInt(3) == 0 ? field(random, 0, 59, null, 0, 1) : new Field("0", Set.of(0));
    Field minute = field(random, 0, 59, null, 0, 2);
    Field hour = field(random, 0, 23, null, 0, 4);
    Field month = field(random, 1, 12, MONTH_NAMES, 1, 7);
    String domText;
    String dowText;
    Predicate<LocalDate> day;
    int which = random.nextInt(3);
    if (which == 0) { // day of month restricted
      dowText = random.nextBoolean() ? "?" : "*";
      List<String> items = new ArrayList<>();
      Predicate<LocalDate> p = d -> false;
      int count = 1 + (random.nextInt(3) == 0 ? 1 : 0);
      for (int i = 0; i < count; i++) {
        int form = random.nextInt(6);
        if (form == 0) {
          items.add("L");
          p = p.or(d -> d.getDayOfMonth() == d.lengthOfMonth());
        } else if (form == 1) {
          int n = random.nextInt(31);
          items.add("L-" + n);
          p = p.or(d -> d.getDayOfMonth() == d.lengthOfMonth() - n);
        } else if (form == 2) {
          int n = random.nextInt(5);
          items.add(n == 0 ? "LW" : "L-" + n + "W");
          p = p.or(d -> d.lengthOfMonth() - n >= 1
              && d.getDayOfMonth() == ReferenceSchedule.nearestWeekday(d, d.lengthOfMonth() - n));
        } else if (form == 3) {
          int n = 1 + random.nextInt(31);
          items.add(n + "W");
          p = p.or(d -> n <= d.lengthOfMonth() && d.getDayOfMonth() == ReferenceSchedule.nearestWeekday(d, n));
        } else {
          Field f = field(random, 1, 31, null, 0, 0);
          items.add(f.text);
          p = p.or(d -> f.values.contains(d.getDayOfMonth()));
        }
      }
      domText = String.join(",", items);
      day = p;
    } else if (which == 1) { // day of week restricted
      domText = random.nextBoolean() ? "?" : "*";
      int form = random.nextInt(4);
      if (form == 0) {
        int q = 1 + random.nextInt(7);
        dowText = name(q, DAY_NAMES, 1, random) + "L";
        day = d -> toQuartz(d.getDayOfWeek()) == q && d.getDayOfMonth() + 7 > d.lengthOfMonth();
      } else if (form == 1) {
        int q = 1 + random.nextInt(7);
        int k = 1 + random.nextInt(5);
        dowText = name(q, DAY_NAMES, 1, random) + "#" + k;
        day = d -> toQuartz(d.getDayOfWeek()) == q && (d.getDayOfMonth() - 1) / 7 + 1 == k;
      } else {
        Field f = field(random, 1, 7, DAY_NAMES, 1, 0);
        dowText = f.text;
        day = d -> f.values.contains(toQuartz(d.getDayOfWeek()));
      }
    } else {
      domText = random.nextBoolean() ? "?" : "*";
      dowText = domText.equals("?") ? "*" : random.nextBoolean() ? "?" : "*";
      day = d -> true;
    }
    String text = String.join(" ", second.text, minute.text, hour.text, domText, month.text, dowText);
    Predicate<Integer> year = y -> true;
    if (random.nextInt(5) == 0) {
      int from = 1970 + random.nextInt(130);
      int to = Math.min(2099, from + random.nextInt(10));
      text += random.nextBoolean() ? " *" : " " + from + "-" + to;
      if (!text.endsWith("*")) {
        year = y -> y >= from && y <= to;
      }
    }
    return new ReferenceSchedule(text, second.values, minute.values, hour.values, month.values, day, year);
  }

  private static int toQuartz(DayOfWeek d) {
    return d.getValue() % 7 + 1;
  }

}

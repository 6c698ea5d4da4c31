package org.summarybot.scheduling.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.DstGap;
import org.summarybot.scheduling.model.DstOverlap;
import org.summarybot.scheduling.model.SkipDate;
import org.summarybot.scheduling.model.TimeOptions;

/** The {@code timeOptions} object of {@link TaskJson}'s task form. */
final class TimeOptionsJson {
  private TimeOptionsJson() {}

  /**
   * The JSON form of a task's time options: each field left out when it has its default ({@code starts},
   * {@code ends} instants; {@code maxRuns}; {@code skipDates} as {@code YYYY-MM-DD} or {@code MM-DD} strings;
   * {@code jitter} a duration; {@code dstGap}, {@code dstOverlap} enum names).
   */
  static ObjectNode write(TimeOptions t) {
    ObjectNode o = TaskJson.object();
    t.starts().ifPresent(i -> o.put("starts", i.toString()));
    t.ends().ifPresent(i -> o.put("ends", i.toString()));
    t.maxRuns().ifPresent(n -> o.put("maxRuns", n));
    if (!t.skipDates().isEmpty()) {
      ArrayNode a = o.putArray("skipDates");
      t.skipDates().forEach(d -> a.add(d.toText()));
    }
    if (!t.jitter().isZero()) {
      o.put("jitter", TaskJson.duration(t.jitter()));
    }
    if (t.dstGap() != DstGap.SHIFT) {
      o.put("dstGap", t.dstGap().name());
    }
    if (t.dstOverlap() != DstOverlap.FIRST) {
      o.put("dstOverlap", t.dstOverlap().name());
    }
    return o;
  }

  /** Time options from their JSON form; a field left out has its default. */
  static TimeOptions read(JsonIn in) {
    List<SkipDate> skips = new ArrayList<>();
    if (in.has("skipDates")) {
      for (String d : in.strings("skipDates")) {
        skips.add(TaskJson.validated(in, "skipDates", () -> SkipDate.parse(d)));
      }
    }
    Optional<Integer> maxRuns = in.has("maxRuns") ? Optional.of(in.integer("maxRuns")) : Optional.empty();
    Duration jitter = in.optDuration("jitter").orElse(Duration.ZERO);
    DstGap gap = in.has("dstGap") ? in.enumValue("dstGap", DstGap.class) : DstGap.SHIFT;
    DstOverlap overlap = in.has("dstOverlap") ? in.enumValue("dstOverlap", DstOverlap.class) : DstOverlap.FIRST;
    return TaskJson.validated(in, "", () -> new TimeOptions(in.optInstant("starts"), in.optInstant("ends"), maxRuns, skips,
        jitter, gap, overlap));
  }

}

package org.summarybot.scheduling.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.SummaryUsage;
import org.summarybot.scheduling.model.TimeWindow;

/**
 * The values of {@link TaskJson}'s form read straight off a streaming parser, for {@link TaskStreamReader} and
 * {@link RecordStreamReader}: strings, numbers, instants, durations, zones, enums, and the two small objects tasks
 * and records share (a window, a usage). Each takes the token the caller has just read and either returns the
 * value or throws {@link Reject}, so the caller steps aside for the tree reader; none keeps state.
 */
final class StreamValues {
  private StreamValues() {}

  /** Thrown to give up; the caller returns null. One instance, no stack trace: giving up is cheap. */
  static final class Reject extends Exception {
    private static final long serialVersionUID = 1L;
    static final Reject INSTANCE = new Reject();

    private Reject() {
      super(null, null, false, false);
    }
  }

  static void expect(boolean ok) throws Reject {
    if (!ok) {
      throw Reject.INSTANCE;
    }
  }

  static String str(JsonParser p, JsonToken t) throws IOException, Reject {
    expect(t == JsonToken.VALUE_STRING);
    return p.getText();
  }

  static Optional<String> optStr(JsonParser p, JsonToken t) throws IOException, Reject {
    return t == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(str(p, t));
  }

  static List<String> strings(JsonParser p, JsonToken t) throws IOException, Reject {
    expect(t == JsonToken.START_ARRAY);
    List<String> out = new ArrayList<>();
    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
      out.add(str(p, e));
    }
    return out;
  }

  static boolean bool(JsonToken t) throws Reject {
    expect(t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE);
    return t == JsonToken.VALUE_TRUE;
  }

  static int integer(JsonParser p, JsonToken t) throws IOException, Reject {
    expect(t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT);
    return p.getIntValue();
  }

  static long lng(JsonParser p, JsonToken t) throws IOException, Reject {
    expect(t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER);
    return p.getLongValue();
  }

  /** A snowflake: a decimal string (surrounding blanks allowed), or a whole number in the long range. */
  static long snowflake(JsonParser p, JsonToken t) throws IOException, Reject {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return lng(p, t);
    }
    return Long.parseLong(str(p, t).strip()); // a NumberFormatException rejects
  }

  static Instant instant(JsonParser p, JsonToken t) throws IOException, Reject {
    Instant i = JsonIn.instantOrNull(str(p, t));
    expect(i != null);
    return i;
  }

  static Optional<Instant> optInstant(JsonParser p, JsonToken t) throws IOException, Reject {
    return t == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(instant(p, t));
  }

  static Duration duration(JsonParser p, JsonToken t) throws IOException, Reject {
    Duration d = JsonIn.durationOrNull(str(p, t));
    expect(d != null);
    return d;
  }

  static ZoneId zone(JsonParser p, JsonToken t) throws IOException, Reject {
    ZoneId z = JsonIn.zoneOrNull(str(p, t));
    expect(z != null);
    return z;
  }

  static <E extends Enum<E>> E enumValue(JsonParser p, JsonToken t, Class<E> type) throws IOException, Reject {
    E e = JsonIn.enumOrNull(type, str(p, t));
    expect(e != null);
    return e;
  }

  /** A window: {@code {from, to}}. */
  static TimeWindow window(JsonParser p, JsonToken t) throws IOException, Reject {
    expect(t == JsonToken.START_OBJECT);
    Instant from = null;
    Instant to = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "from" -> from = instant(p, v);
        case "to" -> to = instant(p, v);
        default -> p.skipChildren();
      }
    }
    expect(from != null && to != null);
    return TimeWindow.of(from, to);
  }

  /** A summary's usage ({@code null}: none), in a pending run's summary and in a record. */
  static Optional<SummaryUsage> usage(JsonParser p, JsonToken t) throws IOException, Reject {
    if (t == JsonToken.VALUE_NULL) {
      return Optional.empty();
    }
    expect(t == JsonToken.START_OBJECT);
    Long in = null;
    Long out = null;
    Integer requests = null;
    Optional<Long> cost = Optional.empty();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "inputTokens" -> in = lng(p, v);
        case "outputTokens" -> out = lng(p, v);
        case "requests" -> requests = integer(p, v);
        case "costMicros" -> cost = Optional.of(lng(p, v));
        default -> p.skipChildren();
      }
    }
    expect(in != null && out != null && requests != null);
    return Optional.of(new SummaryUsage(in, out, requests, cost));
  }
}

package org.summarybot.scheduling.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.summarybot.scheduling.model.DurationText;
import org.summarybot.scheduling.model.ValidationException;

/**
 * Reads one JSON object field by field; every failure is a {@link BadJsonException} naming the field by its path
 * ({@code task.destinations[1].type}). Optional fields may be missing or null. Instants, durations, zones and
 * snowflakes are read in the forms of {@link TaskJson}; enum names in any case.
 */
public final class JsonIn {
  // Values that parse the same way every time, cached so that opening a large store does not parse the same
  // zone id and durations 100,000 times. Only successful parses are cached, so error messages are unchanged.
  private static final int CACHE_LIMIT = 4096;
  private static final Map<String, ZoneId> ZONES = new ConcurrentHashMap<>();
  private static final Map<String, Duration> DURATIONS = new ConcurrentHashMap<>();

  private final JsonNode node;
  private final String path;

  /** The JSON object in {@code bytes}; {@code what} names it in errors ("the file", "leases.json"). */
  public static JsonIn parse(byte[] bytes, String what) {
    return parse(bytes, bytes.length, what);
  }

  /** The JSON object in the first {@code length} bytes of {@code buffer}. */
  public static JsonIn parse(byte[] buffer, int length, String what) {
    return new JsonIn(TaskJson.parse(buffer, length, what), "");
  }

  /** Reads {@code node}, an object found at {@code path} ("" for a document's root). */
  public JsonIn(JsonNode node, String path) {
    this.node = node;
    this.path = path;
    if (node == null || !node.isObject()) {
      throw new BadJsonException(where("") + "is not a JSON object");
    }
  }

  public String path() {
    return path;
  }

  public boolean has(String field) {
    JsonNode n = node.get(field);
    return n != null && !n.isNull();
  }

  private JsonNode required(String field) {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) {
      throw new BadJsonException(where(field) + "is missing");
    }
    return n;
  }

  public String where(String field) {
    String p = path.isEmpty() ? field : field.isEmpty() ? path : path + "." + field;
    return p.isEmpty() ? "" : p + ": ";
  }

  public String field(String field) {
    return path.isEmpty() ? field : field.isEmpty() ? path : path + "." + field;
  }

  public String str(String field) {
    JsonNode n = required(field);
    if (!n.isTextual()) {
      throw new BadJsonException(where(field) + n + " is not a string");
    }
    return n.textValue();
  }

  public Optional<String> optStr(String field) {
    return has(field) ? Optional.of(str(field)) : Optional.empty();
  }

  public long lng(String field) {
    JsonNode n = required(field);
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new BadJsonException(where(field) + n + " is not a whole number");
    }
    return n.longValue();
  }

  public int integer(String field) {
    JsonNode n = required(field);
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new BadJsonException(where(field) + n + " is not a whole number in the int range");
    }
    return n.intValue();
  }

  public double dbl(String field) {
    JsonNode n = required(field);
    if (!n.isNumber()) {
      throw new BadJsonException(where(field) + n + " is not a number");
    }
    return n.doubleValue();
  }

  public boolean bool(String field) {
    JsonNode n = required(field);
    if (!n.isBoolean()) {
      throw new BadJsonException(where(field) + n + " is not true or false");
    }
    return n.booleanValue();
  }

  /** A snowflake written as a decimal string (or, leniently, a JSON number). */
  public long snowflake(String field) {
    JsonNode n = required(field);
    return snowflake(n, field);
  }

  private long snowflake(JsonNode n, String field) {
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    }
    if (n.isTextual()) {
      try {
        return Long.parseLong(n.textValue().strip());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new BadJsonException(where(field) + n + " is not a Discord snowflake");
  }

  public List<Long> snowflakes(String field) {
    List<Long> out = new ArrayList<>();
    int i = 0;
    for (JsonNode n : array(field)) {
      out.add(snowflake(n, field + "[" + i++ + "]"));
    }
    return out;
  }

  public Instant instant(String field) {
    String s = str(field);
    Instant fast = canonicalInstant(s);
    if (fast != null) {
      return fast;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeException e) {
      throw new BadJsonException(where(field) + "'" + s + "' is not an ISO-8601 instant such as 2026-03-02T09:00:00Z");
    }
  }

  public Optional<Instant> optInstant(String field) {
    return has(field) ? Optional.of(instant(field)) : Optional.empty();
  }

  public Duration duration(String field) {
    String s = str(field);
    Duration known = DURATIONS.get(s);
    if (known != null) {
      return known;
    }
    try {
      Duration d = DurationText.parse(s, field(field));
      if (DURATIONS.size() < CACHE_LIMIT) {
        DURATIONS.putIfAbsent(s, d);
      }
      return d;
    } catch (ValidationException e) {
      throw new BadJsonException(e.getMessage());
    }
  }

  /** The duration {@code s} stands for (cached), or null when it is not one. */
  static Duration durationOrNull(String s) {
    Duration known = DURATIONS.get(s);
    if (known != null) {
      return known;
    }
    try {
      Duration d = DurationText.parse(s, "duration");
      if (DURATIONS.size() < CACHE_LIMIT) {
        DURATIONS.putIfAbsent(s, d);
      }
      return d;
    } catch (ValidationException e) {
      return null;
    }
  }

  /** The instant {@code s} stands for (canonical form first), or null when it is not one. */
  static Instant instantOrNull(String s) {
    Instant fast = canonicalInstant(s);
    if (fast != null) {
      return fast;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The constant of {@code type} named {@code s} in any case, or null. */
  static <E extends Enum<E>> E enumOrNull(Class<E> type, String s) {
    try {
      return Enum.valueOf(type, s);
    } catch (IllegalArgumentException e) {
      // The CLI of release 0.1.0 printed some names in lower case (a destination's "format"): any case is read.
      for (E c : type.getEnumConstants()) {
        if (c.name().equalsIgnoreCase(s)) {
          return c;
        }
      }
      return null;
    }
  }

  /** The time zone {@code s} names (cached), or null when it is not one. */
  static ZoneId zoneOrNull(String s) {
    ZoneId known = ZONES.get(s);
    if (known != null) {
      return known;
    }
    try {
      ZoneId z = ZoneId.of(s);
      if (ZONES.size() < CACHE_LIMIT) {
        ZONES.putIfAbsent(s, z);
      }
      return z;
    } catch (DateTimeException e) {
      return null;
    }
  }

  public Optional<Duration> optDuration(String field) {
    return has(field) ? Optional.of(duration(field)) : Optional.empty();
  }

  public ZoneId zone(String field) {
    String s = str(field);
    ZoneId z = zoneOrNull(s);
    if (z == null) {
      throw new BadJsonException(where(field) + "'" + s + "' is not a time zone id");
    }
    return z;
  }

  public <E extends Enum<E>> E enumValue(String field, Class<E> type) {
    String s = str(field);
    E e = enumOrNull(type, s);
    if (e == null) {
      throw new BadJsonException(where(field) + "'" + s + "' is not one of " + Arrays.toString(type.getEnumConstants()));
    }
    return e;
  }


  public JsonIn obj(String field) {
    return new JsonIn(required(field), field(field));
  }

  public Optional<JsonIn> optObj(String field) {
    return has(field) ? Optional.of(obj(field)) : Optional.empty();
  }

  private JsonNode array(String field) {
    JsonNode n = required(field);
    if (!n.isArray()) {
      throw new BadJsonException(where(field) + "is not a JSON array");
    }
    return n;
  }

  public List<JsonIn> objects(String field) {
    List<JsonIn> out = new ArrayList<>();
    int i = 0;
    for (JsonNode n : array(field)) {
      out.add(new JsonIn(n, field(field) + "[" + i++ + "]"));
    }
    return out;
  }

  /** The array of strings in {@code field}. */
  public List<String> strings(String field) {
    List<String> out = new ArrayList<>();
    int i = 0;
    for (JsonNode n : array(field)) {
      if (!n.isTextual()) {
        throw new BadJsonException(where(field) + "item " + i + " is not a string");
      }
      out.add(n.textValue());
      i++;
    }
    return out;
  }

  public List<JsonIn> optObjects(String field) {
    return has(field) ? objects(field) : List.of();
  }

  /**
   * The instant of {@code s} when it has the form {@link Instant#toString()} writes
   * ({@code 2026-03-02T09:00:00Z}, optionally with 1-9 fraction digits), else null: the caller then falls back
   * to {@link Instant#parse}, which also produces the error message. A fast path for opening large stores.
   */
  static Instant canonicalInstant(String s) {
    int n = s.length();
    if (n < 20 || n > 30) {
      return null;
    }
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return null;
      }
      b[i] = (byte) c;
    }
    return canonicalInstant(b, 0, n);
  }

  /** {@link #canonicalInstant(String)} of the ASCII bytes {@code b[from, to)}. */
  static Instant canonicalInstant(byte[] b, int from, int to) {
    int n = to - from;
    if (n < 20 || n == 21 || n > 30 || b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T'
        || b[from + 13] != ':' || b[from + 16] != ':' || b[to - 1] != 'Z') {
      return null;
    }
    int year = digits(b, from, from + 4);
    int month = digits(b, from + 5, from + 7);
    int day = digits(b, from + 8, from + 10);
    int hour = digits(b, from + 11, from + 13);
    int minute = digits(b, from + 14, from + 16);
    int second = digits(b, from + 17, from + 19);
    int nanos = 0;
    if (n > 20) {
      if (b[from + 19] != '.') {
        return null;
      }
      int fraction = digits(b, from + 20, to - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = n - 1 - 20; i < 9; i++) {
        nanos *= 10;
      }
    }
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    if (hour > 23 || minute > 59 || second > 59) {
      return null; // let Instant.parse decide (leap seconds, 24:00) and word the error
    }
    try {
      long days = LocalDate.of(year, month, day).toEpochDay();
      return Instant.ofEpochSecond(days * 86_400 + hour * 3600 + minute * 60 + second, nanos);
    } catch (DateTimeException e) {
      return null; // let Instant.parse decide and word the error
    }
  }

  /** The decimal number in {@code b[from, to)}, or -1 when a byte is not an ASCII digit. */
  private static int digits(byte[] b, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      int c = b[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}

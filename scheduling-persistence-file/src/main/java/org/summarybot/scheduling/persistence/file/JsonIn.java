package org.summarybot.scheduling.persistence.file;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.ValidationException;
import org.summarybot.scheduling.model.DurationText;

/**
 * Reads one JSON object field by field; every failure is a {@link BadFileException} naming the field by its path
 * ({@code task.destinations[1].type}). Optional fields may be missing or null.
 */
final class JsonIn {
  private final JsonNode node;
  private final String path;

  JsonIn(JsonNode node, String path) {
    this.node = node;
    this.path = path;
    if (node == null || !node.isObject()) {
      throw new BadFileException(where("") + "is not a JSON object");
    }
  }

  String path() {
    return path;
  }

  boolean has(String field) {
    JsonNode n = node.get(field);
    return n != null && !n.isNull();
  }

  private JsonNode required(String field) {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) {
      throw new BadFileException(where(field) + "is missing");
    }
    return n;
  }

  String where(String field) {
    String p = path.isEmpty() ? field : field.isEmpty() ? path : path + "." + field;
    return p.isEmpty() ? "" : p + ": ";
  }

  String field(String field) {
    return path.isEmpty() ? field : field.isEmpty() ? path : path + "." + field;
  }

  String str(String field) {
    JsonNode n = required(field);
    if (!n.isTextual()) {
      throw new BadFileException(where(field) + n + " is not a string");
    }
    return n.textValue();
  }

  Optional<String> optStr(String field) {
    return has(field) ? Optional.of(str(field)) : Optional.empty();
  }

  long lng(String field) {
    JsonNode n = required(field);
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new BadFileException(where(field) + n + " is not a whole number");
    }
    return n.longValue();
  }

  int integer(String field) {
    JsonNode n = required(field);
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new BadFileException(where(field) + n + " is not a whole number in the int range");
    }
    return n.intValue();
  }

  double dbl(String field) {
    JsonNode n = required(field);
    if (!n.isNumber()) {
      throw new BadFileException(where(field) + n + " is not a number");
    }
    return n.doubleValue();
  }

  boolean bool(String field) {
    JsonNode n = required(field);
    if (!n.isBoolean()) {
      throw new BadFileException(where(field) + n + " is not true or false");
    }
    return n.booleanValue();
  }

  /** A snowflake written as a decimal string (or, leniently, a JSON number). */
  long snowflake(String field) {
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
    throw new BadFileException(where(field) + n + " is not a Discord snowflake");
  }

  List<Long> snowflakes(String field) {
    List<Long> out = new ArrayList<>();
    int i = 0;
    for (JsonNode n : array(field)) {
      out.add(snowflake(n, field + "[" + i++ + "]"));
    }
    return out;
  }

  Instant instant(String field) {
    String s = str(field);
    try {
      return Instant.parse(s);
    } catch (DateTimeException e) {
      throw new BadFileException(where(field) + "'" + s + "' is not an ISO-8601 instant such as 2026-03-02T09:00:00Z");
    }
  }

  Optional<Instant> optInstant(String field) {
    return has(field) ? Optional.of(instant(field)) : Optional.empty();
  }

  Duration duration(String field) {
    String s = str(field);
    try {
      return DurationText.parse(s, field(field));
    } catch (ValidationException e) {
      throw new BadFileException(e.getMessage());
    }
  }

  Optional<Duration> optDuration(String field) {
    return has(field) ? Optional.of(duration(field)) : Optional.empty();
  }

  ZoneId zone(String field) {
    String s = str(field);
    try {
      return ZoneId.of(s);
    } catch (DateTimeException e) {
      throw new BadFileException(where(field) + "'" + s + "' is not a time zone id");
    }
  }

  <E extends Enum<E>> E enumValue(String field, Class<E> type) {
    String s = str(field);
    try {
      return Enum.valueOf(type, s);
    } catch (IllegalArgumentException e) {
      throw new BadFileException(where(field) + "'" + s + "' is not one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  JsonIn obj(String field) {
    return new JsonIn(required(field), field(field));
  }

  Optional<JsonIn> optObj(String field) {
    return has(field) ? Optional.of(obj(field)) : Optional.empty();
  }

  private JsonNode array(String field) {
    JsonNode n = required(field);
    if (!n.isArray()) {
      throw new BadFileException(where(field) + "is not a JSON array");
    }
    return n;
  }

  List<JsonIn> objects(String field) {
    List<JsonIn> out = new ArrayList<>();
    int i = 0;
    for (JsonNode n : array(field)) {
      out.add(new JsonIn(n, field(field) + "[" + i++ + "]"));
    }
    return out;
  }

  List<JsonIn> optObjects(String field) {
    return has(field) ? objects(field) : List.of();
  }
}

package org.summarybot.scheduling.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The field-level checks of an import document, shared by the document, its tasks and its guild settings: which
 * keys an object may and must have and of what kind, and typed reads of its fields (text, enum choices, numbers,
 * durations, instants), each problem reported into the {@link TaskInput} with the field's place.
 */
final class ImportFields {
  /** What a field of the document holds. */
  enum Kind { STRING, INT, NUMBER, BOOL, SNOWFLAKE, OBJECT, LIST }

  /** One known key: its kind and whether its object must have it. */
  record Key(Kind kind, boolean required) {}

  private final TaskInput in;

  ImportFields(TaskInput in) {
    this.in = in;
  }

  /**
   * The known fields of an object whose values have the right kind; every unknown key, missing required key and
   * value of the wrong kind is reported. {@code at}, the place of the object, ends with ": " or ".".
   */
  Map<String, JsonNode> known(JsonNode node, String at, Map<String, Key> known) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      Key k = known.get(e.getKey());
      if (k == null) {
        in.problem(at + FreeText.cut(FreeText.printable(e.getKey()), 40), "unknown key (known keys: "
            + String.join(", ", known.keySet()) + ")");
      } else if (e.getValue().isNull()) {
        if (k.required()) {
          in.problem(at + e.getKey(), "is missing");
        }
      } else if (!kindOk(e.getValue(), k.kind())) {
        in.problem(at + e.getKey(), expected(k.kind()) + ", not " + shown(e.getValue()));
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<String, Key> e : known.entrySet()) {
      if (e.getValue().required() && !node.has(e.getKey())) {
        in.problem(at + e.getKey(), "is missing");
      }
    }
    return out;
  }

  /** A text field a person writes: free text within {@code max}; null when missing or refused. */
  String text(Map<String, JsonNode> f, String at, String key, int max) {
    JsonNode n = f.get(key);
    return n == null ? null : in.text(at + key, n.textValue(), max);
  }

  /**
   * A text field the scheduler writes (a reason, a summary): it may hold line breaks from an error message, so
   * only its length is checked here; output shows it through {@link FreeText#printable}.
   */
  String stateText(Map<String, JsonNode> f, String at, String key, int max) {
    JsonNode n = f.get(key);
    if (n == null) {
      return null;
    }
    if (n.textValue().length() > max) {
      in.problem(at + key, "is " + n.textValue().length() + " characters long; the limit is " + max);
      return null;
    }
    return n.textValue();
  }

  <E extends Enum<E>> E choice(Map<String, JsonNode> f, String at, String key, Class<E> type) {
    JsonNode n = f.get(key);
    if (n == null) {
      return null;
    }
    for (E c : type.getEnumConstants()) {
      if (c.name().equalsIgnoreCase(n.textValue())) {
        return c; // any case, as the shared form's reader takes it (release 0.1.0's CLI printed some in lower case)
      }
    }
    in.problem(at + key, "'" + FreeText.cut(FreeText.printable(n.textValue()), 40) + "' is not one of "
        + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
    return null;
  }

  Integer integer(Map<String, JsonNode> f, String at, String key, int min, int max) {
    JsonNode n = f.get(key);
    return n == null ? null : in.integer(at + key, n.longValue(), min, max);
  }

  Duration duration(Map<String, JsonNode> f, String at, String key, Limits.Span span) {
    JsonNode n = f.get(key);
    return n == null ? null : in.duration(at + key, n.textValue(), span);
  }

  void instant(Map<String, JsonNode> f, String at, String key) {
    JsonNode n = f.get(key);
    if (n == null || in.text(at + key, n.textValue(), Limits.ID_LENGTH) == null) {
      return;
    }
    try {
      Instant.parse(n.textValue());
    } catch (DateTimeException e) {
      in.problem(at + key, "'" + n.textValue() + "' is not an ISO-8601 instant such as 2025-03-14T09:00:00Z");
    }
  }

  static boolean kindOk(JsonNode n, Kind kind) {
    if (n == null) {
      return false;
    }
    return switch (kind) {
      case STRING -> n.isTextual();
      case INT -> n.isIntegralNumber() && n.canConvertToLong();
      case NUMBER -> n.isNumber();
      case BOOL -> n.isBoolean();
      case SNOWFLAKE -> n.isTextual() || n.isIntegralNumber() && n.canConvertToLong();
      case OBJECT -> n.isObject();
      case LIST -> n.isArray();
    };
  }

  static String expected(Kind kind) {
    return switch (kind) {
      case STRING -> "must be a string";
      case INT -> "must be a whole number";
      case NUMBER -> "must be a number";
      case BOOL -> "must be true or false";
      case SNOWFLAKE -> "must be a Discord snowflake";
      case OBJECT -> "must be an object";
      case LIST -> "must be a list";
    };
  }

  /** A value as an error line shows it: short, printable. */
  static String shown(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "a list";
    }
    return FreeText.cut(FreeText.printable(n.toString()), 40);
  }

  static Map<String, Key> keys(Object... spec) {
    Map<String, Key> m = new LinkedHashMap<>();
    for (int i = 0; i < spec.length; i += 3) {
      m.put((String) spec[i], new Key((Kind) spec[i + 1], (Boolean) spec[i + 2]));
    }
    return Collections.unmodifiableMap(m);
  }
}

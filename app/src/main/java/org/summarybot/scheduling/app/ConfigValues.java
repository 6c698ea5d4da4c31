package org.summarybot.scheduling.app;

import com.fasterxml.jackson.core.JsonToken;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.summarybot.scheduling.model.DurationText;
import org.summarybot.scheduling.model.ValidationException;

/**
 * The values of a config file as {@link ConfigYaml} found them, each with its place, and the problems found so
 * far. The section readers ({@link ConfigStoreKeys}, {@link ConfigDiscordKeys}, ...) take typed values from here;
 * a value of the wrong type or out of bounds is recorded as a problem naming its key, line and column, and the
 * reader gets the default instead, so every problem of the file is found in one pass.
 */
final class ConfigValues {
  /** What a key holds. */
  enum Kind { STRING, INT, BOOL, DURATION, LIST, SECTION, DECIMAL }

  /** One scalar (or list of scalars) read from the file, with where it stood. */
  record Value(JsonToken token, String text, List<Value> items, String at) {}

  /** An environment variable's name: where a secret is named, never given. */
  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  private static final Pattern POSITION = Pattern.compile(" line (\\d+), column (\\d+): ");

  private final Map<String, Value> values = new LinkedHashMap<>();
  private final List<String> errors = new ArrayList<>();

  // ---------------------------------------------------------------- filled by ConfigYaml

  void put(String key, Value v) {
    values.put(key, v);
  }

  /** Records a problem, a whole error line starting with its place. */
  void error(String line) {
    errors.add(line);
  }

  // ---------------------------------------------------------------- read by the sections

  /** Whether the file gives {@code key} (with any value, even a wrong one). */
  boolean has(String key) {
    return values.containsKey(key);
  }

  /** The value at {@code key}, as given; null when the file does not give it. */
  Value get(String key) {
    return values.get(key);
  }

  /** Each given key's place ({@code app.yaml line 3, column 8}), for {@link Config#at}. */
  Map<String, String> places() {
    Map<String, String> where = new HashMap<>();
    values.forEach((k, v) -> where.put(k, v.at()));
    return where;
  }

  /** Records a problem of the value at {@code key}, which the file gives. */
  void bad(String key, String message) {
    errors.add(values.get(key).at() + ": " + key + ": " + message);
  }

  /** The value at {@code key} when given and of {@code kind}; one of another kind is a problem naming it. */
  Optional<Value> scalar(String key, Kind kind) {
    Value v = values.get(key);
    if (v == null) {
      return Optional.empty();
    }
    String expected = switch (kind) {
      case INT -> "an integer";
      case BOOL -> "true or false";
      case DURATION -> "a duration such as 90s, 5m or PT5M";
      case LIST -> "a list";
      case DECIMAL -> "a number such as 0.15";
      default -> "a text value";
    };
    boolean ok = switch (kind) {
      case INT -> v.token() == JsonToken.VALUE_NUMBER_INT;
      case BOOL -> v.token() == JsonToken.VALUE_TRUE || v.token() == JsonToken.VALUE_FALSE;
      case LIST -> v.token() == JsonToken.START_ARRAY;
      case DECIMAL -> v.token() == JsonToken.VALUE_NUMBER_INT || v.token() == JsonToken.VALUE_NUMBER_FLOAT;
      default -> v.token() == JsonToken.VALUE_STRING;
    };
    if (!ok) {
      String shown = v.token() == JsonToken.VALUE_NULL ? "nothing"
          : v.token() == JsonToken.START_ARRAY ? "a list" : v.token() == JsonToken.START_OBJECT ? "a mapping" : "'" + v.text() + "'";
      errors.add(v.at() + ": " + key + ": must be " + expected + ", not " + shown);
      return Optional.empty();
    }
    return Optional.of(v);
  }

  /** The text at {@code key}, stripped, when given as text. */
  Optional<String> text(String key) {
    return scalar(key, Kind.STRING).map(Value::text).map(String::strip);
  }

  /** The text at {@code key}, stripped, or {@code dflt}. */
  String string(String key, String dflt) {
    return text(key).orElse(dflt);
  }

  /** The boolean at {@code key}, or {@code dflt}. */
  boolean bool(String key, boolean dflt) {
    return scalar(key, Kind.BOOL).map(v -> v.token() == JsonToken.VALUE_TRUE).orElse(dflt);
  }

  /** The integer at {@code key} when given and within 1-{@code max}; a value outside is an error naming it. */
  Optional<Integer> count(String key, int max) {
    Optional<Value> v = scalar(key, Kind.INT);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    int n;
    try {
      n = Integer.parseInt(v.get().text());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > max) {
      bad(key, v.get().text() + " is outside 1-" + max);
      return Optional.empty();
    }
    return Optional.of(n);
  }

  /** The duration at {@code key} within {@code span}, or {@code dflt} when it is missing or wrong (reported). */
  Duration duration(String key, Duration dflt, Limits.Span span) {
    return scalar(key, Kind.DURATION).flatMap(v -> {
      try {
        Duration d = DurationText.parse(v.text(), key);
        String problem = span.problem(d);
        if (problem != null) {
          bad(key, problem);
          return Optional.empty();
        }
        return Optional.of(d);
      } catch (ValidationException e) {
        bad(key, e.problems().get(0).message());
        return Optional.empty();
      }
    }).orElse(dflt);
  }

  /**
   * An absolute {@code plain} or {@code secure} URL with a host at {@code key}; no credentials (the file is no place
   * for secrets), query or fragment. The adapter adds the path Discord's API needs.
   */
  Optional<URI> url(String key, String plain, String secure, String example) {
    Optional<String> text = text(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    URI u;
    try {
      u = new URI(text.get());
    } catch (java.net.URISyntaxException e) {
      bad(key, "'" + text.get() + "' is not a URL: " + e.getReason());
      return Optional.empty();
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
    String problem = !scheme.equals(plain) && !scheme.equals(secure) ? "does not start with " + plain + ":// or " + secure + "://"
        : u.getHost() == null || u.getHost().isEmpty() ? "has no host"
        : u.getRawUserInfo() != null ? "must not hold credentials"
        : u.getRawQuery() != null || u.getRawFragment() != null ? "must not have a query or fragment" : null;
    if (problem != null) {
      String shown = u.getRawUserInfo() == null ? text.get() : text.get().replace(u.getRawUserInfo() + "@", "***@");
      bad(key, "'" + shown + "' " + problem + " (such as " + example + ")");
      return Optional.empty();
    }
    return Optional.of(u);
  }

  /** A number at {@code key}, at least 0 and with at most six decimals (millionths are what costs count in). */
  Optional<BigDecimal> decimal(String key) {
    Optional<Value> v = scalar(key, Kind.DECIMAL);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal n = new BigDecimal(v.get().text());
    if (n.signum() < 0) {
      bad(key, v.get().text() + " is negative");
      return Optional.empty();
    }
    if (n.stripTrailingZeros().scale() > 6 || n.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
      bad(key, v.get().text() + " must have at most six decimals and be at most 1000000");
      return Optional.empty();
    }
    return Optional.of(n);
  }

  /** A list of snowflakes (numbers or strings of digits) at {@code key}; each bad item is an error naming it. */
  List<Long> snowflakes(String key, String what) {
    List<Long> out = new ArrayList<>();
    Optional<Value> list = scalar(key, Kind.LIST);
    if (list.isEmpty()) {
      return out;
    }
    List<Value> items = list.get().items();
    for (int i = 0; i < items.size(); i++) {
      Value it = items.get(i);
      String text = it.token() == JsonToken.VALUE_NULL ? "" : it.text().strip();
      long id = 0;
      try {
        id = text.matches("[0-9]{1,20}") ? Long.parseUnsignedLong(text) : 0;
      } catch (NumberFormatException tooLarge) {
        id = 0;
      }
      if (!it.token().isScalarValue() || id == 0) {
        errors.add(it.at() + ": " + key + "[" + i + "]: '" + text + "' is not " + what + " (a number such as"
            + " 123456789012345678)");
      } else {
        out.add(id);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- the end

  /**
   * @throws UsageException listing every problem recorded, in the order of their places in the file
   */
  void throwIfAny() {
    if (!errors.isEmpty()) {
      List<String> sorted = new ArrayList<>(errors);
      sorted.sort(Comparator.comparingLong(ConfigValues::position));
      throw new UsageException(sorted);
    }
  }

  /** Line and column of an error line, for listing errors in file order. */
  private static long position(String error) {
    Matcher m = POSITION.matcher(error);
    return m.find() ? Long.parseLong(m.group(1)) * 100_000 + Long.parseLong(m.group(2)) : Long.MAX_VALUE;
  }
}

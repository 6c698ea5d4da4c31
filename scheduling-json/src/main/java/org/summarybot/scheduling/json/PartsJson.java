package org.summarybot.scheduling.json;

import static org.summarybot.scheduling.json.TaskJson.MAPPER;
import static org.summarybot.scheduling.json.TaskJson.object;
import static org.summarybot.scheduling.json.TaskJson.validated;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.DeliveryStatus;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.SummaryUsage;
import org.summarybot.scheduling.model.TimeWindow;

/**
 * The parts of {@link TaskJson}'s task and record forms that are also stored on their own (a SQL store keeps each
 * in a text column): a task's destinations, a record's delivery results, a pending run's summary, and the small
 * objects they share (a usage, a window). Each is written and read here, once, for the task form, the record form
 * ({@link RecordJson}) and the one-line text forms ({@code TaskJson.destinationsJson} and the rest).
 */
final class PartsJson {
  private static final ObjectReader WHOLE =
      MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private PartsJson() {}

  // ---------------------------------------------------------------- destinations

  static ArrayNode destinations(List<Destination> ds) {
    ArrayNode arr = MAPPER.createArrayNode();
    for (Destination d : ds) {
      ObjectNode dn = arr.addObject();
      dn.put("type", d.type().name());
      dn.put("target", d.target());
      dn.put("format", d.format().name());
      dn.put("enabled", d.enabled());
      d.secretRef().ifPresent(s -> dn.put("secretRef", s));
      d.disabledReason().ifPresent(s -> dn.put("disabledReason", s));
    }
    return arr;
  }

  static List<Destination> readDestinations(List<JsonIn> items) {
    List<Destination> ds = new ArrayList<>();
    for (JsonIn d : items) {
      ds.add(validated(d, "", () -> new Destination(d.enumValue("type", DestinationType.class), d.str("target"),
          d.enumValue("format", DeliveryFormat.class), d.bool("enabled"), d.optStr("secretRef"),
          d.optStr("disabledReason"))));
    }
    return ds;
  }

  // ---------------------------------------------------------------- delivery results

  static ArrayNode deliveries(List<DeliveryResult> rs) {
    ArrayNode arr = MAPPER.createArrayNode();
    for (DeliveryResult d : rs) {
      ObjectNode dn = arr.addObject();
      dn.put("destination", d.destination());
      dn.put("status", d.status().name());
      d.error().ifPresent(e -> dn.put("error", e));
    }
    return arr;
  }

  static List<DeliveryResult> readDeliveries(List<JsonIn> items) {
    List<DeliveryResult> ds = new ArrayList<>();
    for (JsonIn d : items) {
      ds.add(validated(d, "", () -> new DeliveryResult(d.str("destination"),
          d.enumValue("status", DeliveryStatus.class), d.optStr("error"))));
    }
    return ds;
  }

  // ---------------------------------------------------------------- a pending run's summary and a usage

  /** A summary without its window: the window is its pending run's. */
  static ObjectNode summary(Summary sum) {
    ObjectNode sn = object();
    sn.put("title", sum.title());
    sn.put("markdown", sum.markdown());
    sum.participants().forEach(sn.putArray("participants")::add);
    sn.put("messageCount", sum.messageCount());
    sum.usage().ifPresent(u -> sn.set("usage", usage(u)));
    return sn;
  }

  static Summary summary(JsonIn sn, TimeWindow w) {
    return validated(sn, "", () -> new Summary(sn.str("title"), sn.str("markdown"), sn.strings("participants"),
        sn.integer("messageCount"), w, sn.optObj("usage").map(PartsJson::usage)));
  }

  /** A summary's usage: {@code inputTokens}, {@code outputTokens}, {@code requests}, {@code costMicros} when priced. */
  static ObjectNode usage(SummaryUsage u) {
    ObjectNode o = object();
    o.put("inputTokens", u.inputTokens());
    o.put("outputTokens", u.outputTokens());
    o.put("requests", u.requests());
    u.costMicros().ifPresent(c -> o.put("costMicros", c));
    return o;
  }

  static SummaryUsage usage(JsonIn u) {
    return validated(u, "", () -> new SummaryUsage(u.lng("inputTokens"), u.lng("outputTokens"), u.integer("requests"),
        u.has("costMicros") ? Optional.of(u.lng("costMicros")) : Optional.empty()));
  }

  // ---------------------------------------------------------------- a window

  static ObjectNode window(TimeWindow w) {
    ObjectNode o = object();
    o.put("from", w.from().toString());
    o.put("to", w.to().toString());
    return o;
  }

  static TimeWindow window(JsonIn in) {
    return validated(in, "", () -> TimeWindow.of(in.instant("from"), in.instant("to")));
  }

  // ---------------------------------------------------------------- one line of text each

  static String compact(JsonNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON value that is the whole of {@code text}: nothing may follow it. */
  static JsonNode whole(String text) {
    try {
      JsonNode n = WHOLE.readTree(text);
      if (n == null || n.isMissingNode()) {
        throw new BadJsonException("the text is empty");
      }
      return n;
    } catch (IOException e) {
      throw new BadJsonException("the text is not valid JSON: " + TaskJson.firstLine(e.getMessage()), e);
    }
  }

  /** The objects of the array that is the whole of {@code text}. */
  static List<JsonIn> items(String text) {
    JsonNode n = whole(text);
    if (!n.isArray()) {
      throw new BadJsonException("the text is not a JSON array");
    }
    List<JsonIn> out = new ArrayList<>();
    int i = 0;
    for (JsonNode item : n) {
      out.add(new JsonIn(item, "[" + i++ + "]"));
    }
    return out;
  }
}

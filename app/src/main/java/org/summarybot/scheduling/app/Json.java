package org.summarybot.scheduling.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.summarybot.scheduling.json.TaskJson;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskStats;

/**
 * The JSON shapes the CLI prints with {@code --json}: tasks and history entries, in the shared form of
 * {@code scheduling-json} ({@link TaskJson}: ids and snowflakes are strings, instants ISO-8601 UTC, durations the
 * short form such as {@code 90s}, enums their names), with what an operator needs on top: each destination as
 * the user writes it ({@code destination}), a task's success rate and average duration. Secrets never appear:
 * destinations carry only the name of their secret, and webhook URLs lose their path and query here (only
 * {@code tasks export} carries whole URLs).
 */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** A task: its shared form, destinations as shown (see {@link #destination}), stats with derived figures. */
  static ObjectNode task(ScheduledTask t) {
    ObjectNode o = TaskJson.task(t, true);
    ArrayNode ds = o.putArray("destinations");
    t.destinations().forEach(d -> ds.add(destination(d)));
    addDerived((ObjectNode) o.get("stats"), t.stats());
    return o;
  }

  /**
   * A destination in the shared form plus {@code destination}, as the user writes it ({@code discord:ID}); a
   * webhook's {@code target} loses its path and query (which often hold its token).
   */
  static ObjectNode destination(Destination d) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("destination", d.describe());
    o.put("type", d.type().name());
    o.put("target", d.type() == DestinationType.WEBHOOK ? Destination.redactUrl(d.target()) : d.target());
    o.put("format", d.format().name());
    o.put("enabled", d.enabled());
    d.secretRef().ifPresent(s -> o.put("secretRef", s));
    d.disabledReason().ifPresent(s -> o.put("disabledReason", s));
    return o;
  }

  /** The success rate and the average duration, derived from the stats. */
  private static void addDerived(ObjectNode o, TaskStats s) {
    s.successRate().ifPresent(r -> o.put("successRate", r));
    s.averageDuration().ifPresent(d -> o.put("averageDuration", d.toMillis() + "ms"));
  }

  /** An execution record in the shared form; destinations and errors of old records as they are shown now. */
  static ObjectNode record(ExecutionRecord r) {
    ObjectNode o = TaskJson.record(r);
    for (JsonNode d : o.get("deliveries")) {
      ObjectNode dn = (ObjectNode) d;
      dn.put("destination", DestinationText.shown(dn.get("destination").textValue()));
      if (dn.has("error")) {
        dn.put("error", DestinationText.shown(dn.get("error").textValue()));
      }
    }
    r.errorMessage().ifPresent(m -> o.put("errorMessage", DestinationText.shown(m)));
    return o;
  }

  static ArrayNode array(List<ObjectNode> nodes) {
    ArrayNode a = MAPPER.createArrayNode();
    nodes.forEach(a::add);
    return a;
  }

}

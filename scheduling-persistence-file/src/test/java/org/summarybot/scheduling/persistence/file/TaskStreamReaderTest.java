package org.summarybot.scheduling.persistence.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.testkit.TaskFixtures.dueTask;
import static org.summarybot.scheduling.testkit.TaskFixtures.record;
import static org.summarybot.scheduling.testkit.TaskFixtures.richTask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.json.JsonIn;
import org.summarybot.scheduling.json.TaskJson;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.port.Claim;

/**
 * The streaming reader of task files ({@link TaskFiles#fast}, on {@code scheduling-json}'s {@code
 * TaskStreamReader}) against the tree reader it stands in for: it gives the same content on every file it takes,
 * and it takes no file the tree reader rejects (those it leaves to the tree reader, which quarantines them with
 * its reason).
 */
class TaskStreamReaderTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @TempDir
  Path dir;

  /** The content of a task file. */
  record Decoded(ScheduledTask task, long leaseEpoch, List<ExecutionRecord> recent) {
    static Decoded of(TaskEntry e) {
      return e == null ? null : new Decoded(e.task, e.epoch, e.recent);
    }
  }

  private static ScheduledTask fastRichTask() {
    return richTask("rich", T0).toBuilder().version(7).build();
  }

  private static Decoded fast(byte[] bytes) {
    return Decoded.of(TaskFiles.fast(bytes, bytes.length));
  }

  /** A task file with every optional field set and three recent records of all kinds. */
  private static ObjectNode richFile() {
    ScheduledTask task = fastRichTask();
    List<ExecutionRecord> recent = List.of(
        record(task, T0.plusSeconds(3600), T0.plusSeconds(3700), ExecutionOutcome.FAILED),
        record(task, T0.plusSeconds(7200), T0.plusSeconds(7300), ExecutionOutcome.SUCCEEDED),
        ExecutionRecord.missed(task.id(), task.guildId(), T0.plusSeconds(10_800), T0.plusSeconds(18_000), 3,
            T0.plusSeconds(18_100), "scheduler down"));
    return TaskFiles.json(task, 3, recent);
  }

  /** The tree reader's result, or null when it rejects the bytes (with any exception). */
  private static Decoded tree(byte[] bytes) {
    try {
      JsonIn in = JsonIn.parse(bytes, "the file");
      if (in.integer("schema") != FileTaskStore.SCHEMA) {
        return null;
      }
      return Decoded.of(TaskFiles.read(in));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The fast path takes {@code bytes} only when the tree reader takes them, and then gives the same content. */
  private static boolean assertAgrees(byte[] bytes) {
    Decoded fast = fast(bytes);
    if (fast != null) {
      assertThat(tree(bytes)).as("the tree reader's result for %s", new String(bytes, UTF_8)).isEqualTo(fast);
    }
    return fast != null;
  }

  @Test
  void every_field_of_a_rich_task_and_its_recent_records_round_trips() {
    ObjectNode file = richFile();
    byte[] bytes = TaskJson.pretty(file);

    Decoded fast = fast(bytes);

    assertThat(fast).isNotNull();
    assertThat(fast.task()).isEqualTo(fastRichTask());
    assertThat(fast.leaseEpoch()).isEqualTo(3);
    assertThat(fast.recent()).hasSize(3);
    assertThat(fast).isEqualTo(tree(bytes));
  }

  @Test
  void a_pending_run_with_a_stored_summary_is_read_too() {
    ScheduledTask task = richTask("rich", T0).toBuilder().version(7).build();
    assertThat(task.pending().orElseThrow().summary()).isPresent();
    byte[] bytes = TaskJson.pretty(TaskFiles.json(task, 3, List.of()));

    assertThat(fast(bytes)).isEqualTo(new Decoded(task, 3, List.of())).isEqualTo(tree(bytes));
  }

  @Test
  void a_plain_task_without_optional_fields_round_trips() {
    ScheduledTask task = dueTask("plain", T0, T0).toBuilder().version(1).build();
    byte[] bytes = TaskJson.pretty(TaskFiles.json(task, 0, List.of()));

    assertThat(fast(bytes)).isEqualTo(new Decoded(task, 0, List.of()));
  }

  @Test
  void compact_reordered_escaped_and_extended_files_read_the_same_as_with_the_tree_reader() {
    ObjectNode file = richFile();
    ObjectNode reordered = reversed(file);
    ObjectNode extended = file.deepCopy();
    extended.put("comment", "written by hand");
    ((ObjectNode) extended.get("task")).putObject("future").putArray("list").add(1).add("two").addObject();
    ((ObjectNode) extended.get("task").get("destinations").get(0)).put("note", 1.5e3);
    String escaped = new String(TaskJson.line(file), UTF_8)
        .replace("\"rich\"", "\"r\\u0069ch\"")
        .replace("Weekday digest", "Weekday\\tdigest \\\"x\\\" \\/ \\u00fc")
        .replace("\"schema\":2", "\"schema\" :\r\n 2");

    for (byte[] bytes : List.of(TaskJson.line(file), TaskJson.pretty(reordered), TaskJson.pretty(extended),
        escaped.getBytes(UTF_8))) {
      assertThat(assertAgrees(bytes)).as(new String(bytes, UTF_8)).isTrue();
    }
    assertThat(fast(escaped.getBytes(UTF_8)).task().name())
        .startsWith("Weekday\tdigest \"x\" / \u00fc");
  }

  @Test
  void a_field_given_twice_counts_with_its_last_value_as_in_the_tree_reader() {
    String text = new String(TaskJson.pretty(richFile()), UTF_8);
    String twice = text.replaceFirst("\"task\" : \\{", "\"task\" : { \"name\" : \"first\", \"options\" : { \"length\" : \"BRIEF\", "
        + "\"includeBots\" : false, \"minMessages\" : 1, \"maxMessages\" : 5, \"maxLookback\" : \"1d\" },");

    assertThat(assertAgrees(twice.getBytes(UTF_8))).isTrue();
    assertThat(fast(twice.getBytes(UTF_8)).task().name()).startsWith("Weekday digest");
  }

  @Test
  void no_damaged_value_anywhere_in_the_file_is_taken_unless_the_tree_reader_takes_it() {
    List<JsonNode> replacements = List.of(JsonNodeFactory.instance.nullNode(), text("x"), text(""), text(" 7 "),
        number(1.5), number(-1), number(0), number(2_147_483_648L), JsonNodeFactory.instance.numberNode(
            new java.math.BigInteger("99999999999999999999")), JsonNodeFactory.instance.booleanNode(true),
        JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.arrayNode(),
        text("2026-13-01T00:00:00Z"), text("2026-03-02T09:00:00+01:00"), text("5m"), text("-5m"),
        text("Mars/Olympus"), text("NOT_AN_ENUM"), text("1" + "0".repeat(30)));
    ObjectNode file = richFile();
    List<byte[]> variants = new ArrayList<>();
    forEachPlace(file, place -> {
      variants.add(TaskJson.pretty(place.without()));
      for (JsonNode r : replacements) {
        variants.add(TaskJson.pretty(place.with(r)));
      }
    });

    int taken = 0;
    for (byte[] v : variants) {
      taken += assertAgrees(v) ? 1 : 0;
    }

    assertThat(variants).hasSizeGreaterThan(2_000);
    assertThat(taken).as("variants the fast path took (harmless ones: optional fields removed, ...)")
        .isPositive().isLessThan(variants.size());
  }

  @Test
  void no_truncated_or_byte_damaged_file_is_taken_unless_the_tree_reader_takes_it() {
    byte[] good = TaskJson.pretty(richFile());
    int lastBrace = new String(good, UTF_8).lastIndexOf('}');
    for (int n = 0; n <= lastBrace; n++) {
      assertThat(fast(Arrays.copyOf(good, n))).as("cut at %d", n).isNull();
    }
    byte[] damage = {'x', '"', '\\', '{', '}', ',', ':', '0', '-', 0, '\n', (byte) 0xC3, (byte) 0xFF};
    for (int i = 0; i < good.length; i++) {
      for (byte d : damage) {
        byte[] v = good.clone();
        v[i] = d;
        assertAgrees(v);
      }
    }
    for (String tail : List.of(" x", "{}", ",", "\u0000", " \n ")) {
      byte[] v = (new String(good, UTF_8) + tail).getBytes(UTF_8);
      assertAgrees(v);
    }
  }

  @Test
  void other_schemas_and_non_objects_are_left_to_the_tree_reader() {
    ObjectNode file = richFile();
    assertThat(fast(TaskJson.pretty(file.deepCopy().put("schema", 1)))).isNull();
    assertThat(fast(TaskJson.pretty(file.deepCopy().put("schema", 3)))).isNull();
    assertThat(fast("[]".getBytes(UTF_8))).isNull();
    assertThat(fast(new byte[0])).isNull();
    assertAgrees(("\uFEFF" + new String(TaskJson.pretty(file), UTF_8)).getBytes(UTF_8));
  }

  @Test
  void a_store_opens_hand_written_task_files_and_still_quarantines_a_damaged_one() throws IOException {
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      s.create(dueTask("kept", T0, T0));
      s.create(dueTask("broken", T0, T0));
    }
    ObjectNode hand = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readAllBytes(dir.resolve("tasks/kept.json")));
    ((ObjectNode) hand.get("task")).put("name", "hand\u00e9dited").put("extra", true);
    Files.write(dir.resolve("tasks/kept.json"), TaskJson.line(reversed(hand)));
    String broken = Files.readString(dir.resolve("tasks/broken.json"));
    Files.writeString(dir.resolve("tasks/broken.json"), broken.replace("\"catchUpLimit\" : 10", "\"catchUpLimit\" : 0"));

    try (FileTaskStore s = FileTaskStore.open(dir)) {
      assertThat(s.get(TaskId.of("kept"))).get().extracting(ScheduledTask::name).isEqualTo("hand\u00e9dited");
      assertThat(s.get(TaskId.of("broken"))).isEmpty();
      assertThat(s.health().warnings()).singleElement().asString()
          .contains("quarantine/broken.json").contains("catchUpLimit");
    }
  }

  @Test
  void reopening_keeps_the_due_order_by_time_then_id() {
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      for (String id : List.of("m", "c", "x", "a", "k")) {
        Instant due = id.equals("x") || id.equals("a") ? T0 : T0.plus(Duration.ofMinutes(id.charAt(0)));
        s.create(dueTask(id, T0, due));
      }
    }
    try (FileTaskStore s = FileTaskStore.open(dir)) {
      assertThat(s.nextDueAt(T0)).contains(T0);
      List<Claim> claims = s.claimDue(T0.plus(Duration.ofDays(1)), 10, "n", Duration.ofMinutes(1));
      assertThat(claims).extracting(c -> c.task().id().value()).containsExactly("a", "x", "c", "k", "m");
    }
  }

  // ---------------------------------------------------------------- variants of a file

  private interface Place {
    JsonNode without();

    JsonNode with(JsonNode value);
  }

  /** Calls {@code each} for every field and array element of {@code root}, at any depth. */
  private static void forEachPlace(ObjectNode root, Consumer<Place> each) {
    walk(root, root, new ArrayList<>(), each);
  }

  private static void walk(ObjectNode root, JsonNode node, List<Object> path, Consumer<Place> each) {
    List<Object> keys = new ArrayList<>();
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(keys::add);
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        keys.add(i);
      }
    }
    for (Object k : keys) {
      List<Object> at = new ArrayList<>(path);
      at.add(k);
      each.accept(new Place() {
        @Override
        public JsonNode without() {
          ObjectNode copy = root.deepCopy();
          JsonNode parent = at(copy, at.subList(0, at.size() - 1));
          if (parent instanceof ObjectNode o) {
            o.remove((String) k);
          } else {
            ((ArrayNode) parent).remove((int) k);
          }
          return copy;
        }

        @Override
        public JsonNode with(JsonNode value) {
          ObjectNode copy = root.deepCopy();
          JsonNode parent = at(copy, at.subList(0, at.size() - 1));
          if (parent instanceof ObjectNode o) {
            o.set((String) k, value);
          } else {
            ((ArrayNode) parent).set((int) k, value);
          }
          return copy;
        }
      });
      JsonNode child = node.isObject() ? node.get((String) k) : node.get((int) k);
      walk(root, child, at, each);
    }
  }

  private static JsonNode at(JsonNode root, List<Object> path) {
    JsonNode n = root;
    for (Object k : path) {
      n = k instanceof String s ? n.get(s) : n.get((int) k);
    }
    return n;
  }

  /** A copy with every object's fields in reverse order. */
  private static ObjectNode reversed(ObjectNode node) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      fields.add(it.next());
    }
    for (int i = fields.size() - 1; i >= 0; i--) {
      JsonNode v = fields.get(i).getValue();
      out.set(fields.get(i).getKey(), v.isObject() ? reversed((ObjectNode) v) : v.deepCopy());
    }
    return out;
  }

  private static JsonNode text(String s) {
    return JsonNodeFactory.instance.textNode(s);
  }

  private static JsonNode number(double d) {
    return JsonNodeFactory.instance.numberNode(d);
  }

  private static JsonNode number(long l) {
    return JsonNodeFactory.instance.numberNode(l);
  }
}

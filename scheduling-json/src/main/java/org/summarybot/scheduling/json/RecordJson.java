package org.summarybot.scheduling.json;

import static org.summarybot.scheduling.json.TaskJson.validated;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.CleanupCounts;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.ExecutionOutcome;
import org.summarybot.scheduling.model.ExecutionRecord;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TimeWindow;

/**
 * The JSON form of an execution record (a line of a task's history), written and read for
 * {@link TaskJson#record(ExecutionRecord)} and {@link TaskJson#record(JsonIn)}; its delivery results, window and
 * usage are {@link PartsJson}'s. The module README lists the fields.
 */
final class RecordJson {
  private RecordJson() {}

  static ObjectNode write(ExecutionRecord r) {
    ObjectNode o = TaskJson.object();
    o.put("id", r.id().value());
    o.put("task", r.taskId().value());
    o.put("guild", r.guildId().toString());
    o.put("scheduledFor", r.scheduledFor().toString());
    o.put("startedAt", r.startedAt().toString());
    o.put("finishedAt", r.finishedAt().toString());
    o.put("attempts", r.attempts());
    o.put("outcome", r.outcome().name());
    r.window().ifPresent(w -> o.set("window", PartsJson.window(w)));
    o.put("messageCount", r.messageCount());
    o.set("deliveries", PartsJson.deliveries(r.deliveries()));
    r.errorClass().ifPresent(s -> o.put("errorClass", s));
    r.errorMessage().ifPresent(s -> o.put("errorMessage", s));
    o.put("missedCount", r.missedCount());
    r.missedThrough().ifPresent(i -> o.put("missedThrough", i.toString()));
    r.usage().ifPresent(u -> o.set("usage", PartsJson.usage(u)));
    if (r.excused()) {
      o.put("excused", true);
    }
    // A cleanup's counts; absent on every other record.
    r.removed().ifPresent(c -> o.putObject("removed").put("history", c.history()).put("deliveries", c.deliveries())
        .put("files", c.files()));
    return o;
  }

  static ExecutionRecord read(JsonIn in) {
    List<DeliveryResult> ds = PartsJson.readDeliveries(in.objects("deliveries"));
    Optional<TimeWindow> w = in.optObj("window").map(PartsJson::window);
    Optional<CleanupCounts> removed = in.optObj("removed").map(c -> validated(c, "", () -> new CleanupCounts(
        c.integer("history"), c.integer("deliveries"), c.integer("files"))));
    return validated(in, "", () -> new ExecutionRecord(new ExecutionId(in.str("id")), TaskId.of(in.str("task")),
        GuildId.of(in.snowflake("guild")), in.instant("scheduledFor"), in.instant("startedAt"),
        in.instant("finishedAt"), in.integer("attempts"), in.enumValue("outcome", ExecutionOutcome.class), w,
        in.integer("messageCount"), ds, in.optStr("errorClass"), in.optStr("errorMessage"),
        in.integer("missedCount"), in.optInstant("missedThrough"), in.optObj("usage").map(PartsJson::usage),
        in.has("excused") && in.bool("excused"), removed));
  }
}

package org.summarybot.scheduling.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.port.DeliveryRequest;

/** The JSON form of a delivered summary (FILE and CONSOLE destinations with {@code format=json}). */
final class SummaryJson {
  private SummaryJson() {}

  static String render(DeliveryRequest request) {
    Summary s = request.summary();
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("executionId", request.executionId().value());
    root.put("taskId", request.task().id().value());
    root.put("taskName", request.task().name());
    root.put("guild", request.task().guildId().toString());
    root.put("scheduledFor", request.scheduledFor().toString());
    root.putObject("window").put("from", s.window().from().toString()).put("to", s.window().to().toString());
    root.put("title", s.title());
    root.put("messageCount", s.messageCount());
    s.participants().forEach(root.putArray("participants")::add);
    root.put("markdown", s.markdown());
    return Json.write(root);
  }
}

package org.summarybot.scheduling.app;

import java.io.PrintWriter;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryRequest;

/** CONSOLE delivery: prints the summary (Markdown, or one JSON line) to standard output. */
final class ConsoleDelivery implements DeliveryChannel {
  private final PrintWriter out;

  ConsoleDelivery(PrintWriter out) {
    this.out = out;
  }

  @Override
  public DeliveryOutcome deliver(DeliveryRequest request) {
    String text = request.destination().format() == DeliveryFormat.JSON
        ? SummaryJson.render(request)
        : request.summary().markdown().stripTrailing();
    synchronized (out) {
      out.println(text);
      out.println();
      out.flush();
    }
    return DeliveryOutcome.delivered("stdout");
  }

  @Override
  public String toString() {
    return "console delivery";
  }
}

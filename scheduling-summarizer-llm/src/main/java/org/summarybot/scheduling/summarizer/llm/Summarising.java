package org.summarybot.scheduling.summarizer.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.SummaryUsage;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.ExternalServiceException;
import org.summarybot.scheduling.summarizer.llm.Prompts.Purpose;

/**
 * The requests of one summary. A window whose lines fit one request is one request. A longer one is split into
 * parts that each fit the context (its window less the prompt and the output limit), each part summarised to
 * notes, and the notes combined in one more request, or merged in rounds until they fit one. A line longer than
 * a whole part is cut to fit. An answer cut at the output limit is asked once more with a tighter input (its
 * lines in two halves, summarised apart and combined; a single line cut to half); cut again, the attempt fails
 * as transient. Every request is counted before it is sent and never exceeds the context.
 */
final class Summarising {
  private final Endpoint endpoint;
  private final Tokens tokens;
  private final Spending spending;
  private final Prompts prompts;
  private final TimeWindow window;
  private final int context;
  private final int maxOutput;
  private SummaryUsage usage = new SummaryUsage(0, 0, 0, Optional.of(0L));

  Summarising(Endpoint endpoint, Tokens tokens, Spending spending, Prompts prompts, TimeWindow window, int context,
      int maxOutput) {
    this.endpoint = endpoint;
    this.tokens = tokens;
    this.spending = spending;
    this.prompts = prompts;
    this.window = window;
    this.context = context;
    this.maxOutput = maxOutput;
  }

  /** What the requests made so far cost. */
  SummaryUsage usage() {
    return usage;
  }

  /** The model's summary of the message lines. */
  String summarise(List<String> lines) {
    List<List<String>> parts = pack(Purpose.PART, lines, room(Purpose.PART));
    if (parts.size() == 1 && fits(Purpose.WHOLE, parts.get(0))) {
      return ask(Purpose.WHOLE, parts.get(0), true);
    }
    List<String> notes = new ArrayList<>(parts.size());
    for (List<String> part : parts) {
      notes.add(ask(Purpose.PART, part, true));
    }
    return combine(notes);
  }

  /** Notes of consecutive parts combined into the summary: in one request, or merged until they fit one. */
  private String combine(List<String> notes) {
    while (true) {
      List<String> lines = noteLines(notes);
      // A note is cut to half a request's room, so at least two fit each request and every round shrinks.
      List<List<String>> groups = pack(Purpose.MERGE, lines, room(Purpose.MERGE) / 2);
      if (groups.size() == 1 && fits(Purpose.COMBINE, groups.get(0))) {
        return ask(Purpose.COMBINE, groups.get(0), true);
      }
      List<String> merged = new ArrayList<>(groups.size());
      for (List<String> g : groups) {
        merged.add(ask(Purpose.MERGE, g, true));
      }
      notes = merged;
    }
  }

  private List<String> noteLines(List<String> notes) {
    List<String> lines = new ArrayList<>(notes.size());
    for (int i = 0; i < notes.size(); i++) {
      lines.add(prompts.noteLine(i + 1, notes.get(i)));
    }
    return lines;
  }

  /** The tokens a request of {@code purpose} has for its lines. */
  private int room(Purpose purpose) {
    return context - maxOutput - tokens.count(prompts.frame(purpose, window.from(), window.to()));
  }

  private boolean fits(Purpose purpose, List<String> lines) {
    return tokens.count(prompts.request(purpose, window.from(), window.to(), lines)) + maxOutput <= context;
  }

  /**
   * {@code lines} in consecutive groups that each fit a request of {@code purpose}; a line longer than
   * {@code lineCap} tokens is cut to it.
   */
  private List<List<String>> pack(Purpose purpose, List<String> lines, int lineCap) {
    int room = room(purpose);
    List<List<String>> groups = new ArrayList<>();
    List<String> group = new ArrayList<>();
    int used = 0;
    for (String line : lines) {
      // Each line costs its text and the line break that ends it.
      int n = tokens.count(line) + 1;
      if (n > lineCap) {
        line = tokens.cut(line, lineCap - 1);
        n = tokens.count(line) + 1;
      }
      if (!group.isEmpty() && used + n > room) {
        groups.add(group);
        group = new ArrayList<>();
        used = 0;
      }
      group.add(line);
      used += n;
    }
    if (!group.isEmpty() || groups.isEmpty()) {
      groups.add(group);
    }
    // Counting a whole request can differ from the sum of its lines (a tokenizer merges across line ends): a
    // group that does not fit as a request is split until it does.
    List<List<String>> out = new ArrayList<>(groups.size());
    for (List<String> g : groups) {
      split(purpose, g, out);
    }
    return out;
  }

  private void split(Purpose purpose, List<String> g, List<List<String>> out) {
    if (g.size() <= 1 || fits(purpose, g)) {
      out.add(g);
      return;
    }
    split(purpose, g.subList(0, g.size() / 2), out);
    split(purpose, g.subList(g.size() / 2, g.size()), out);
  }

  /** Sends one request; an answer cut at the output limit is asked again once with a tighter input. */
  private String ask(Purpose purpose, List<String> lines, boolean mayTighten) {
    Reply reply = send(prompts.request(purpose, window.from(), window.to(), lines));
    if (!reply.cut()) {
      return reply.text();
    }
    if (!mayTighten) {
      throw ExternalServiceException.transientFailure(endpoint.describe() + ": the answer was cut at "
          + "summarizer.max-output-tokens (" + maxOutput + ") again with a tighter input; raise "
          + "max-output-tokens or ask for a shorter --length", Optional.empty());
    }
    if (lines.size() == 1) {
      String line = lines.get(0);
      return ask(purpose, List.of(tokens.cut(line, tokens.count(line) / 2)), false);
    }
    boolean messages = purpose == Purpose.WHOLE || purpose == Purpose.PART;
    Purpose half = messages ? Purpose.PART : Purpose.MERGE;
    String a = ask(half, lines.subList(0, lines.size() / 2), false);
    String b = ask(half, lines.subList(lines.size() / 2, lines.size()), false);
    Purpose together = purpose == Purpose.WHOLE || purpose == Purpose.COMBINE ? Purpose.COMBINE : Purpose.MERGE;
    return ask(together, noteLines(List.of(a, b)), false);
  }

  private Reply send(List<ChatMessage> request) {
    int input = tokens.count(request);
    if (input + maxOutput > context) {
      throw new IllegalStateException("a planned request of " + input + " tokens does not fit the context");
    }
    Spending.Hold hold = spending.reserve(input, maxOutput);
    Reply reply;
    try {
      reply = endpoint.chat(request);
    } catch (RuntimeException e) {
      spending.release(hold);
      throw e;
    }
    long in = reply.inputTokens().orElse(input);
    long out = reply.outputTokens().orElse(tokens.count(reply.text()));
    usage = usage.plus(spending.settle(hold, in, out));
    return reply;
  }
}

package org.summarybot.scheduling.persistence.jdbi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.summarybot.scheduling.json.BadJsonException;
import org.summarybot.scheduling.json.TaskJson;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.DeliveryStatus;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.model.ValidationException;

/**
 * The text columns of the nested values no query looks into (README, "Text columns"): destinations, delivery
 * results and a pending run's summary are written in the shared JSON form ({@code scheduling-json}'s
 * {@link TaskJson}), the parts a task and a record hold in every store and export. Rows written by release 0.1.0
 * hold the earlier text encoding (one item per line, fields separated by a tab, {@code \\ \t \n \r} escaped
 * with a backslash, an optional field {@code -} when absent and {@code +value} when present), which is read as
 * well, so a database of 0.1.0 opens without a migration and its rows take the JSON form when next written.
 * Channel ids are decimal numbers separated by commas.
 */
final class Encoding {
  private Encoding() {}

  static String channels(List<ChannelId> ids) {
    StringBuilder b = new StringBuilder();
    for (ChannelId id : ids) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(id.value());
    }
    return b.toString();
  }

  static List<ChannelId> channels(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    List<ChannelId> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      out.add(ChannelId.parse(part));
    }
    return out;
  }

  static String destinations(List<Destination> ds) {
    return TaskJson.destinationsJson(ds);
  }

  static List<Destination> destinations(String text) {
    if (text.startsWith("[")) { // JSON; the text of 0.1.0 starts with a type name, or is empty
      return json(() -> TaskJson.destinationsFromJson(text), "destinations");
    }
    List<Destination> out = new ArrayList<>();
    for (List<String> f : parseLines(text, 6, "destinations")) {
      out.add(new Destination(DestinationType.valueOf(f.get(0)), f.get(1), DeliveryFormat.valueOf(f.get(2)),
          f.get(3).equals("1"), optional(f.get(4), "destinations"), optional(f.get(5), "destinations")));
    }
    return out;
  }

  static String deliveries(List<DeliveryResult> rs) {
    return TaskJson.deliveriesJson(rs);
  }

  static List<DeliveryResult> deliveries(String text) {
    if (text.startsWith("[")) { // JSON; the text of 0.1.0 starts with a destination key, or is empty
      return json(() -> TaskJson.deliveriesFromJson(text), "deliveries");
    }
    List<DeliveryResult> out = new ArrayList<>();
    for (List<String> f : parseLines(text, 3, "deliveries")) {
      out.add(new DeliveryResult(f.get(0), DeliveryStatus.valueOf(f.get(1)), optional(f.get(2), "deliveries")));
    }
    return out;
  }

  /** A summary without its window (the pending run's). */
  static String summary(Summary s) {
    return TaskJson.summaryJson(s);
  }

  /**
   * The summary {@link #summary(Summary)} wrote, for {@code window}. The text of 0.1.0 (its title, its message
   * count and its Markdown body, then each participant, one item per line) may start with a brace too, but it is
   * never one whole JSON object: its count follows the first line.
   */
  static Summary summary(String text, TimeWindow window) {
    if (text.startsWith("{")) {
      try {
        return TaskJson.summaryFromJson(text, window);
      } catch (BadJsonException notJson) {
        // the text of 0.1.0, whose title starts with a brace
      }
    }
    List<List<String>> rows = parseLines(text, 1, "pending_summary");
    if (rows.size() < 3) {
      throw corrupt("pending_summary", rows.size() + " lines, not at least 3");
    }
    int count;
    try {
      count = Integer.parseInt(rows.get(1).get(0));
    } catch (NumberFormatException e) {
      throw corrupt("pending_summary", "the message count is not a number");
    }
    List<String> participants = new ArrayList<>(rows.size() - 3);
    for (int i = 3; i < rows.size(); i++) {
      participants.add(rows.get(i).get(0));
    }
    return new Summary(rows.get(0).get(0), rows.get(2).get(0), participants, count, window);
  }

  private static <T> T json(Supplier<T> read, String column) {
    try {
      return read.get();
    } catch (BadJsonException | ValidationException e) {
      throw corrupt(column, e.getMessage());
    }
  }

  private static Optional<String> optional(String field, String column) {
    if (field.equals("-")) {
      return Optional.empty();
    }
    if (field.startsWith("+")) {
      return Optional.of(field.substring(1));
    }
    throw corrupt(column, "an optional field starts with neither '-' nor '+'");
  }

  private static List<List<String>> parseLines(String text, int fields, String column) {
    List<List<String>> out = new ArrayList<>();
    if (text.isEmpty()) {
      return out;
    }
    for (String line : text.split("\n", -1)) {
      List<String> f = new ArrayList<>(fields);
      StringBuilder cur = new StringBuilder();
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '\t') {
          f.add(cur.toString());
          cur.setLength(0);
        } else if (c == '\\') {
          if (++i >= line.length()) {
            throw corrupt(column, "a line ends inside an escape");
          }
          char e = line.charAt(i);
          cur.append(switch (e) {
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case '\\' -> '\\';
            default -> throw corrupt(column, "unknown escape \\" + e);
          });
        } else {
          cur.append(c);
        }
      }
      f.add(cur.toString());
      if (f.size() != fields) {
        throw corrupt(column, "a line has " + f.size() + " fields, not " + fields);
      }
      out.add(f);
    }
    return out;
  }

  private static SchedulingException corrupt(String column, String what) {
    return new SchedulingException("column " + column + " holds text this version cannot read: " + what);
  }
}

package org.summarybot.scheduling.persistence.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.port.DaySpend;

/**
 * The paid summarizers' spend by UTC day, in {@code spend.json}: {@code {"days": {"2026-12-07": {"micros": 870,
 * "closed": true}}}}. Read afresh and replaced whole under the store's lock, so every process sharing the
 * directory charges the same figure. Days older than {@link #KEPT_DAYS} before the one charged are dropped.
 */
final class SpendFile {
  static final int KEPT_DAYS = 31;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Disk disk;

  SpendFile(Path dir, Disk disk) {
    this.file = dir.resolve("spend.json");
    this.disk = disk;
  }

  /** Charges {@code micros} to {@code day} by {@link DaySpend#charge}; call under the store's write lock. */
  DaySpend charge(LocalDate day, long micros, long limit) throws IOException {
    ObjectNode root = read();
    ObjectNode days = root.withObjectProperty("days");
    DaySpend after = day(days, day).charge(micros, limit);
    days.set(day.toString(), JSON.createObjectNode().put("micros", after.micros()).put("closed", after.closed()));
    days.properties().removeIf(e -> LocalDate.parse(e.getKey()).isBefore(day.minusDays(KEPT_DAYS)));
    disk.replace(file, (root.toString() + "\n").getBytes(StandardCharsets.UTF_8));
    return after;
  }

  /** The spend of {@code day}; call under the store's read lock. */
  DaySpend get(LocalDate day) throws IOException {
    return day(read().withObjectProperty("days"), day);
  }

  private DaySpend day(ObjectNode days, LocalDate day) {
    JsonNode d = days.get(day.toString());
    if (d == null) {
      return DaySpend.none(day);
    }
    if (!d.path("micros").canConvertToLong() || d.path("micros").asLong() < 0 || !d.path("closed").isBoolean()) {
      throw damaged("day " + day + " needs micros (a count of at least 0) and closed (true or false)");
    }
    return new DaySpend(day, d.path("micros").asLong(), d.path("closed").asBoolean());
  }

  private ObjectNode read() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return JSON.createObjectNode();
    }
    JsonNode n;
    try {
      n = JSON.readTree(bytes);
    } catch (IOException e) {
      throw damaged("it is not JSON");
    }
    if (n == null || !n.isObject() || n.has("days") && !n.get("days").isObject()) {
      throw damaged("it is not an object with an object of days");
    }
    try {
      n.path("days").fieldNames().forEachRemaining(LocalDate::parse);
    } catch (DateTimeParseException e) {
      throw damaged("a day is not a date (YYYY-MM-DD)");
    }
    return (ObjectNode) n;
  }

  private SchedulingException damaged(String why) {
    return new SchedulingException(file + " is damaged: " + why + "; fix it or remove it (the day's spend then "
        + "starts again at 0)");
  }
}

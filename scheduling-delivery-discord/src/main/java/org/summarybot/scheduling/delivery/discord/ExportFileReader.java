package org.summarybot.scheduling.delivery.discord;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.TimeWindow;

/**
 * Reads one DiscordChatExporter JSON export by streaming it: the header ({@code channel}, {@code dateRange},
 * {@code exportedAt}) and then one message at a time, so a file of any size costs only the messages kept.
 *
 * <p>Only chat is kept ({@link ExportMessageKinds}). The author's name is {@code author.nickname}, which
 * DiscordChatExporter fills with the server nickname or, without one, the global display name (the live
 * source's "effective name"); {@code author.name} (the username) stands in only when {@code nickname} is
 * missing or blank, as in hand-made files. A forwarded message ({@code reference.type} {@code Forward}) is chat
 * with the forwarded text and attachments, and is not a reply.
 *
 * <p>A file whose JSON ends early is being written (DiscordChatExporter writes into the final file as it goes):
 * {@link ExportFile.State#BEING_WRITTEN}, with the channel when the header was already written. Malformed JSON
 * anywhere else is {@link ExportFile.State#BROKEN}, naming the file, line and column.
 */
final class ExportFileReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One read: the file's facts; all chat messages of the wanted channel while there are at most
   * {@code keepAllUpTo} (for the cache; empty when there were more, or the file is another channel's); and those
   * of them inside the window.
   */
  record Result(ExportFile file, Optional<List<Message>> all, List<Message> inWindow) {}

  private ExportFileReader() {}

  static Result read(Path path, ExportFile.Stamp stamp, ChannelId wanted, TimeWindow window, int keepAllUpTo) {
    Header header = new Header();
    List<Message> all = new ArrayList<>();
    List<Message> inWindow = new ArrayList<>();
    boolean keepingAll = true;
    try (JsonParser parser = JSON.createParser(path.toFile())) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return failed(path, stamp, 0, ExportFile.State.BEING_WRITTEN,
            path + ": is empty: DiscordChatExporter is still writing it; will retry");
      }
      if (first != JsonToken.START_OBJECT) {
        return failed(path, stamp, 0, ExportFile.State.BROKEN,
            at(path, parser.currentTokenLocation(), "an export is a JSON object with 'channel' and 'messages'"));
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        JsonLocation where = parser.currentTokenLocation();
        switch (field) {
          case "channel" -> {
            header.channelId = snowflake(parser.readValueAsTree());
            if (header.channelId <= 0) {
              return failed(path, stamp, 0, ExportFile.State.BROKEN,
                  at(path, where, "'channel.id' is missing or not a snowflake"));
            }
          }
          case "dateRange" -> {
            JsonNode range = parser.readValueAsTree();
            try {
              header.after = date(range == null ? null : range.get("after"), "dateRange.after");
              header.before = date(range == null ? null : range.get("before"), "dateRange.before");
            } catch (IllegalArgumentException e) {
              return failed(path, stamp, header.channelId, ExportFile.State.BROKEN, at(path, where, e.getMessage()));
            }
          }
          case "exportedAt" -> {
            try {
              header.exportedAt = date(parser.readValueAsTree(), "exportedAt");
            } catch (IllegalArgumentException e) {
              return failed(path, stamp, header.channelId, ExportFile.State.BROKEN, at(path, where, e.getMessage()));
            }
          }
          case "messages" -> {
            if (value != JsonToken.START_ARRAY) {
              return failed(path, stamp, header.channelId, ExportFile.State.BROKEN,
                  at(path, where, "'messages' is not an array"));
            }
            int i = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
              JsonLocation at = parser.currentTokenLocation();
              JsonNode raw = parser.readValueAsTree();
              Optional<Message> m;
              try {
                m = toMessage(wanted, raw);
              } catch (IllegalArgumentException e) {
                return failed(path, stamp, header.channelId, ExportFile.State.BROKEN,
                    at(path, at, "messages[" + i + "]: " + e.getMessage()));
              }
              i++;
              // the channel comes before the messages in every DiscordChatExporter file; a hand-made file may
              // name it after them, so until it is known the messages are kept and judged at the end
              if (m.isEmpty() || !(header.channelId == wanted.value() || header.channelId == 0)) {
                continue;
              }
              if (window.contains(m.get().timestamp())) {
                inWindow.add(m.get());
              }
              if (keepingAll) {
                all.add(m.get());
                if (all.size() > keepAllUpTo) {
                  keepingAll = false;
                  all = List.of();
                }
              }
            }
          }
          default -> parser.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      if (endsEarly(path, e)) {
        return failed(path, stamp, Math.max(header.channelId, 0), ExportFile.State.BEING_WRITTEN,
            at(path, e.getLocation(), "ends before its JSON is complete: DiscordChatExporter is still writing it;"
                + " will retry"));
      }
      return failed(path, stamp, Math.max(header.channelId, 0), ExportFile.State.BROKEN,
          at(path, e.getLocation(), "malformed JSON: " + e.getOriginalMessage()));
    } catch (IOException e) {
      return failed(path, stamp, Math.max(header.channelId, 0), ExportFile.State.BROKEN,
          path + ": cannot be read: " + e.getMessage());
    }
    if (header.channelId <= 0) {
      return failed(path, stamp, 0, ExportFile.State.BROKEN, path + ": has no 'channel.id'");
    }
    Instant to = header.exportedAt != null ? header.exportedAt : stamp.modified().toInstant();
    String toSource = header.exportedAt != null ? "exportedAt" : "last-modified time (the file has no exportedAt)";
    if (header.before != null && header.before.isBefore(to)) {
      to = header.before;
      toSource = "dateRange.before";
    }
    ExportFile file = new ExportFile(path, stamp, header.channelId, Optional.ofNullable(header.after), to,
        toSource, ExportFile.State.COMPLETE, "");
    if (header.channelId != wanted.value()) {
      return new Result(file, Optional.empty(), List.of());
    }
    return new Result(file, keepingAll ? Optional.of(List.copyOf(all)) : Optional.empty(), List.copyOf(inWindow));
  }

  private static Result failed(Path path, ExportFile.Stamp stamp, long channelId, ExportFile.State state,
      String problem) {
    return new Result(ExportFile.failed(path, stamp, channelId, state, problem), Optional.empty(), List.of());
  }

  /** The message, or empty when it is not chat. */
  private static Optional<Message> toMessage(ChannelId channel, JsonNode m) {
    if (m == null || !m.isObject()) {
      throw new IllegalArgumentException("is not an object");
    }
    String id = required(m, "id");
    String ts = required(m, "timestamp");
    Instant timestamp;
    try {
      timestamp = OffsetDateTime.parse(ts).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'timestamp' '" + ts + "' is not an ISO date-time with an offset");
    }
    String content = text(m.get("content")).orElse("");
    JsonNode forwarded = m.path("forwardedMessage");
    JsonNode reference = m.path("reference");
    boolean forward = forwarded.isObject() || text(reference.get("type")).filter("Forward"::equalsIgnoreCase).isPresent();
    if (forward && content.isBlank()) {
      content = text(forwarded.get("content")).map(t -> ChannelHistorySource.FORWARDED + t).orElse("");
    }
    if (ExportMessageKinds.of(text(m.get("type"))) != ExportMessageKinds.Kind.CHAT) {
      return Optional.empty(); // a notice, or a type newer than the table: not chat, as for the live source
    }
    JsonNode author = m.path("author");
    String authorId = text(author.get("id")).orElse("");
    String authorName = text(author.get("nickname"))
        .or(() -> text(author.get("name")))
        .orElse(authorId.isEmpty() ? "unknown" : authorId);
    boolean bot = author.path("isBot").asBoolean(false);
    int reactions = 0;
    for (JsonNode r : m.path("reactions")) {
      reactions += Math.max(0, r.path("count").asInt(0));
    }
    int attachments = m.path("attachments").size() + forwarded.path("attachments").size();
    Optional<String> replyTo = forward ? Optional.empty() : text(reference.get("messageId"));
    return Optional.of(new Message(id, channel, authorId, authorName, bot, content, timestamp, replyTo, attachments,
        reactions));
  }

  /** A non-blank scalar's text; empty for a missing, null, blank or structured value. */
  private static Optional<String> text(JsonNode n) {
    if (n == null || n.isNull() || !n.isValueNode() || n.asText().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(n.asText());
  }

  private static String required(JsonNode m, String field) {
    return text(m.get(field)).orElseThrow(() -> new IllegalArgumentException("'" + field + "' is missing"));
  }

  private static Instant date(JsonNode n, String field) {
    Optional<String> s = text(n);
    if (s.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s.get().strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + field + "' '" + s.get() + "' is not an ISO date-time with an offset");
    }
  }

  private static long snowflake(JsonNode channel) {
    Optional<String> id = channel == null ? Optional.empty() : text(channel.get("id"));
    try {
      return id.isPresent() ? Long.parseLong(id.get().strip()) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Whether the JSON stops short rather than goes wrong: Jackson's end-of-input error, or a literal
   * ({@code true}, {@code false}, {@code null}) cut off by the end of the file.
   */
  private static boolean endsEarly(Path path, JsonProcessingException e) {
    if (e instanceof JsonEOFException) {
      return true;
    }
    JsonLocation where = e.getLocation();
    if (where == null || where.getByteOffset() < 0) {
      return false;
    }
    try (SeekableByteChannel in = Files.newByteChannel(path)) {
      long rest = in.size() - where.getByteOffset();
      if (rest <= 0 || rest > 4) {
        return false;
      }
      ByteBuffer tail = ByteBuffer.allocate((int) rest);
      in.position(where.getByteOffset());
      while (tail.hasRemaining() && in.read(tail) >= 0) {
        // read the few bytes left
      }
      String cut = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8);
      return !cut.isEmpty() && ("true".startsWith(cut) || "false".startsWith(cut) || "null".startsWith(cut));
    } catch (IOException io) {
      return false;
    }
  }

  private static String at(Path file, JsonLocation where, String what) {
    if (where == null || where.getLineNr() < 0) {
      return file + ": " + what;
    }
    return file + ": line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + what;
  }

  /** The header fields as they are met. */
  private static final class Header {
    long channelId;
    Instant after;
    Instant before;
    Instant exportedAt;
  }
}

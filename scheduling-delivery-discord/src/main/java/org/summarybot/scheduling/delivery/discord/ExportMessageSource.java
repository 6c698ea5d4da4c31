package org.summarybot.scheduling.delivery.discord;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.ExternalServiceException;
import org.summarybot.scheduling.port.MessageBatch;
import org.summarybot.scheduling.port.MessageSource;

/**
 * A {@link MessageSource} over DiscordChatExporter JSON exports: every {@code *.json} file directly inside one
 * directory, matched to a channel by its {@code channel.id}. Several files of one channel are merged (a message
 * id counts once).
 *
 * <p>What it promises: messages whose {@code timestamp} falls in the half-open window, oldest first, at most
 * the cap (the batch says when it was cut), bots' messages only when asked. A file is parsed again when its
 * modification time or size changes. A malformed file is a permanent {@link ExternalServiceException} naming
 * the file, the line and the column, raised only for a channel that no well-formed file holds; a channel no
 * file holds is a permanent failure too, never a quiet channel. Thread-safe.
 */
public final class ExportMessageSource implements MessageSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final Map<Path, Parsed> cache = new ConcurrentHashMap<>();

  private ExportMessageSource(Path directory) {
    this.directory = requireNonNull(directory, "directory");
  }

  /** A source reading the exports in {@code directory}; the directory is read at each fetch, not now. */
  public static ExportMessageSource of(Path directory) {
    return new ExportMessageSource(directory);
  }

  /** The directory this source reads. */
  public Path directory() {
    return directory;
  }

  @Override
  public MessageBatch fetch(ChannelId channel, TimeWindow window, int maxMessages, boolean includeBots) {
    requireNonNull(channel, "channel");
    requireNonNull(window, "window");
    if (maxMessages < 1) {
      throw new IllegalArgumentException("maxMessages must be at least 1: " + maxMessages);
    }
    List<Path> files = listFiles();
    Map<String, Message> byId = new LinkedHashMap<>();
    boolean found = false;
    List<String> broken = new ArrayList<>();
    for (Path file : files) {
      Parsed p = parse(file);
      if (p.error().isPresent()) {
        broken.add(p.error().get());
        continue;
      }
      if (p.channelId() != channel.value()) {
        continue;
      }
      found = true;
      for (Message m : p.messages()) {
        if (window.contains(m.timestamp()) && (includeBots || !m.authorIsBot())) {
          byId.putIfAbsent(m.id(), m);
        }
      }
    }
    if (!found) {
      if (!broken.isEmpty()) {
        throw ExternalServiceException.permanent(String.join("; ", broken));
      }
      throw ExternalServiceException.permanent(
          "no export for channel " + channel + " in " + directory + " (looked at " + files.size() + " .json files)");
    }
    List<Message> sorted = new ArrayList<>(byId.values());
    sorted.sort(Comparator.comparing(Message::timestamp).thenComparing(Message::id));
    boolean truncated = sorted.size() > maxMessages;
    return new MessageBatch(truncated ? sorted.subList(0, maxMessages) : sorted, truncated);
  }

  private List<Path> listFiles() {
    try (Stream<Path> s = Files.list(directory)) {
      return s.filter(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json"))
          .filter(Files::isRegularFile).sorted().toList();
    } catch (NoSuchFileException e) {
      throw ExternalServiceException.permanent("export directory " + directory + " does not exist");
    } catch (IOException e) {
      throw new ExternalServiceException("cannot list export directory " + directory + ": " + e.getMessage(), false,
          Optional.empty(), e);
    }
  }

  private Parsed parse(Path file) {
    FileTime mtime;
    long size;
    try {
      mtime = Files.getLastModifiedTime(file);
      size = Files.size(file);
    } catch (IOException e) {
      return Parsed.broken(file, mtime0(), -1, file + ": cannot be read: " + e.getMessage());
    }
    Parsed cached = cache.get(file);
    if (cached != null && cached.mtime().equals(mtime) && cached.size() == size) {
      return cached;
    }
    Parsed fresh = read(file, mtime, size);
    cache.put(file, fresh);
    return fresh;
  }

  private static FileTime mtime0() {
    return FileTime.fromMillis(0);
  }

  private static Parsed read(Path file, FileTime mtime, long size) {
    try (JsonParser parser = JSON.createParser(file.toFile())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Parsed.broken(file, mtime, size, at(file, parser.currentTokenLocation(),
            "an export is a JSON object with 'channel' and 'messages'"));
      }
      long channelId = -1;
      List<Message> messages = new ArrayList<>();
      List<JsonNode> rawMessages = new ArrayList<>();
      List<JsonLocation> locations = new ArrayList<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("channel")) {
          JsonLocation where = parser.currentTokenLocation();
          JsonNode channel = parser.readValueAsTree();
          channelId = channel == null ? -1 : snowflake(channel.path("id"));
          if (channelId <= 0) {
            return Parsed.broken(file, mtime, size, at(file, where, "'channel.id' is missing or not a snowflake"));
          }
        } else if (field.equals("messages")) {
          if (value != JsonToken.START_ARRAY) {
            return Parsed.broken(file, mtime, size, at(file, parser.currentTokenLocation(), "'messages' is not an array"));
          }
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            locations.add(parser.currentTokenLocation());
            rawMessages.add(parser.readValueAsTree());
          }
        } else {
          parser.skipChildren();
        }
      }
      if (channelId <= 0) {
        return Parsed.broken(file, mtime, size, file + ": has no 'channel.id'");
      }
      ChannelId channel = ChannelId.of(channelId);
      for (int i = 0; i < rawMessages.size(); i++) {
        try {
          messages.add(toMessage(channel, rawMessages.get(i)));
        } catch (IllegalArgumentException e) {
          return Parsed.broken(file, mtime, size, at(file, locations.get(i), "messages[" + i + "]: " + e.getMessage()));
        }
      }
      return new Parsed(mtime, size, channelId, List.copyOf(messages), Optional.empty());
    } catch (JsonProcessingException e) {
      return Parsed.broken(file, mtime, size, at(file, e.getLocation(), "malformed JSON: " + e.getOriginalMessage()));
    } catch (IOException e) {
      return Parsed.broken(file, mtime, size, file + ": cannot be read: " + e.getMessage());
    }
  }

  private static Message toMessage(ChannelId channel, JsonNode m) {
    String id = text(m, "id");
    String ts = text(m, "timestamp");
    Instant timestamp;
    try {
      timestamp = OffsetDateTime.parse(ts).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'timestamp' '" + ts + "' is not an ISO date-time with an offset");
    }
    JsonNode author = m.path("author");
    String authorId = author.path("id").asText("");
    String authorName = author.path("nickname").asText(author.path("name").asText(""));
    if (authorName.isEmpty()) {
      authorName = authorId.isEmpty() ? "unknown" : authorId;
    }
    boolean bot = author.path("isBot").asBoolean(false);
    String content = m.path("content").asText("");
    int reactions = 0;
    for (JsonNode r : m.path("reactions")) {
      reactions += Math.max(0, r.path("count").asInt(0));
    }
    int attachments = m.path("attachments").size();
    Optional<String> replyTo = Optional.of(m.path("reference").path("messageId").asText(""))
        .filter(s -> !s.isEmpty());
    return new Message(id, channel, authorId, authorName, bot, content, timestamp, replyTo, attachments, reactions);
  }

  private static String text(JsonNode m, String field) {
    JsonNode n = m.path(field);
    if (!n.isValueNode() || n.asText().isEmpty()) {
      throw new IllegalArgumentException("'" + field + "' is missing");
    }
    return n.asText();
  }

  private static long snowflake(JsonNode n) {
    try {
      return n.isValueNode() ? Long.parseLong(n.asText().strip()) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String at(Path file, JsonLocation where, String what) {
    if (where == null || where.getLineNr() < 0) {
      return file + ": " + what;
    }
    return file + ": line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + what;
  }

  /** One file as last read: its channel and messages, or why it could not be read. */
  private record Parsed(FileTime mtime, long size, long channelId, List<Message> messages, Optional<String> error) {
    static Parsed broken(Path file, FileTime mtime, long size, String error) {
      return new Parsed(mtime, size, -1, List.of(), Optional.of(error));
    }
  }

  @Override
  public String toString() {
    return "ExportMessageSource[" + directory + "]";
  }
}

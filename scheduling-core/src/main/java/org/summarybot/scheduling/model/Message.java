package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One channel message, as a {@code MessageSource} hands it to a summarizer.
 *
 * @param replyTo the id of the message this one replies to, when it is a reply
 */
public record Message(
    String id,
    ChannelId channelId,
    String authorId,
    String authorName,
    boolean authorIsBot,
    String content,
    Instant timestamp,
    Optional<String> replyTo,
    int attachmentCount,
    int reactionCount) {

  public Message {
    requireNonNull(id, "id");
    requireNonNull(channelId, "channelId");
    requireNonNull(authorId, "authorId");
    requireNonNull(authorName, "authorName");
    requireNonNull(content, "content");
    requireNonNull(timestamp, "timestamp");
    requireNonNull(replyTo, "replyTo");
    if (attachmentCount < 0 || reactionCount < 0) {
      throw new IllegalArgumentException("attachment and reaction counts are never negative");
    }
  }
}

package org.summarybot.scheduling.summarizer.llm;

/** One message of a chat request: {@code system} (our instructions) or {@code user} (the data). */
record ChatMessage(String role, String content) {
  static ChatMessage system(String content) {
    return new ChatMessage("system", content);
  }

  static ChatMessage user(String content) {
    return new ChatMessage("user", content);
  }
}

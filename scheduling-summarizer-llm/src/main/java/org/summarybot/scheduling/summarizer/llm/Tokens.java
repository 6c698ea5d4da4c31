package org.summarybot.scheduling.summarizer.llm;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import java.util.List;
import java.util.Optional;

/**
 * Counts tokens the way a request is planned: with the model family's own tokenizer where a well-kept Java one
 * exists (jtokkit, for OpenAI's encodings), otherwise with an estimate that never counts fewer tokens than a
 * byte-level tokenizer makes of text: at most three ASCII letters, digits or spaces a token, every other ASCII
 * character (punctuation, symbols, line breaks) a token, and every byte of other characters a token of its own. Each chat message adds a fixed overhead for its role and separators.
 */
final class Tokens {
  /** What a chat message costs beyond its text (role, separators), counted generously. */
  static final int PER_MESSAGE = 8;
  /** What a request costs beyond its messages (the reply's priming). */
  static final int PER_REQUEST = 8;

  private final Optional<Encoding> encoding;

  private Tokens(Optional<Encoding> encoding) {
    this.encoding = encoding;
  }

  /** jtokkit's encoding when it knows {@code model} and {@code exact} allows it; the estimate otherwise. */
  static Tokens forModel(String model, boolean exact) {
    if (!exact) {
      return new Tokens(Optional.empty());
    }
    return new Tokens(Encodings.newLazyEncodingRegistry().getEncodingForModel(model));
  }

  /** The estimate, whatever the model. */
  static Tokens estimate() {
    return new Tokens(Optional.empty());
  }

  /** Whether counts come from a tokenizer rather than the estimate. */
  boolean exact() {
    return encoding.isPresent();
  }

  /** The tokens of {@code text}. */
  int count(String text) {
    if (encoding.isPresent()) {
      return encoding.get().countTokens(text);
    }
    return estimate(text);
  }

  /** The tokens of a whole request made of {@code messages}. */
  int count(List<ChatMessage> messages) {
    int n = PER_REQUEST;
    for (ChatMessage m : messages) {
      n += PER_MESSAGE + count(m.content());
    }
    return n;
  }

  /**
   * Each run of ASCII letters, digits and spaces counts a token for every three characters or part of three; every
   * other ASCII character a token; every UTF-8 byte of other characters a token.
   */
  static int estimate(String text) {
    long tokens = 0;
    int run = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || c == ' ')) {
        run++;
        continue;
      }
      tokens += (run + 2) / 3;
      run = 0;
      tokens += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }
    tokens += (run + 2) / 3;
    return (int) Math.min(Integer.MAX_VALUE, tokens);
  }

  /** The longest prefix of {@code text} (whole code points) counted at most {@code max} tokens. */
  String cut(String text, int max) {
    if (count(text) <= max) {
      return text;
    }
    int lo = 0;
    int hi = text.length();
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (count(text.substring(0, mid)) <= max) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int end = lo;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }
}

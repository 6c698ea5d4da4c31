package org.summarybot.scheduling.app;

/**
 * The one check of text a person gives (a task's name, its schedule and zone, a destination, an import
 * document's text fields): within its length, and free of characters that act on a terminal or a log instead of
 * being shown. Refused: C0 controls (U+0000-U+001F: line breaks, tabs, ESC), DEL and C1 controls
 * (U+007F-U+009F), the line and paragraph separators (U+2028, U+2029), the bidi embeddings and overrides
 * (U+202A-U+202E) and isolates (U+2066-U+2069), and unpaired surrogates. Emoji and their joiners are text.
 * Output that may hold text from elsewhere (error messages, older stores) goes through {@link #printable}.
 */
final class FreeText {
  private FreeText() {}

  /** Why {@code text} is refused, or null when it is fine. The message never repeats the text. */
  static String problem(String text, int maxLength) {
    if (text.length() > maxLength) {
      return "is " + text.length() + " characters long; the limit is " + maxLength;
    }
    int position = 1;
    for (int i = 0; i < text.length(); position++) {
      int cp = text.codePointAt(i);
      if (Character.isSurrogate((char) cp) && Character.charCount(cp) == 1) {
        return "holds an unpaired surrogate (U+" + hex(cp) + ") at character " + position;
      }
      if (refused(cp)) {
        return "holds the control character U+" + hex(cp) + " at character " + position
            + "; control characters (line breaks, tabs, escape sequences) and bidi controls are refused";
      }
      i += Character.charCount(cp);
    }
    return null;
  }

  /** Whether a code point is one this class refuses (a control or bidi control). */
  static boolean refused(int cp) {
    return cp < 0x20 || cp >= 0x7F && cp <= 0x9F || cp == 0x2028 || cp == 0x2029
        || cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069;
  }

  /** {@code text} with every refused character and unpaired surrogate replaced by U+FFFD, for output. */
  static String printable(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int n = Character.charCount(cp);
      boolean bad = refused(cp) || n == 1 && Character.isSurrogate((char) cp);
      if (bad && sb == null) {
        sb = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (sb != null) {
        if (bad) {
          sb.append('\uFFFD');
        } else {
          sb.appendCodePoint(cp);
        }
      }
      i += n;
    }
    return sb == null ? text : sb.toString();
  }

  /**
   * {@code text} cut to at most {@code width} code points, the last of them an ellipsis when it was cut. A cut
   * never splits a surrogate pair nor leaves a dangling zero-width joiner.
   */
  static String cut(String text, int width) {
    if (text.codePointCount(0, text.length()) <= width) {
      return text;
    }
    int end = text.offsetByCodePoints(0, Math.max(0, width - 1));
    while (end > 0 && text.charAt(end - 1) == '\u200D') {
      end--;
    }
    return text.substring(0, end) + "…";
  }

  private static String hex(int cp) {
    return String.format("%04X", cp);
  }
}

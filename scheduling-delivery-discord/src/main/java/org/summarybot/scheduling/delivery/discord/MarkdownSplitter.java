package org.summarybot.scheduling.delivery.discord;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits Markdown into pieces of at most {@code max} characters (UTF-16 units, as Discord and JDA count them).
 *
 * <p>Preference order for a cut: between paragraphs, then between lines, then at a space. A code fence is never
 * cut open: a fence too long for one piece is split between its lines and every piece is closed and reopened
 * with the same fence line, so each piece renders as code. A Markdown link ({@code [text](url)}), an autolink
 * ({@code <https://...>}) and inline code are never cut unless one alone is longer than a piece. A surrogate
 * pair is never cut. Pure and thread-safe.
 */
final class MarkdownSplitter {
  private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```+|~~~+).*$");
  /** Spans a cut must not fall into. */
  private static final Pattern PROTECTED = Pattern.compile(
      "\\[[^\\]\\n]*\\]\\([^)\\n]*\\)" // [text](url)
          + "|<https?://[^>\\s]*>" // <https://...>
          + "|`[^`\\n]+`"); // `inline code`

  private MarkdownSplitter() {}

  /** The pieces of {@code text}, in order, none empty or longer than {@code max}; none for blank text. */
  static List<String> split(String text, int max) {
    if (max < 20) {
      throw new IllegalArgumentException("max " + max + " is too small to split Markdown into");
    }
    String normalized = text.replace("\r\n", "\n").replace('\r', '\n').strip();
    List<String> out = new ArrayList<>();
    if (normalized.isEmpty()) {
      return out;
    }
    Packer packer = new Packer(max, out);
    for (List<Unit> paragraph : paragraphs(normalized)) {
      String whole = join(paragraph);
      if (packer.fits(whole, "\n\n")) {
        packer.append(whole, "\n\n");
        continue;
      }
      packer.flush();
      if (whole.length() <= max) {
        packer.append(whole, "");
        continue;
      }
      for (Unit unit : paragraph) {
        String t = unit.text();
        if (packer.fits(t, "\n")) {
          packer.append(t, "\n");
          continue;
        }
        packer.flush();
        if (t.length() <= max) {
          packer.append(t, "");
        } else {
          List<String> pieces = unit.fence() ? splitFence(unit.lines(), max) : splitLine(t, max);
          for (int i = 0; i < pieces.size() - 1; i++) {
            out.add(pieces.get(i));
          }
          packer.append(pieces.get(pieces.size() - 1), "");
        }
      }
    }
    packer.flush();
    return out;
  }

  /** One line, or one whole fenced block (its fence lines included). */
  private record Unit(List<String> lines, boolean fence) {
    String text() {
      return String.join("\n", lines);
    }
  }

  /** Paragraphs are separated by blank lines outside code fences. */
  private static List<List<Unit>> paragraphs(String text) {
    List<List<Unit>> paragraphs = new ArrayList<>();
    List<Unit> current = new ArrayList<>();
    List<String> fence = null;
    String fenceMarker = null;
    for (String line : text.split("\n", -1)) {
      if (fence != null) {
        fence.add(line);
        if (closes(line, fenceMarker)) {
          current.add(new Unit(fence, true));
          fence = null;
        }
        continue;
      }
      Matcher m = FENCE.matcher(line);
      if (m.matches()) {
        fence = new ArrayList<>();
        fence.add(line);
        fenceMarker = m.group(1);
        continue;
      }
      if (line.isBlank()) {
        if (!current.isEmpty()) {
          paragraphs.add(current);
          current = new ArrayList<>();
        }
        continue;
      }
      current.add(new Unit(List.of(line), false));
    }
    if (fence != null) { // unclosed fence: it runs to the end, as Discord renders it
      current.add(new Unit(fence, true));
    }
    if (!current.isEmpty()) {
      paragraphs.add(current);
    }
    return paragraphs;
  }

  private static boolean closes(String line, String marker) {
    String s = line.strip();
    return s.length() >= marker.length() && s.chars().allMatch(c -> c == marker.charAt(0))
        && s.startsWith(marker);
  }

  private static String join(List<Unit> units) {
    StringBuilder b = new StringBuilder();
    for (Unit u : units) {
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append(u.text());
    }
    return b.toString();
  }

  /** A fence too long for one piece: each piece reopens with the fence's first line and is closed. */
  private static List<String> splitFence(List<String> lines, int max) {
    String open = lines.get(0);
    String marker = FENCE.matcher(open).replaceFirst("$1");
    boolean closed = lines.size() > 1 && closes(lines.get(lines.size() - 1), marker);
    List<String> body = lines.subList(1, closed ? lines.size() - 1 : lines.size());
    String close = "\n" + marker;
    int room = max - open.length() - 1 - close.length();
    if (room < 10) { // an absurd fence line: treat the block as plain lines
      List<String> out = new ArrayList<>();
      for (String l : lines) {
        out.addAll(l.length() <= max ? List.of(l) : hardSplit(l, max));
      }
      return pack(out, max);
    }
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : body) {
      List<String> segments = line.length() <= room ? List.of(line) : hardSplit(line, room);
      for (String seg : segments) {
        int added = cur.length() == 0 ? seg.length() : cur.length() + 1 + seg.length();
        if (added > room && cur.length() > 0) {
          out.add(open + "\n" + cur + close);
          cur.setLength(0);
        }
        if (cur.length() > 0) {
          cur.append('\n');
        }
        cur.append(seg);
      }
    }
    if (cur.length() > 0 || out.isEmpty()) {
      out.add(open + "\n" + cur + close);
    }
    return out;
  }

  private static List<String> pack(List<String> lines, int max) {
    List<String> out = new ArrayList<>();
    Packer p = new Packer(max, out);
    for (String l : lines) {
      if (!p.fits(l, "\n")) {
        p.flush();
      }
      p.append(l, p.isEmpty() ? "" : "\n");
    }
    p.flush();
    return out;
  }

  /** A line longer than a piece: cut at spaces outside links and inline code, else before them, else hard. */
  static List<String> splitLine(String line, int max) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = PROTECTED.matcher(line);
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    List<String> out = new ArrayList<>();
    int start = 0;
    while (line.length() - start > max) {
      int limit = start + max; // the piece is line[start, cut)
      int cut = -1;
      for (int i = limit; i > start; i--) {
        if (line.charAt(i) == ' ' && !inside(spans, i)) {
          cut = i;
          break;
        }
      }
      int next;
      if (cut > start) {
        next = cut + 1; // drop the space at the cut
      } else {
        cut = spanStartBefore(spans, start, limit);
        if (cut <= start) {
          cut = safeCut(line, limit);
        }
        next = cut;
      }
      String piece = line.substring(start, cut).stripTrailing();
      if (!piece.isEmpty()) {
        out.add(piece);
      }
      start = next;
      while (start < line.length() && line.charAt(start) == ' ') {
        start++;
      }
    }
    if (start < line.length()) {
      out.add(line.substring(start));
    }
    return out;
  }

  private static boolean inside(List<int[]> spans, int i) {
    for (int[] s : spans) {
      if (i > s[0] && i < s[1]) {
        return true;
      }
    }
    return false;
  }

  /** The start of the last protected span that begins after {@code start} and ends past {@code limit}. */
  private static int spanStartBefore(List<int[]> spans, int start, int limit) {
    for (int[] s : spans) {
      if (s[0] > start && s[0] <= limit && s[1] > limit) {
        return s[0];
      }
    }
    return -1;
  }

  private static List<String> hardSplit(String s, int max) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (s.length() - start > max) {
      int cut = safeCut(s, start + max);
      out.add(s.substring(start, cut));
      start = cut;
    }
    out.add(s.substring(start));
    return out;
  }

  /** {@code at}, or one less when that would cut a surrogate pair. */
  private static int safeCut(String s, int at) {
    return Character.isLowSurrogate(s.charAt(at)) && Character.isHighSurrogate(s.charAt(at - 1)) ? at - 1 : at;
  }

  /** Greedily joins pieces into the current chunk. */
  private static final class Packer {
    private final int max;
    private final List<String> out;
    private final StringBuilder cur = new StringBuilder();

    Packer(int max, List<String> out) {
      this.max = max;
      this.out = out;
    }

    boolean isEmpty() {
      return cur.length() == 0;
    }

    boolean fits(String text, String separator) {
      return cur.length() == 0 ? text.length() <= max : cur.length() + separator.length() + text.length() <= max;
    }

    void append(String text, String separator) {
      if (cur.length() > 0) {
        cur.append(separator);
      }
      cur.append(text);
    }

    void flush() {
      if (cur.length() > 0) {
        out.add(cur.toString());
        cur.setLength(0);
      }
    }
  }
}

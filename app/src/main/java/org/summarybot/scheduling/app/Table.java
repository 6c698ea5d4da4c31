package org.summarybot.scheduling.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for people: columns padded to their widest cell. A cell longer than {@link #WIDTH}
 * characters is cut, its last character an ellipsis, and control characters in a cell are shown as U+FFFD, so a
 * value can neither widen a table without bound nor split its rows.
 */
final class Table {
  /** The widest a cell is printed. */
  static final int WIDTH = 40;

  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(header);
  }

  void row(String... cells) {
    String[] shown = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      shown[i] = FreeText.cut(FreeText.printable(cells[i]), WIDTH);
    }
    rows.add(shown);
  }

  void print(PrintWriter out) {
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], length(r[i]));
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        sb.append(r[i]);
        if (i < r.length - 1) {
          sb.append(" ".repeat(width[i] - length(r[i]) + 2));
        }
      }
      out.println(sb.toString().stripTrailing());
    }
  }

  private static int length(String cell) {
    return cell.codePointCount(0, cell.length());
  }
}

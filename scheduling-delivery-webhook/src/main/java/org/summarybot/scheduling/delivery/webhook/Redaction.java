package org.summarybot.scheduling.delivery.webhook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts known secrets (a URL's path and query, a Discord webhook token, a signing secret) out of text before it
 * goes to a log line, an outcome reason or an exception message. Immutable.
 */
final class Redaction {
  static final String MASK = "***";
  private static final int MIN_LENGTH = 6;

  private final List<String> secrets;

  private Redaction(List<String> secrets) {
    List<String> s = new ArrayList<>(secrets);
    s.sort(Comparator.comparingInt(String::length).reversed()); // longest first: a token inside a path
    this.secrets = List.copyOf(s);
  }

  static Redaction none() {
    return new Redaction(List.of());
  }

  /** This redaction, also cutting {@code more} (values shorter than 6 characters are ignored: too noisy). */
  Redaction with(Iterable<String> more) {
    List<String> s = new ArrayList<>(secrets);
    for (String m : more) {
      if (m != null && m.length() >= MIN_LENGTH && !s.contains(m)) {
        s.add(m);
      }
    }
    return new Redaction(s);
  }

  String apply(String text) {
    String out = text;
    for (String s : secrets) {
      if (out.contains(s)) {
        out = out.replace(s, MASK);
      }
    }
    return out;
  }
}

package org.summarybot.scheduling.benchmarks;

import java.util.Locale;

/**
 * One measured figure: ours beside one peer's, on the same inputs in the same run. {@code peer} is empty when
 * the figure has no peer (then {@code peerValue} is NaN).
 */
record Figure(String name, String unit, double ours, String peer, double peerValue, boolean higherIsBetter) {

  static Figure alone(String name, String unit, double ours, boolean higherIsBetter) {
    return new Figure(name, unit, ours, "", Double.NaN, higherIsBetter);
  }

  /** How many times better ours is (above 1 means ours wins), or NaN without a peer. */
  double ratio() {
    if (peer.isEmpty() || peerValue == 0 || ours == 0) {
      return Double.NaN;
    }
    return higherIsBetter ? ours / peerValue : peerValue / ours;
  }

  String json() {
    return String.format(Locale.ROOT,
        "{\"name\": %s, \"unit\": %s, \"ours\": %s, \"peer\": %s, \"peerValue\": %s, \"ratio\": %s, \"higherIsBetter\": %s}",
        quote(name), quote(unit), num(ours), peer.isEmpty() ? "null" : quote(peer), num(peerValue), num(ratio()),
        higherIsBetter);
  }

  private static String num(double d) {
    return Double.isNaN(d) || Double.isInfinite(d) ? "null" : String.format(Locale.ROOT, "%.4g", d);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}

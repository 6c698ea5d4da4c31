package org.summarybot.scheduling.delivery.sample;

/** A sample adapter's public entry. */
public class Entry {
  public long now() {
    return System.currentTimeMillis();
  }
}

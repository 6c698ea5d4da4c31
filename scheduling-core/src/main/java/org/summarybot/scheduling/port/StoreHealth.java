package org.summarybot.scheduling.port;

import java.util.List;

/**
 * What a store wants an operator to know. {@code problems} are what keeps the store from doing its job (a failing
 * connection, a disk it cannot write), each naming the place: the store is unhealthy while there is one.
 * {@code warnings} need a person's look but leave the store working (a quarantined file): it stays healthy.
 * Both are empty when all is well.
 */
public record StoreHealth(List<String> problems, List<String> warnings) {
  public StoreHealth {
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  /** Problems only, no warnings. */
  public StoreHealth(List<String> problems) {
    this(problems, List.of());
  }

  public static StoreHealth healthy() {
    return new StoreHealth(List.of(), List.of());
  }

  /** Healthy, with things a person should look at. */
  public static StoreHealth healthyWith(List<String> warnings) {
    return new StoreHealth(List.of(), warnings);
  }

  /** Whether there is no problem; warnings do not count. */
  public boolean isHealthy() {
    return problems.isEmpty();
  }
}

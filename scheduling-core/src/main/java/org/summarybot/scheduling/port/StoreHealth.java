package org.summarybot.scheduling.port;

import java.util.List;

/**
 * What a store wants an operator to know: {@code problems} lists things that need a person (a quarantined
 * file, a failing connection), each naming the place. Empty when all is well.
 */
public record StoreHealth(List<String> problems) {
  public StoreHealth {
    problems = List.copyOf(problems);
  }

  public static StoreHealth healthy() {
    return new StoreHealth(List.of());
  }

  public boolean isHealthy() {
    return problems.isEmpty();
  }
}

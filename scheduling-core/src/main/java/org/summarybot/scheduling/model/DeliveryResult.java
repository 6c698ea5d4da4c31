package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The result of one destination in one execution; {@code destination} is the destination's safe description
 * ({@link Destination#describe()}; records written before it took the user's form say {@code discord_channel:ID}).
 */
public record DeliveryResult(String destination, DeliveryStatus status, Optional<String> error) {
  public DeliveryResult {
    requireNonNull(destination, "destination");
    requireNonNull(status, "status");
    requireNonNull(error, "error");
  }

  public static DeliveryResult delivered(String destination) {
    return new DeliveryResult(destination, DeliveryStatus.DELIVERED, Optional.empty());
  }
}

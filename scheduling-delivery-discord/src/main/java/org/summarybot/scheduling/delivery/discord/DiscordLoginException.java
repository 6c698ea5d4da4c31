package org.summarybot.scheduling.delivery.discord;

import org.summarybot.scheduling.model.SchedulingException;

/**
 * The Discord adapter could not connect: the token variable is unset, Discord rejected the token, a privileged
 * intent is not enabled, or the gateway did not become ready in time. The message names the cause and the fix,
 * and never contains the token.
 */
public class DiscordLoginException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  public DiscordLoginException(String message) {
    super(message);
  }
}

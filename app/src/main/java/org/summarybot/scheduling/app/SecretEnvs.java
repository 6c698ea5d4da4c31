package org.summarybot.scheduling.app;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryOutcome;

/**
 * The environment variables a task may name as its webhook signing secret ({@code secret=NAME}): those matching
 * the config's {@code webhook.secret-envs} glob patterns ({@code *} any run of characters, {@code ?} one),
 * default {@code *_WEBHOOK_SECRET}. Checked when a task is added, updated or imported, and again at delivery,
 * where a name outside the patterns is a permanent failure and its variable is never read.
 */
final class SecretEnvs {
  static final List<String> DEFAULT_PATTERNS = List.of("*_WEBHOOK_SECRET");
  /** What a pattern may hold: the characters of an environment variable name, and the two wildcards. */
  static final Pattern PATTERN_SYNTAX = Pattern.compile("[A-Za-z0-9_*?]{1,128}");

  private final List<String> patterns;
  private final List<Pattern> compiled;

  SecretEnvs(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
    this.compiled = this.patterns.stream().map(SecretEnvs::compile).toList();
  }

  static SecretEnvs of(Config config) {
    return new SecretEnvs(config.webhookSecretEnvs());
  }

  private static Pattern compile(String glob) {
    if (!PATTERN_SYNTAX.matcher(glob).matches()) {
      throw new IllegalArgumentException("not a secret-envs pattern: " + glob);
    }
    StringBuilder re = new StringBuilder();
    for (char c : glob.toCharArray()) {
      re.append(c == '*' ? "[A-Za-z0-9_]*" : c == '?' ? "[A-Za-z0-9_]" : Character.toString(c));
    }
    return Pattern.compile(re.toString());
  }

  /** Whether a task may name this variable. Case matters, as it does for environment variables. */
  boolean allows(String name) {
    for (Pattern p : compiled) {
      if (p.matcher(name).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Why a destination's secret is refused, or null when it names none or an allowed one. */
  String problem(Destination d) {
    Optional<String> ref = d.secretRef();
    if (ref.isEmpty() || allows(ref.get())) {
      return null;
    }
    return "the secret variable " + ref.get() + " is not allowed: webhook.secret-envs allows " + describe();
  }

  /** The patterns as a person reads them: {@code *_WEBHOOK_SECRET}, or a note that none are allowed. */
  String describe() {
    return patterns.isEmpty() ? "no variable (the list is empty)" : String.join(", ", patterns);
  }

  /** {@code env} limited to allowed names: any other name resolves to nothing, without reading it. */
  Function<String, Optional<String>> resolver(Function<String, Optional<String>> env) {
    requireNonNull(env, "env");
    return name -> allows(name) ? env.apply(name) : Optional.empty();
  }

  /**
   * {@code webhooks} with the check at delivery: a destination whose secret is outside the patterns fails
   * permanently, saying so, and is never handed to {@code webhooks}.
   */
  DeliveryChannel guard(DeliveryChannel webhooks) {
    requireNonNull(webhooks, "webhooks");
    return request -> {
      Destination d = request.destination();
      if (d.type() == DestinationType.WEBHOOK && problem(d) != null) {
        return DeliveryOutcome.failed("the signing secret variable " + d.secretRef().orElseThrow() + " of "
            + d.describe() + " is not allowed by webhook.secret-envs (" + describe() + "); it was not read");
      }
      return webhooks.deliver(request);
    };
  }
}

package org.summarybot.scheduling.app;

import com.fasterxml.jackson.core.JsonToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.summarybot.scheduling.app.ConfigValues.Kind;
import org.summarybot.scheduling.app.ConfigValues.Value;

/**
 * The {@code webhook.*} keys of the config (docs/CONFIG.md): the hosts and address ranges webhooks may reach,
 * whether plain http is allowed, the request timeout, and the patterns a signing secret's variable must match.
 */
record ConfigWebhookKeys(List<String> allow, boolean allowHttp, Duration timeout, List<String> secretEnvs) {

  /** The {@code webhook.*} keys of {@code v}, each missing or refused one at its default in {@code d}. */
  static ConfigWebhookKeys read(ConfigValues v, Config d) {
    List<String> allow = new ArrayList<>();
    Optional<Value> allowValue = v.scalar("webhook.allow", Kind.LIST);
    if (allowValue.isPresent()) {
      List<Value> items = allowValue.get().items();
      for (int i = 0; i < items.size(); i++) {
        Value it = items.get(i);
        if (!it.token().isScalarValue() || it.token() == JsonToken.VALUE_NULL || it.text().isBlank()) {
          v.error(it.at() + ": webhook.allow[" + i + "]: must be a host name or an address range such as 10.0.0.0/8");
        } else if (!it.text().strip().matches("[A-Za-z0-9.:/_-]+")) {
          v.error(it.at() + ": webhook.allow[" + i + "]: '" + it.text() + "' is neither a host name nor an address range");
        }
        allow.add(it.text().strip());
      }
    }
    boolean allowHttp = v.bool("webhook.allow-http", d.webhookAllowHttp());
    Duration timeout = v.duration("webhook.timeout", d.webhookTimeout(), Limits.WEBHOOK_TIMEOUT);
    List<String> secretEnvs = d.webhookSecretEnvs();
    Optional<Value> secretValue = v.scalar("webhook.secret-envs", Kind.LIST);
    if (secretValue.isPresent()) {
      secretEnvs = new ArrayList<>();
      List<Value> items = secretValue.get().items();
      for (int i = 0; i < items.size(); i++) {
        Value it = items.get(i);
        String text = it.text().strip();
        if (!it.token().isScalarValue() || it.token() == JsonToken.VALUE_NULL
            || !SecretEnvs.PATTERN_SYNTAX.matcher(text).matches()) {
          v.error(it.at() + ": webhook.secret-envs[" + i + "]: must be an environment variable name or a pattern"
              + " of one with * and ? (such as *_WEBHOOK_SECRET), at most 128 characters");
        } else {
          secretEnvs.add(text);
        }
      }
    }
    return new ConfigWebhookKeys(allow, allowHttp, timeout, secretEnvs);
  }
}

package org.summarybot.scheduling.app;

import com.fasterxml.jackson.core.JsonToken;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.summarybot.scheduling.app.ConfigValues.Kind;
import org.summarybot.scheduling.app.ConfigValues.Value;

/** The {@code privacy.*} key of the config (docs/CONFIG.md): {@code exclude-users}. */
final class ConfigPrivacyKeys {
  private ConfigPrivacyKeys() {}

  /** {@code privacy.exclude-users}: Discord user ids whose messages no summarizer reads. */
  static Set<String> excludeUsers(ConfigValues v) {
    Set<String> ids = new LinkedHashSet<>();
    Optional<Value> list = v.scalar("privacy.exclude-users", Kind.LIST);
    if (list.isPresent()) {
      List<Value> items = list.get().items();
      for (int i = 0; i < items.size(); i++) {
        Value it = items.get(i);
        String text = it.text() == null ? "" : it.text().strip();
        if ((it.token() != JsonToken.VALUE_STRING && it.token() != JsonToken.VALUE_NUMBER_INT)
            || !text.matches("[1-9][0-9]{0,19}")) {
          v.error(it.at() + ": privacy.exclude-users[" + i + "]: must be a Discord user id (digits), not '"
              + (it.token().isScalarValue() ? text : "a " + (it.token() == JsonToken.START_OBJECT ? "mapping" : "list"))
              + "'");
        } else {
          ids.add(text);
        }
      }
    }
    return ids;
  }
}

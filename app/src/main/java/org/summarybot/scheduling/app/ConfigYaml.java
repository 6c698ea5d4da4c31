package org.summarybot.scheduling.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.summarybot.scheduling.app.ConfigValues.Kind;
import org.summarybot.scheduling.app.ConfigValues.Value;

/**
 * Walks a YAML config file with Jackson's streaming YAML parser into {@link ConfigValues}: every known key's value
 * with its line and column. An unknown key (named with the keys known at its level), a key given twice, a section
 * that is not a mapping and a list item that is not a plain value are problems; what the values mean is the
 * sections' business ({@link ConfigLoader}).
 */
final class ConfigYaml {
  /** Every key of docs/CONFIG.md, sections and the keys under them, and what it holds. */
  private static final Map<String, Kind> KEYS = new LinkedHashMap<>();

  static {
    KEYS.put("store", Kind.STRING);
    KEYS.put("store-password-env", Kind.STRING);
    KEYS.put("node-id", Kind.STRING);
    KEYS.put("zone", Kind.STRING);
    KEYS.put("concurrency", Kind.INT);
    KEYS.put("poll-interval", Kind.DURATION);
    KEYS.put("lease", Kind.DURATION);
    KEYS.put("drain-timeout", Kind.DURATION);
    KEYS.put("messages", Kind.SECTION);
    KEYS.put("messages.source", Kind.STRING);
    KEYS.put("messages.export-dir", Kind.STRING);
    KEYS.put("discord", Kind.SECTION);
    KEYS.put("discord.token-env", Kind.STRING);
    KEYS.put("discord.admin-channel", Kind.STRING);
    KEYS.put("discord.rest-base-url", Kind.STRING);
    KEYS.put("discord.gateway-url", Kind.STRING);
    KEYS.put("discord.shards", Kind.INT);
    KEYS.put("discord.commands", Kind.BOOL);
    KEYS.put("discord.command-guilds", Kind.LIST);
    KEYS.put("discord.manager-roles", Kind.LIST);
    KEYS.put("discord.max-tasks-per-guild", Kind.INT);
    KEYS.put("discord.min-interval", Kind.DURATION);
    KEYS.put("webhook", Kind.SECTION);
    KEYS.put("webhook.allow", Kind.LIST);
    KEYS.put("webhook.allow-http", Kind.BOOL);
    KEYS.put("webhook.timeout", Kind.DURATION);
    KEYS.put("webhook.secret-envs", Kind.LIST);
    KEYS.put("summarizer", Kind.SECTION);
    KEYS.put("summarizer.kind", Kind.STRING);
    KEYS.put("summarizer.base-url", Kind.STRING);
    KEYS.put("summarizer.model", Kind.STRING);
    KEYS.put("summarizer.api-key-env", Kind.STRING);
    KEYS.put("summarizer.context-tokens", Kind.INT);
    KEYS.put("summarizer.max-output-tokens", Kind.INT);
    KEYS.put("summarizer.timeout", Kind.DURATION);
    KEYS.put("summarizer.output-limit-field", Kind.STRING);
    KEYS.put("summarizer.price-per-million-input", Kind.DECIMAL);
    KEYS.put("summarizer.price-per-million-output", Kind.DECIMAL);
    KEYS.put("summarizer.daily-budget", Kind.DECIMAL);
    KEYS.put("privacy", Kind.SECTION);
    KEYS.put("privacy.exclude-users", Kind.LIST);
  }

  private final String fileName;
  private final ConfigValues values = new ConfigValues();

  private ConfigYaml(Path file) {
    this.fileName = file.toString();
  }

  /**
   * The values of {@code file}, with the problems of its keys recorded in them.
   *
   * @throws UsageException when the file is not YAML, not a mapping, or cannot be read: one line
   */
  static ConfigValues read(Path file) {
    ConfigYaml yaml = new ConfigYaml(file);
    try (JsonParser p = new YAMLFactory().createParser(file.toFile())) {
      JsonToken first = p.nextToken();
      if (first != null && first != JsonToken.VALUE_NULL) {
        if (first != JsonToken.START_OBJECT) {
          throw new UsageException(yaml.place(p.currentTokenLocation()) + ": the configuration must be a mapping of keys (docs/CONFIG.md)");
        }
        yaml.readMapping(p, "");
      }
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage() == null ? "malformed YAML" : e.getOriginalMessage();
      throw new UsageException(yaml.place(e.getLocation()) + ": malformed YAML: " + msg.replaceAll("\\s+", " ").strip());
    } catch (IOException e) {
      throw new UsageException("--config: cannot read " + file + ": " + e.getMessage());
    }
    return yaml.values;
  }

  private void readMapping(JsonParser p, String prefix) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String key = prefix + p.currentName();
      String at = place(p.currentTokenLocation());
      JsonToken v = p.nextToken();
      Kind kind = KEYS.get(key);
      if (kind == null) {
        values.error(at + ": " + key + ": unknown key" + suggestion(prefix));
        p.skipChildren();
        continue;
      }
      if (values.has(key)) {
        values.error(at + ": " + key + ": is given twice");
        p.skipChildren();
        continue;
      }
      if (kind == Kind.SECTION) {
        if (v == JsonToken.START_OBJECT) {
          values.put(key, new Value(v, "", List.of(), at));
          readMapping(p, key + ".");
        } else if (v != JsonToken.VALUE_NULL) {
          values.error(at + ": " + key + ": must be a mapping of keys, not '" + p.getText() + "'");
          p.skipChildren();
        }
        continue;
      }
      if (v == JsonToken.START_ARRAY) {
        List<Value> items = new ArrayList<>();
        JsonToken it;
        while ((it = p.nextToken()) != JsonToken.END_ARRAY) {
          String itemAt = place(p.currentTokenLocation());
          if (it.isScalarValue()) {
            items.add(new Value(it, p.getText(), List.of(), itemAt));
          } else {
            values.error(itemAt + ": " + key + "[" + items.size() + "]: must be a plain value");
            p.skipChildren();
            items.add(new Value(JsonToken.VALUE_NULL, "", List.of(), itemAt));
          }
        }
        values.put(key, new Value(v, "", items, at));
      } else if (v == JsonToken.START_OBJECT) {
        values.put(key, new Value(v, "", List.of(), at));
        p.skipChildren();
      } else {
        values.put(key, new Value(v, v == JsonToken.VALUE_NULL ? "" : p.getText(), List.of(), at));
      }
    }
    if (t != JsonToken.END_OBJECT) {
      values.error(place(p.currentTokenLocation()) + ": expected a key");
    }
  }

  private String suggestion(String prefix) {
    List<String> known = new ArrayList<>();
    for (Map.Entry<String, Kind> e : KEYS.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(prefix) && k.indexOf('.', prefix.length()) < 0) {
        known.add(k.substring(prefix.length()));
      }
    }
    return " (known keys" + (prefix.isEmpty() ? "" : " under " + prefix.substring(0, prefix.length() - 1)) + ": "
        + String.join(", ", known) + ")";
  }

  private String place(JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 1) {
      return fileName;
    }
    return fileName + " line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }
}

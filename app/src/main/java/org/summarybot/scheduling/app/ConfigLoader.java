package org.summarybot.scheduling.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.summarybot.scheduling.model.DurationText;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.schedule.Schedules;

/**
 * Reads the YAML configuration with Jackson's streaming YAML parser, so that every unknown key, wrong type
 * and impossible value is reported with its key, line and column, all problems at once.
 */
final class ConfigLoader {
  private enum Kind { STRING, INT, BOOL, DURATION, LIST, SECTION, DECIMAL }

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

  private static final Pattern POSITION = Pattern.compile(" line (\\d+), column (\\d+): ");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  /** One scalar (or list of scalars) read from the file, with where it stood. */
  private record Value(JsonToken token, String text, List<Value> items, String at) {}

  private final String fileName;
  private final Map<String, Value> values = new LinkedHashMap<>();
  private final List<String> errors = new ArrayList<>();

  private final Path file;

  private ConfigLoader(Path file) {
    this.file = file;
    this.fileName = file.toString();
  }

  /**
   * Loads {@code file}; keys it does not set keep their defaults. Relative paths, given or by default, are
   * resolved against the file's directory ({@link Config#relativeTo}).
   *
   * @throws UsageException listing every problem, each with its key, line and column
   */
  static Config load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UsageException("--config: " + file + " does not exist or is not a file");
    }
    return new ConfigLoader(file).read(file);
  }

  private Config read(Path file) {
    try (JsonParser p = new YAMLFactory().createParser(file.toFile())) {
      JsonToken first = p.nextToken();
      if (first != null && first != JsonToken.VALUE_NULL) {
        if (first != JsonToken.START_OBJECT) {
          throw new UsageException(place(p.currentTokenLocation()) + ": the configuration must be a mapping of keys (docs/CONFIG.md)");
        }
        readMapping(p, "");
      }
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage() == null ? "malformed YAML" : e.getOriginalMessage();
      throw new UsageException(place(e.getLocation()) + ": malformed YAML: " + msg.replaceAll("\\s+", " ").strip());
    } catch (IOException e) {
      throw new UsageException("--config: cannot read " + file + ": " + e.getMessage());
    }
    Config c = build();
    if (!errors.isEmpty()) {
      List<String> sorted = new ArrayList<>(errors);
      sorted.sort(java.util.Comparator.comparingLong(ConfigLoader::position));
      throw new UsageException(sorted);
    }
    return c;
  }

  /** Line and column of an error line, for listing errors in file order. */
  private static long position(String error) {
    java.util.regex.Matcher m = POSITION.matcher(error);
    return m.find() ? Long.parseLong(m.group(1)) * 100_000 + Long.parseLong(m.group(2)) : Long.MAX_VALUE;
  }

  private void readMapping(JsonParser p, String prefix) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String key = prefix + p.currentName();
      String at = place(p.currentTokenLocation());
      JsonToken v = p.nextToken();
      Kind kind = KEYS.get(key);
      if (kind == null) {
        errors.add(at + ": " + key + ": unknown key" + suggestion(prefix));
        p.skipChildren();
        continue;
      }
      if (values.containsKey(key)) {
        errors.add(at + ": " + key + ": is given twice");
        p.skipChildren();
        continue;
      }
      if (kind == Kind.SECTION) {
        if (v == JsonToken.START_OBJECT) {
          values.put(key, new Value(v, "", List.of(), at));
          readMapping(p, key + ".");
        } else if (v != JsonToken.VALUE_NULL) {
          errors.add(at + ": " + key + ": must be a mapping of keys, not '" + p.getText() + "'");
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
            errors.add(itemAt + ": " + key + "[" + items.size() + "]: must be a plain value");
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
      errors.add(place(p.currentTokenLocation()) + ": expected a key");
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

  // ---------------------------------------------------------------- typed access

  private Optional<Value> scalar(String key, Kind kind) {
    Value v = values.get(key);
    if (v == null) {
      return Optional.empty();
    }
    String expected = switch (kind) {
      case INT -> "an integer";
      case BOOL -> "true or false";
      case DURATION -> "a duration such as 90s, 5m or PT5M";
      case LIST -> "a list";
      case DECIMAL -> "a number such as 0.15";
      default -> "a text value";
    };
    boolean ok = switch (kind) {
      case INT -> v.token() == JsonToken.VALUE_NUMBER_INT;
      case BOOL -> v.token() == JsonToken.VALUE_TRUE || v.token() == JsonToken.VALUE_FALSE;
      case LIST -> v.token() == JsonToken.START_ARRAY;
      case DECIMAL -> v.token() == JsonToken.VALUE_NUMBER_INT || v.token() == JsonToken.VALUE_NUMBER_FLOAT;
      default -> v.token() == JsonToken.VALUE_STRING;
    };
    if (!ok) {
      String shown = v.token() == JsonToken.VALUE_NULL ? "nothing"
          : v.token() == JsonToken.START_ARRAY ? "a list" : v.token() == JsonToken.START_OBJECT ? "a mapping" : "'" + v.text() + "'";
      errors.add(v.at() + ": " + key + ": must be " + expected + ", not " + shown);
      return Optional.empty();
    }
    return Optional.of(v);
  }

  private void bad(String key, String message) {
    errors.add(values.get(key).at() + ": " + key + ": " + message);
  }

  private String string(String key, String dflt) {
    return scalar(key, Kind.STRING).map(Value::text).map(String::strip).orElse(dflt);
  }

  /** The duration at {@code key} within {@code span}, or {@code dflt} when it is missing or wrong (reported). */
  /** The integer at {@code key} when given and within 1-{@code max}; a value outside is an error naming it. */
  private Optional<Integer> count(String key, int max) {
    Optional<Value> v = scalar(key, Kind.INT);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    int n;
    try {
      n = Integer.parseInt(v.get().text());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > max) {
      bad(key, v.get().text() + " is outside 1-" + max);
      return Optional.empty();
    }
    return Optional.of(n);
  }

  private Duration duration(String key, Duration dflt, Limits.Span span) {
    return scalar(key, Kind.DURATION).flatMap(v -> {
      try {
        Duration d = DurationText.parse(v.text(), key);
        String problem = span.problem(d);
        if (problem != null) {
          bad(key, problem);
          return Optional.empty();
        }
        return Optional.of(d);
      } catch (ValidationException e) {
        bad(key, e.problems().get(0).message());
        return Optional.empty();
      }
    }).orElse(dflt);
  }

  /**
   * An absolute {@code plain} or {@code secure} URL with a host at {@code key}; no credentials (the file is no place
   * for secrets), query or fragment. The adapter adds the path Discord's API needs.
   */
  private Optional<URI> url(String key, String plain, String secure, String example) {
    Optional<String> text = scalar(key, Kind.STRING).map(Value::text).map(String::strip);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    URI u;
    try {
      u = new URI(text.get());
    } catch (java.net.URISyntaxException e) {
      bad(key, "'" + text.get() + "' is not a URL: " + e.getReason());
      return Optional.empty();
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
    String problem = !scheme.equals(plain) && !scheme.equals(secure) ? "does not start with " + plain + ":// or " + secure + "://"
        : u.getHost() == null || u.getHost().isEmpty() ? "has no host"
        : u.getRawUserInfo() != null ? "must not hold credentials"
        : u.getRawQuery() != null || u.getRawFragment() != null ? "must not have a query or fragment" : null;
    if (problem != null) {
      String shown = u.getRawUserInfo() == null ? text.get() : text.get().replace(u.getRawUserInfo() + "@", "***@");
      bad(key, "'" + shown + "' " + problem + " (such as " + example + ")");
      return Optional.empty();
    }
    return Optional.of(u);
  }

  private Config build() {
    Config d = Config.defaults();
    Map<String, String> where = new HashMap<>();
    values.forEach((k, v) -> where.put(k, v.at()));

    String store = string("store", d.store());
    if (values.containsKey("store")) {
      if (store.startsWith("jdbc:")) {
        if (!store.startsWith("jdbc:postgresql:") && !store.startsWith("jdbc:h2:")) {
          bad("store", "the SQL store runs on PostgreSQL (jdbc:postgresql://HOST/DB) or H2 (jdbc:h2:file:PATH), not '"
              + Config.shownStore(store.substring(0, store.indexOf(':', 5) < 0 ? store.length() : store.indexOf(':', 5)))
              + "'");
        }
      } else if (!store.startsWith("file:") || store.length() == "file:".length()) {
        bad("store", "'" + Config.shownStore(store) + "' is not a store (use file:DIR, jdbc:postgresql://HOST/DB or"
            + " jdbc:h2:file:PATH)");
      }
    }
    String passwordEnv = string("store-password-env", d.storePasswordEnv());
    if (!passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
      bad("store-password-env", "'" + passwordEnv + "' is not an environment variable name (the password itself never goes in this file)");
    }
    Optional<String> nodeId = scalar("node-id", Kind.STRING).map(Value::text).map(String::strip);
    nodeId.ifPresent(n -> {
      if (n.isEmpty() || n.length() > Limits.NODE_ID_LENGTH) {
        bad("node-id", "must be 1-" + Limits.NODE_ID_LENGTH + " characters");
      } else if (FreeText.problem(n, Limits.NODE_ID_LENGTH) != null) {
        bad("node-id", FreeText.problem(n, Limits.NODE_ID_LENGTH));
      }
    });
    ZoneId zone = d.zone();
    Optional<String> zoneText = scalar("zone", Kind.STRING).map(Value::text);
    if (zoneText.isPresent()) {
      try {
        zone = Schedules.parseZone(zoneText.get());
      } catch (ValidationException e) {
        bad("zone", e.problems().get(0).message());
      }
    }
    int concurrency = count("concurrency", Limits.CONCURRENCY).orElse(d.concurrency());
    Duration poll = duration("poll-interval", d.pollInterval(), Limits.POLL_INTERVAL);
    Duration lease = duration("lease", d.lease(), Limits.LEASE);
    if (lease.compareTo(poll.multipliedBy(3)) < 0) {
      String key = values.containsKey("lease") ? "lease" : "poll-interval";
      if (values.containsKey(key)) {
        bad(key, "lease " + DurationText.format(lease) + " must be at least three poll intervals ("
            + DurationText.format(poll.multipliedBy(3)) + ") so running executions can extend it in time");
      }
    }
    Duration drain = duration("drain-timeout", d.drainTimeout(), Limits.DRAIN_TIMEOUT);
    String source = string("messages.source", d.messagesSource());
    if (values.containsKey("messages.source")) {
      if (!source.equals("export") && !source.equals("discord")) {
        bad("messages.source", "'" + source + "' is not a message source (use export or discord)");
      }
    }
    String exportDir = string("messages.export-dir", d.exportDir().toString());
    if (values.containsKey("messages.export-dir") && exportDir.isEmpty()) {
      bad("messages.export-dir", "is empty");
    }
    String tokenEnv = string("discord.token-env", d.discordTokenEnv());
    if (values.containsKey("discord.token-env") && !ENV_NAME.matcher(tokenEnv).matches()) {
      bad("discord.token-env", "'" + tokenEnv + "' is not an environment variable name (the token itself never goes"
          + " in the config)");
    }
    Optional<String> admin = scalar("discord.admin-channel", Kind.STRING).map(Value::text).map(String::strip);
    if (admin.isEmpty() && values.containsKey("discord.admin-channel")
        && values.get("discord.admin-channel").token() == JsonToken.VALUE_NUMBER_INT) {
      errors.remove(errors.size() - 1);
      admin = Optional.of(values.get("discord.admin-channel").text());
    }
    admin.ifPresent(a -> {
      if (!a.matches("[1-9][0-9]{0,19}")) {
        bad("discord.admin-channel", "'" + a + "' is not a Discord channel id");
      }
    });
    Optional<URI> restBase = url("discord.rest-base-url", "http", "https", "https://discord.com/api/v10/");
    Optional<URI> gateway = url("discord.gateway-url", "ws", "wss", "wss://gateway.discord.gg/");
    Optional<Integer> shards = count("discord.shards", Limits.DISCORD_SHARDS);
    List<String> allow = new ArrayList<>();
    Optional<Value> allowValue = scalar("webhook.allow", Kind.LIST);
    if (allowValue.isPresent()) {
      List<Value> items = allowValue.get().items();
      for (int i = 0; i < items.size(); i++) {
        Value it = items.get(i);
        if (!it.token().isScalarValue() || it.token() == JsonToken.VALUE_NULL || it.text().isBlank()) {
          errors.add(it.at() + ": webhook.allow[" + i + "]: must be a host name or an address range such as 10.0.0.0/8");
        } else if (!it.text().strip().matches("[A-Za-z0-9.:/_-]+")) {
          errors.add(it.at() + ": webhook.allow[" + i + "]: '" + it.text() + "' is neither a host name nor an address range");
        }
        allow.add(it.text().strip());
      }
    }
    boolean allowHttp = scalar("webhook.allow-http", Kind.BOOL).map(v -> v.token() == JsonToken.VALUE_TRUE)
        .orElse(d.webhookAllowHttp());
    Duration timeout = duration("webhook.timeout", d.webhookTimeout(), Limits.WEBHOOK_TIMEOUT);
    List<String> secretEnvs = d.webhookSecretEnvs();
    Optional<Value> secretValue = scalar("webhook.secret-envs", Kind.LIST);
    if (secretValue.isPresent()) {
      secretEnvs = new ArrayList<>();
      List<Value> items = secretValue.get().items();
      for (int i = 0; i < items.size(); i++) {
        Value it = items.get(i);
        String text = it.text().strip();
        if (!it.token().isScalarValue() || it.token() == JsonToken.VALUE_NULL
            || !SecretEnvs.PATTERN_SYNTAX.matcher(text).matches()) {
          errors.add(it.at() + ": webhook.secret-envs[" + i + "]: must be an environment variable name or a pattern"
              + " of one with * and ? (such as *_WEBHOOK_SECRET), at most 128 characters");
        } else {
          secretEnvs.add(text);
        }
      }
    }
    Path exports;
    try {
      exports = Path.of(exportDir);
    } catch (java.nio.file.InvalidPathException e) {
      bad("messages.export-dir", "'" + exportDir + "' is not a path: " + e.getReason());
      exports = d.exportDir();
    }
    return new Config(store, passwordEnv, nodeId, zone, concurrency, poll, lease, drain, source, exports, tokenEnv,
        admin, restBase, gateway, shards, allow, allowHttp, timeout, secretEnvs, where, Optional.empty(),
        commands(), summarizer(), excludeUsers()).relativeTo(file);
  }

  /** The {@code /schedule} keys: on or off, where registered, manager roles, limits. */
  private CommandsConfig commands() {
    CommandsConfig d = CommandsConfig.DEFAULTS;
    boolean enabled = scalar("discord.commands", Kind.BOOL).map(v -> v.token() == JsonToken.VALUE_TRUE)
        .orElse(d.enabled());
    int max = count("discord.max-tasks-per-guild", Limits.TASKS_PER_GUILD).orElse(d.maxTasksPerGuild());
    Duration min = duration("discord.min-interval", d.minInterval(), Limits.COMMAND_MIN_INTERVAL);
    return new CommandsConfig(enabled, snowflakes("discord.command-guilds", "a Discord server id"),
        snowflakes("discord.manager-roles", "a Discord role id"), max, min);
  }

  /** A list of snowflakes (numbers or strings of digits) at {@code key}; each bad item is an error naming it. */
  private List<Long> snowflakes(String key, String what) {
    List<Long> out = new ArrayList<>();
    Optional<Value> list = scalar(key, Kind.LIST);
    if (list.isEmpty()) {
      return out;
    }
    List<Value> items = list.get().items();
    for (int i = 0; i < items.size(); i++) {
      Value it = items.get(i);
      String text = it.token() == JsonToken.VALUE_NULL ? "" : it.text().strip();
      long id = 0;
      try {
        id = text.matches("[0-9]{1,20}") ? Long.parseUnsignedLong(text) : 0;
      } catch (NumberFormatException tooLarge) {
        id = 0;
      }
      if (!it.token().isScalarValue() || id == 0) {
        errors.add(it.at() + ": " + key + "[" + i + "]: '" + text + "' is not " + what + " (a number such as"
            + " 123456789012345678)");
      } else {
        out.add(id);
      }
    }
    return out;
  }

  /** The {@code summarizer.*} keys: a model's kind, address, name, key variable, window, limits, prices, budget. */
  private SummarizerSettings summarizer() {
    SummarizerSettings d = SummarizerSettings.defaults();
    String kind = string("summarizer.kind", d.kind());
    boolean model = kind.equals(SummarizerSettings.OPENAI) || kind.equals(SummarizerSettings.OLLAMA);
    if (!model && !kind.equals(SummarizerSettings.BUILTIN)) {
      bad("summarizer.kind", "'" + kind + "' is not a summarizer (use builtin, openai or ollama)");
    }
    String base = string("summarizer.base-url",
        kind.equals(SummarizerSettings.OLLAMA) ? SummarizerSettings.OLLAMA_URL : SummarizerSettings.OPENAI_URL);
    if (values.containsKey("summarizer.base-url")) {
      url("summarizer.base-url", "http", "https", "http://127.0.0.1:8080/v1");
    }
    Optional<String> modelName = scalar("summarizer.model", Kind.STRING).map(Value::text).map(String::strip);
    modelName.ifPresent(m -> {
      if (m.isEmpty() || m.length() > 200 || FreeText.problem(m, 200) != null) {
        bad("summarizer.model", "must be 1-200 characters without control characters");
      }
    });
    if (model && modelName.isEmpty() && !values.containsKey("summarizer.model")) {
      errors.add(values.get("summarizer.kind").at() + ": summarizer.model: is required when summarizer.kind is "
          + kind + " (such as " + (kind.equals(SummarizerSettings.OLLAMA) ? "llama3.1:8b" : "gpt-4o-mini") + ")");
    }
    Optional<String> keyEnv = scalar("summarizer.api-key-env", Kind.STRING).map(Value::text).map(String::strip);
    keyEnv.ifPresent(k -> {
      if (!ENV_NAME.matcher(k).matches()) {
        bad("summarizer.api-key-env", "'" + k + "' is not an environment variable name (the API key itself never"
            + " goes in the config)");
      }
    });
    int context = count("summarizer.context-tokens", 10_000_000).orElse(d.contextTokens());
    int maxOut = count("summarizer.max-output-tokens", 1_000_000).orElse(d.maxOutputTokens());
    if (maxOut < 16 && values.containsKey("summarizer.max-output-tokens")) {
      bad("summarizer.max-output-tokens", maxOut + " is under 16");
    }
    int least = org.summarybot.scheduling.summarizer.llm.LlmSummarizer.minimumContext(maxOut);
    if (model && context < least) {
      String key = values.containsKey("summarizer.context-tokens") ? "summarizer.context-tokens" : "summarizer.kind";
      errors.add(values.get(key).at() + ": summarizer.context-tokens: " + context + " is too small for "
          + "max-output-tokens " + maxOut + ": at least " + least + " (5 x max-output-tokens + 1024); lower "
          + "max-output-tokens or give the model's real window");
    }
    Duration timeout = duration("summarizer.timeout", d.timeout(), Limits.SUMMARIZER_TIMEOUT);
    String field = string("summarizer.output-limit-field", "max_tokens");
    if (!field.equals("max_tokens") && !field.equals("max_completion_tokens")) {
      bad("summarizer.output-limit-field", "'" + field + "' is not max_tokens or max_completion_tokens");
    }
    Optional<BigDecimal> in = decimal("summarizer.price-per-million-input");
    Optional<BigDecimal> out = decimal("summarizer.price-per-million-output");
    Optional<BigDecimal> budget = decimal("summarizer.daily-budget");
    if (in.isPresent() != out.isPresent()) {
      String given = in.isPresent() ? "summarizer.price-per-million-input" : "summarizer.price-per-million-output";
      bad(given, "give both prices, input and output, or neither");
    }
    if (budget.isPresent() && (in.isEmpty() || out.isEmpty())) {
      bad("summarizer.daily-budget", "needs summarizer.price-per-million-input and -output to know what a request"
          + " costs");
    }
    budget.ifPresent(b -> {
      if (b.signum() <= 0) {
        bad("summarizer.daily-budget", b.toPlainString() + " is not above 0");
      }
    });
    return new SummarizerSettings(kind, base, modelName, keyEnv, context, maxOut, timeout,
        field.equals("max_completion_tokens"), in, out, budget);
  }

  /** A number at {@code key}, at least 0 and with at most six decimals (millionths are what costs count in). */
  private Optional<BigDecimal> decimal(String key) {
    Optional<Value> v = scalar(key, Kind.DECIMAL);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal n = new BigDecimal(v.get().text());
    if (n.signum() < 0) {
      bad(key, v.get().text() + " is negative");
      return Optional.empty();
    }
    if (n.stripTrailingZeros().scale() > 6 || n.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
      bad(key, v.get().text() + " must have at most six decimals and be at most 1000000");
      return Optional.empty();
    }
    return Optional.of(n);
  }

  /** {@code privacy.exclude-users}: Discord user ids whose messages no summarizer reads. */
  private java.util.Set<String> excludeUsers() {
    java.util.Set<String> ids = new java.util.LinkedHashSet<>();
    Optional<Value> list = scalar("privacy.exclude-users", Kind.LIST);
    if (list.isPresent()) {
      List<Value> items = list.get().items();
      for (int i = 0; i < items.size(); i++) {
        Value it = items.get(i);
        String text = it.text() == null ? "" : it.text().strip();
        if ((it.token() != JsonToken.VALUE_STRING && it.token() != JsonToken.VALUE_NUMBER_INT)
            || !text.matches("[1-9][0-9]{0,19}")) {
          errors.add(it.at() + ": privacy.exclude-users[" + i + "]: must be a Discord user id (digits), not '"
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

package org.summarybot.scheduling.app;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.summarybot.scheduling.persistence.jdbi.JdbiTaskStore;

/**
 * The app's configuration, every key of docs/CONFIG.md with its default. {@code where} maps each key that came
 * from a file to its place ({@code app.yaml line 3, column 8}) for later error messages; {@code source} is that
 * file, when there is one. Relative paths of a config from a file are resolved against the file's directory
 * ({@link #relativeTo}); those of the defaults alone against the directory the command runs in.
 */
record Config(
    String store,
    String storePasswordEnv,
    Optional<String> nodeId,
    ZoneId zone,
    int concurrency,
    Duration pollInterval,
    Duration lease,
    Duration drainTimeout,
    String messagesSource,
    Path exportDir,
    String discordTokenEnv,
    Optional<String> discordAdminChannel,
    Optional<URI> discordRestBaseUrl,
    Optional<URI> discordGatewayUrl,
    Optional<Integer> discordShards,
    List<String> webhookAllow,
    boolean webhookAllowHttp,
    Duration webhookTimeout,
    List<String> webhookSecretEnvs,
    Map<String, String> where,
    Optional<Path> source,
    CommandsConfig discordCommands,
    SummarizerSettings summarizer,
    java.util.Set<String> excludeUsers) {

  static final String DEFAULT_STORE = "file:data";
  static final String DEFAULT_STORE_PASSWORD_ENV = "SUMMARY_DB_PASSWORD";

  Config {
    requireNonNull(store, "store");
    webhookAllow = List.copyOf(webhookAllow);
    webhookSecretEnvs = List.copyOf(webhookSecretEnvs);
    where = Map.copyOf(where);
    requireNonNull(source, "source");
    requireNonNull(discordCommands, "discordCommands");
    requireNonNull(summarizer, "summarizer");
    excludeUsers = java.util.Set.copyOf(excludeUsers);
  }

  static Config defaults() {
    return new Config(DEFAULT_STORE, DEFAULT_STORE_PASSWORD_ENV, Optional.empty(), ZoneId.of("UTC"), 4, Duration.ofSeconds(5),
        Duration.ofMinutes(2), Duration.ofSeconds(30), "export", Path.of("exports"), "DISCORD_TOKEN",
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), false, Duration.ofSeconds(15), SecretEnvs.DEFAULT_PATTERNS, Map.of(),
        Optional.empty(), CommandsConfig.DEFAULTS, SummarizerSettings.defaults(), java.util.Set.of());
  }

  /** This config with another store. */
  Config withStore(String s) {
    return new Config(s, storePasswordEnv, nodeId, zone, concurrency, pollInterval, lease, drainTimeout, messagesSource, exportDir,
        discordTokenEnv, discordAdminChannel, discordRestBaseUrl, discordGatewayUrl, discordShards, webhookAllow, webhookAllowHttp,
        webhookTimeout, webhookSecretEnvs, where, source, discordCommands, summarizer, excludeUsers);
  }

  /**
   * This config read from {@code file}: its relative paths (a {@code file:DIR} or {@code jdbc:h2:file:PATH} store,
   * the export directory), given in the file or left at their defaults, resolved against the file's directory,
   * so every command finds the same store and exports wherever it runs.
   */
  Config relativeTo(Path file) {
    Path base = file.toAbsolutePath().normalize().getParent();
    return new Config(resolveStore(store, base), storePasswordEnv, nodeId, zone, concurrency, pollInterval, lease,
        drainTimeout, messagesSource, base.resolve(exportDir).normalize(), discordTokenEnv, discordAdminChannel,
        discordRestBaseUrl, discordGatewayUrl, discordShards, webhookAllow, webhookAllowHttp, webhookTimeout, webhookSecretEnvs, where, Optional.of(file),
        discordCommands, summarizer, excludeUsers);
  }

  private static String resolveStore(String store, Path base) {
    try {
      if (store.startsWith("file:") && store.length() > "file:".length()) {
        return "file:" + base.resolve(store.substring("file:".length())).normalize();
      }
      String h2 = store.startsWith("jdbc:h2:file:") ? "jdbc:h2:file:" : store.startsWith("jdbc:h2:.") ? "jdbc:h2:" : null;
      if (h2 != null) {
        int end = store.indexOf(';');
        String path = store.substring(h2.length(), end < 0 ? store.length() : end);
        if (!path.isEmpty() && !path.startsWith("~") && !Path.of(path).isAbsolute()) {
          return "jdbc:h2:file:" + base.resolve(path).normalize() + (end < 0 ? "" : store.substring(end));
        }
      }
    } catch (java.nio.file.InvalidPathException e) {
      // not a path: opening the store says so, naming the key
    }
    return store;
  }

  /** The place of {@code key} for an error line: {@code "app.yaml line 3, column 8: key"} or just the key. */
  String at(String key) {
    String w = where.get(key);
    return w == null ? key : w + ": " + key;
  }

  /**
   * The store as it may be shown (status, logs, errors): credentials in it masked ({@code password=***}). Every
   * place that shows a store goes through here.
   */
  String shownStore() {
    return shownStore(store);
  }

  /** Any store text as it may be shown: credentials masked ({@code password=***}). */
  static String shownStore(String store) {
    return JdbiTaskStore.redactUrl(store);
  }

  /** Whether the store is a SQL database ({@code jdbc:postgresql:...} or {@code jdbc:h2:...}). */
  boolean sqlStore() {
    return store.startsWith("jdbc:");
  }

  /** The directory of a {@code file:DIR} store. */
  Path storeDirectory() {
    return Path.of(store.substring("file:".length()));
  }
}

package org.summarybot.scheduling.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import org.summarybot.scheduling.model.DurationText;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.schedule.Schedules;

/**
 * Reads the YAML configuration so that every unknown key, wrong type and impossible value is reported with its
 * key, line and column, all problems at once. {@link ConfigYaml} walks the file into {@link ConfigValues}; this
 * class reads the node's own keys (node id, zone, concurrency, timings, messages) and each section's reader the
 * rest: {@link ConfigStoreKeys}, {@link ConfigDiscordKeys}, {@link ConfigWebhookKeys}, {@link ConfigSummarizerKeys}
 * and {@link ConfigPrivacyKeys}.
 */
final class ConfigLoader {
  private ConfigLoader() {}

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
    ConfigValues v = ConfigYaml.read(file);
    Config c = build(v, file);
    v.throwIfAny();
    return c;
  }

  private static Config build(ConfigValues v, Path file) {
    Config d = Config.defaults();
    ConfigStoreKeys store = ConfigStoreKeys.read(v, d);
    Optional<String> nodeId = v.text("node-id");
    nodeId.ifPresent(n -> {
      if (n.isEmpty() || n.length() > Limits.NODE_ID_LENGTH) {
        v.bad("node-id", "must be 1-" + Limits.NODE_ID_LENGTH + " characters");
      } else if (FreeText.problem(n, Limits.NODE_ID_LENGTH) != null) {
        v.bad("node-id", FreeText.problem(n, Limits.NODE_ID_LENGTH));
      }
    });
    ZoneId zone = d.zone();
    Optional<String> zoneText = v.scalar("zone", ConfigValues.Kind.STRING).map(ConfigValues.Value::text);
    if (zoneText.isPresent()) {
      try {
        zone = Schedules.parseZone(zoneText.get());
      } catch (ValidationException e) {
        v.bad("zone", e.problems().get(0).message());
      }
    }
    int concurrency = v.count("concurrency", Limits.CONCURRENCY).orElse(d.concurrency());
    Duration poll = v.duration("poll-interval", d.pollInterval(), Limits.POLL_INTERVAL);
    Duration lease = v.duration("lease", d.lease(), Limits.LEASE);
    if (lease.compareTo(poll.multipliedBy(3)) < 0) {
      String key = v.has("lease") ? "lease" : "poll-interval";
      if (v.has(key)) {
        v.bad(key, "lease " + DurationText.format(lease) + " must be at least three poll intervals ("
            + DurationText.format(poll.multipliedBy(3)) + ") so running executions can extend it in time");
      }
    }
    Duration drain = v.duration("drain-timeout", d.drainTimeout(), Limits.DRAIN_TIMEOUT);
    String source = v.string("messages.source", d.messagesSource());
    if (v.has("messages.source")) {
      if (!source.equals("export") && !source.equals("discord")) {
        v.bad("messages.source", "'" + source + "' is not a message source (use export or discord)");
      }
    }
    String exportDir = v.string("messages.export-dir", d.exportDir().toString());
    if (v.has("messages.export-dir") && exportDir.isEmpty()) {
      v.bad("messages.export-dir", "is empty");
    }
    Path exports;
    try {
      exports = Path.of(exportDir);
    } catch (java.nio.file.InvalidPathException e) {
      v.bad("messages.export-dir", "'" + exportDir + "' is not a path: " + e.getReason());
      exports = d.exportDir();
    }
    ConfigDiscordKeys discord = ConfigDiscordKeys.read(v, d);
    ConfigWebhookKeys webhook = ConfigWebhookKeys.read(v, d);
    return new Config(store.store(), store.passwordEnv(), nodeId, zone, concurrency, poll, lease, drain, source, exports,
        discord.tokenEnv(), discord.adminChannel(), discord.restBaseUrl(), discord.gatewayUrl(), discord.shards(),
        webhook.allow(), webhook.allowHttp(), webhook.timeout(), webhook.secretEnvs(), v.places(), Optional.empty(),
        discord.commands(), ConfigSummarizerKeys.read(v), ConfigPrivacyKeys.excludeUsers(v)).relativeTo(file);
  }
}

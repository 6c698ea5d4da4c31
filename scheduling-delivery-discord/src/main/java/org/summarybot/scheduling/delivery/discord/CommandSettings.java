package org.summarybot.scheduling.delivery.discord;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.summarybot.scheduling.engine.TaskOperations;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.port.Clock;
import org.summarybot.scheduling.port.TaskStore;

/** What the parts of {@link ScheduleCommands} share: the connection, the engine, the store and the limits. */
record CommandSettings(
    Bot bot,
    Function<GuildId, TaskOperations> operations,
    TaskStore store,
    Clock clock,
    String nodeId,
    CommandGate gate,
    int maxTasksPerGuild,
    Duration minInterval,
    Function<URI, Optional<String>> webhookCheck,
    DiscordWebhookGuild discordWebhooks,
    boolean remoteStore,
    List<GuildId> commandGuilds,
    Duration requestTimeout) {}

/**
 * The runnable app: the picocli command line ({@code Main}: {@code demo}, {@code run}, {@code preview},
 * {@code tasks ...}, {@code status}), the YAML configuration read with line and column for every error, the
 * explicit wiring of the file store, export message source, webhook delivery and engine, the built-in
 * deterministic summarizer, FILE and CONSOLE delivery, and the daemon's {@code /health} and {@code /metrics}.
 * Logging is SLF4J and Logback, here only; the core's {@code System.Logger} is routed to SLF4J. Only
 * {@link org.summarybot.scheduling.app.Main} is public.
 *
 * <p>Its parts, by class:
 * <ul>
 *   <li>Commands: one class per command ({@code DemoCommand}, {@code RunCommand}, {@code PreviewCommand},
 *       {@code StatusCommand}, {@code GuildsCommand}). {@code TasksCommand} holds what every {@code tasks}
 *       subcommand shares ({@code TasksCommand.Base}, {@code --json}) and the short subcommands (list, update,
 *       pause, resume, remove, export); each longer one is a class of its own: {@code AddCommand},
 *       {@code ShowCommand}, {@code HistoryCommand}, {@code ImportCommand}, {@code RunNowCommand},
 *       {@code BackfillCommand}, {@code CheckCommand}, {@code QuarantineCommand}. {@code TaskOptions} are the
 *       flags of {@code tasks add} and {@code update}, checked by {@code TaskInput}.</li>
 *   <li>Configuration: {@code ConfigLoader} reads a file into {@code Config}: {@code ConfigYaml} walks the YAML
 *       into {@code ConfigValues} (each value with its line and column, typed reads that report a wrong one), and
 *       one reader per section takes its keys: {@code ConfigStoreKeys}, {@code ConfigDiscordKeys},
 *       {@code ConfigWebhookKeys}, {@code ConfigSummarizerKeys}, {@code ConfigPrivacyKeys}.</li>
 *   <li>Import: {@code ImportFile} reads a {@code tasks import} document (its size, its JSON, its tasks as a
 *       stream); {@code ImportTaskCheck} checks each task and {@code ImportGuildCheck} the guild settings, both
 *       through the field-level checks of {@code ImportFields}; {@code StoreTransfer} writes what passed.</li>
 *   <li>Wiring and running: {@code Wiring}, {@code HttpEndpoints}, {@code Metrics}, {@code StopSignal},
 *       {@code ExecutionWait}; the summarizers ({@code BuiltInSummarizer}, {@code Summarizers}) and the app's
 *       deliveries ({@code FileDelivery}, {@code ConsoleDelivery}).</li>
 * </ul>
 */
package org.summarybot.scheduling.app;

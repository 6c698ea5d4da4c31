/**
 * The runnable app: the picocli command line ({@code Main}: {@code demo}, {@code run}, {@code preview},
 * {@code tasks ...}, {@code status}), the YAML configuration read with line and column for every error, the
 * explicit wiring of the file store, export message source, webhook delivery and engine, the built-in
 * deterministic summarizer, FILE and CONSOLE delivery, and the daemon's {@code /health} and {@code /metrics}.
 * Logging is SLF4J and Logback, here only; the core's {@code System.Logger} is routed to SLF4J. Only
 * {@link org.summarybot.scheduling.app.Main} is public.
 */
package org.summarybot.scheduling.app;

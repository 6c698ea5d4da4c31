/**
 * The runnable app: configuration, the picocli CLI, wiring of the adapters, the built-in summarizer, file and console delivery.
 */
package org.summarybot.scheduling.app;

/**
 * The ports: interfaces owned by the core that adapters implement. {@link
 * org.summarybot.scheduling.port.Clock} (time), {@link org.summarybot.scheduling.port.Trigger} and {@link
 * org.summarybot.scheduling.port.TriggerFactory} (schedules), {@link org.summarybot.scheduling.port.TaskStore}
 * (tasks, leases, history, delivery log), {@link org.summarybot.scheduling.port.MessageSource} (messages of a
 * half-open window), {@link org.summarybot.scheduling.port.Summarizer}, {@link
 * org.summarybot.scheduling.port.DeliveryChannel} (one destination type) and {@link
 * org.summarybot.scheduling.port.Notifier}. Each interface's Javadoc is its contract.
 */
package org.summarybot.scheduling.port;
